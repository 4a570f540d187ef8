import { randomBytes } from 'node:crypto';
import { chownSync, closeSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../config.js';

/** The generated signing key's file inside the data directory (mode 0600; delete it to end every session). */
export const WEB_SECRET_FILE = 'web-secret';

/**
 * The key that signs login links and session cookies: PLAN_BOT_WEB_SECRET when set, else the data directory's
 * web-secret file, generated once (32 random bytes, hex, mode 0600). Never logged.
 */
export function loadWebSecret(fromEnv: string | undefined, dataDir: string): Buffer {
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  const file = path.join(dataDir, WEB_SECRET_FILE);
  try {
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // made by root (plan-bot web-link run with sudo): it belongs to the data directory's owner, the service user
    if (process.getuid?.() === 0) {
      const dir = statSync(dataDir);
      chownSync(file, dir.uid, dir.gid);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new ConfigError(
      `${file} (the web signing key) can be read by others (mode ${mode.toString(8)}): run chmod 600 ${file}`,
    );
  }
  const text = readFileSync(file, 'utf8').trim();
  if (text.length < 32)
    throw new ConfigError(`${file} (the web signing key) is damaged: delete it and a new one is made`);
  return Buffer.from(text, 'utf8');
}
