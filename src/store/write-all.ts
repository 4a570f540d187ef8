import type { FileHandle } from 'node:fs/promises';

/**
 * Writes every byte of `buf` at `position`, looping on partial writes: Node resolves a short write (a nearly full
 * disk) without an error, and only the next call reports ENOSPC. Resolves with the number of bytes written.
 */
export async function writeAll(fh: FileHandle, buf: Uint8Array, position: number): Promise<number> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done);
    if (bytesWritten <= 0)
      throw Object.assign(new Error('write made no progress (disk full?)'), { code: 'ENOSPC' });
    done += bytesWritten;
  }
  return done;
}
