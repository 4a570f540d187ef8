import { accessSync, constants, mkdirSync, statSync } from 'node:fs';

/**
 * Creates the data directory if needed and checks that it is a writable folder, so that a wrong path or a missing
 * permission stops start-up at once (with the path) instead of failing at the first check-in.
 */
export function ensureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (!statSync(dir).isDirectory()) {
    throw Object.assign(new Error(`ENOTDIR: not a directory, '${dir}'`), { code: 'ENOTDIR', path: dir });
  }
  accessSync(dir, constants.W_OK | constants.X_OK);
}
