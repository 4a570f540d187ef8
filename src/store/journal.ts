import { readFileSync } from 'node:fs';
import { type FileHandle, open, readFile } from 'node:fs/promises';
import type { Op } from './change-tracker.js';
import { writeAll } from './write-all.js';

/** One line of the journal: a sequence number and the changes of one group commit. */
export interface JournalLine {
  seq: number;
  ops: Op[];
}

/** What a journal file holds: its complete lines, the byte length they end at, and whether a torn tail was dropped. */
export interface JournalContents {
  lines: JournalLine[];
  goodBytes: number;
  tornBytes: number;
}

/** Raised when a line other than the last cannot be read: the journal is damaged, not torn by a crash. */
export class JournalDamaged extends Error {}

/** Reads a journal; the last line is dropped when it is incomplete or unreadable (a write torn by a crash). */
export async function readJournal(file: string): Promise<JournalContents> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    // absent: none yet, or (for a reader beside the running bot) just moved by a compaction
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], goodBytes: 0, tornBytes: 0 };
    throw e;
  }
  return parseJournal(file, buf);
}

/** The same, synchronously (for `status`, which reads without an event loop of its own). */
export function readJournalSync(file: string): JournalContents {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], goodBytes: 0, tornBytes: 0 };
    throw e;
  }
  return parseJournal(file, buf);
}

/** Splits a journal's bytes into lines; the last is dropped when torn, another bad one is damage. */
function parseJournal(file: string, buf: Buffer): JournalContents {
  const lines: JournalLine[] = [];
  let start = 0;
  let n = 0;
  while (start < buf.length) {
    const end = buf.indexOf(10, start);
    const last = end < 0 || end === buf.length - 1;
    const text = buf.subarray(start, end < 0 ? buf.length : end).toString('utf8');
    n++;
    let line: JournalLine | undefined;
    try {
      const v = JSON.parse(text) as JournalLine;
      if (end >= 0 && typeof v.seq === 'number' && Array.isArray(v.ops)) line = v;
    } catch {
      line = undefined;
    }
    if (!line) {
      if (last) return { lines, goodBytes: start, tornBytes: buf.length - start };
      throw new JournalDamaged(`日志文件 ${file} 第${n}行不是有效的记录（文件中间损坏，不是崩溃时写了一半）`);
    }
    lines.push(line);
    start = end + 1;
  }
  return { lines, goodBytes: buf.length, tornBytes: 0 };
}

/**
 * The append-only journal next to the snapshot: each group commit is one JSON line, written in full (partial
 * writes looped) and fdatasync'ed before anyone is told it is saved. A failed append is cut off again, so that the
 * file never holds a half line followed by good ones; if even that fails, the journal refuses further writes.
 */
export class Journal {
  private broken?: Error;

  private constructor(
    private fh: FileHandle,
    readonly file: string,
    private size: number,
  ) {}

  /** Opens a journal for appending after its first `goodBytes` bytes (a torn tail is cut off). */
  static async open(file: string, goodBytes = 0): Promise<Journal> {
    await (await open(file, 'a')).close();
    const fh = await open(file, 'r+');
    const { size } = await fh.stat();
    if (size !== goodBytes) {
      await fh.truncate(goodBytes);
      await fh.datasync();
    }
    return new Journal(fh, file, goodBytes);
  }

  /** Bytes in the journal. */
  get bytes(): number {
    return this.size;
  }

  /** Appends one line and makes it durable; on failure the file is as it was before. */
  async append(line: string): Promise<void> {
    if (this.broken)
      throw new Error(
        `the journal ${this.file} failed earlier and is closed until restart: ${this.broken.message}`,
      );
    const buf = Buffer.from(line, 'utf8');
    try {
      await writeAll(this.fh, buf, this.size);
      await this.fh.datasync();
    } catch (e) {
      try {
        await this.fh.truncate(this.size);
        await this.fh.datasync();
      } catch (again) {
        this.broken = again as Error;
      }
      if ((e as NodeJS.ErrnoException).code === 'EIO') this.broken = e as Error;
      throw e;
    }
    this.size += buf.length;
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.fh.close();
  }
}
