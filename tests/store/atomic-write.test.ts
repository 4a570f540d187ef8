import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { listBackups } from '../../src/store/backups.js';
import { DB_FILE, FileStore, JOURNAL_FILE } from '../../src/store/file-store.js';
import { tempDataDir } from '../helpers/temp-bot.js';

// Every open / write / sync / rename the store makes, in order: a SIGKILL keeps the OS page cache, so only the
// order of these calls can show that data reaches the disk before it is acknowledged or renamed into place.
const events: string[] = vi.hoisted(() => []);

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open = async (...args: Parameters<typeof real.open>): Promise<FileHandle> => {
    const fh = await real.open(...args);
    const name = String(args[0]);
    const sync = fh.sync.bind(fh);
    const datasync = fh.datasync.bind(fh);
    const write = fh.write.bind(fh) as (...a: unknown[]) => Promise<{ bytesWritten: number }>;
    fh.sync = async () => {
      await sync();
      events.push(`sync ${name}`);
    };
    fh.datasync = async () => {
      await datasync();
      events.push(`datasync ${name}`);
    };
    (fh as unknown as { write: (...a: unknown[]) => Promise<unknown> }).write = async (...a: unknown[]) => {
      const r = await write(...a);
      events.push(`write ${name}`);
      return r;
    };
    return fh;
  };
  const rename = async (from: Parameters<typeof real.rename>[0], to: Parameters<typeof real.rename>[1]) => {
    await real.rename(from, to);
    events.push(`rename ${String(from)} -> ${String(to)}`);
  };
  return { ...real, default: { ...real, open, rename }, open, rename };
});

/** Checks that `target` was renamed into place from a temp file synced before, and its folder synced after. */
function expectAtomicRename(target: string) {
  const renames = events.filter((e) => e.startsWith('rename ') && e.endsWith(`-> ${target}`));
  expect(renames, events.join('\n')).toHaveLength(1);
  const at = events.indexOf(renames[0] as string);
  const tmp = (renames[0] as string).slice('rename '.length).split(' -> ')[0] as string;
  expect(tmp).not.toBe(target);
  expect(events.slice(0, at), 'the temp file is synced before the rename').toContain(`sync ${tmp}`);
  expect(events.slice(at + 1), 'the folder is synced after the rename').toContain(
    `sync ${path.dirname(target)}`,
  );
}

describe('durable writes', () => {
  beforeEach(() => {
    events.length = 0;
  });

  it('acknowledges a commit only after its journal line is written and fdatasync’ed', async () => {
    const dir = tempDataDir();
    const store = await FileStore.open(dir);
    events.length = 0;
    store.data.jobs.k = '2021-06-07T01:00:00.000Z';
    await store.commit();
    const journal = path.join(dir, JOURNAL_FILE);
    const acked = [...events];
    const wrote = acked.indexOf(`write ${journal}`);
    expect(wrote, acked.join('\n')).toBeGreaterThanOrEqual(0);
    expect(acked.slice(wrote + 1), 'the line is on disk before the commit resolves').toContain(
      `datasync ${journal}`,
    );
    await store.close({ compact: false });
  });

  it('writes a snapshot through a synced temp file renamed over the database, then syncs the folder', async () => {
    const dir = tempDataDir();
    const store = await FileStore.open(dir);
    store.data.jobs.k = '2021-06-07T01:00:00.000Z';
    await store.commit();
    events.length = 0;
    await store.compact();
    expectAtomicRename(path.join(dir, DB_FILE));
    await store.close();
  });

  it('does the same for the day’s backup', async () => {
    const dir = tempDataDir();
    const store = await FileStore.open(dir);
    store.data.jobs.k = '2021-06-07T01:00:00.000Z';
    await store.commit();
    events.length = 0;
    await store.close(); // compacts, then refreshes the backup
    const [backup] = listBackups(path.join(dir, 'backups'));
    expectAtomicRename(backup?.file as string);
  });
});
