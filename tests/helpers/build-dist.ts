import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/project-root.js';

/** Vitest global setup: compiles the TypeScript into dist/ (tsc) before any test spawns the built CLI. */
export default function buildDist(): void {
  const root = projectRoot();
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
}
