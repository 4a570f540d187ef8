import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { writeAll } from './write-all.js';

/** Raised when a written file does not read back as written; nothing was renamed over the target. */
export class VerifyError extends Error {}

/** fsyncs a directory, so that a rename or unlink in it survives a power cut. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Suffix of the temp files of atomic writes; stale ones are removed at start-up. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Writes a file atomically from a sequence of chunks: temp file in the same folder, every byte written (partial
 * writes looped), fsync, read back and compared by size and SHA-256, then renamed over the target and the folder
 * fsynced. On any failure the temp file is removed and the target is untouched.
 */
export async function writeFileAtomic(
  file: string,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  const hash = createHash('sha256');
  let size = 0;
  const fh = await open(tmp, 'w');
  try {
    try {
      for await (const c of chunks) {
        size += await writeAll(fh, c, size);
        hash.update(c);
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    const expected = hash.digest('hex');
    const back = await hashFile(tmp);
    if (back.size !== size || back.sha256 !== expected)
      throw new VerifyError(
        `${tmp} read back ${back.size} bytes (sha256 ${back.sha256.slice(0, 12)}), expected ${size} (${expected.slice(0, 12)})`,
      );
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  await syncDir(path.dirname(file));
}

/** Size and SHA-256 of a file, streamed. */
export async function hashFile(file: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const c of createReadStream(file)) {
    hash.update(c as Buffer);
    size += (c as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}
