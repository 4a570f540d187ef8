import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';

const read = (f: string) =>
  JSON.parse(readFileSync(path.join(projectRoot(), f), 'utf8')) as Record<string, unknown>;

// the fields of package.json that npm copies into the lock file's root entry: when one differs, every
// `npm install` or `npm prune` rewrites package-lock.json and the next `git checkout <tag>` of an upgrade aborts
const COPIED = [
  'name',
  'version',
  'license',
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'bin',
  'engines',
] as const;

describe('package-lock.json', () => {
  it('has the root entry npm would write for package.json, so npm prune and npm install leave it untouched', () => {
    const pkg = read('package.json');
    const lock = read('package-lock.json') as {
      name: string;
      version: string;
      packages: Record<string, unknown>;
    };
    const root = lock.packages[''] as Record<string, unknown>;
    expect(lock.name).toBe(pkg.name);
    expect(lock.version).toBe(pkg.version);
    for (const k of COPIED) expect(root[k], `lock file root "${k}"`).toEqual(pkg[k]);
  });
});
