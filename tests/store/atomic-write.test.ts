import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_FILE, FileStore } from '../../src/store/file-store.js';
import { tempDataDir } from '../helpers/temp-bot.js';

// Every open / sync / rename the store makes, in order: a SIGKILL keeps the OS page cache, so only the order of
// these calls can show that data reaches the disk before the rename makes it the database.
const events: string[] = vi.hoisted(() => []);

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open = async (...args: Parameters<typeof real.open>): Promise<FileHandle> => {
    const fh = await real.open(...args);
    const name = String(args[0]);
    const sync = fh.sync.bind(fh);
    fh.sync = async () => {
      await sync();
      events.push(`sync ${name}`);
    };
    return fh;
  };
  const rename = async (from: Parameters<typeof real.rename>[0], to: Parameters<typeof real.rename>[1]) => {
    await real.rename(from, to);
    events.push(`rename ${String(from)} -> ${String(to)}`);
  };
  return { ...real, default: { ...real, open, rename }, open, rename };
});

describe('atomic writes', () => {
  beforeEach(() => {
    events.length = 0;
  });

  it('fsyncs the temporary file before renaming it over the database, then fsyncs the folder', async () => {
    const dir = tempDataDir();
    const store = await FileStore.open(dir);
    events.length = 0; // start-up wrote the backup; look at one commit
    store.data.jobs.k = 'v';
    await store.commit();
    const file = path.join(dir, DB_FILE);
    const renames = events.filter((e) => e.startsWith('rename ') && e.endsWith(`-> ${file}`));
    expect(renames, events.join('\n')).toHaveLength(1);
    const renameAt = events.indexOf(renames[0] as string);
    const tmp = (renames[0] as string).slice('rename '.length).split(' -> ')[0] as string;
    expect(tmp).not.toBe(file);
    expect(events.slice(0, renameAt), 'the temp file is synced before the rename').toContain(`sync ${tmp}`);
    expect(events.slice(renameAt + 1), 'the folder is synced after the rename').toContain(`sync ${dir}`);
  });

  it('does the same for the backup copy', async () => {
    const dir = tempDataDir();
    await FileStore.open(dir);
    const backup = events.find((e) => e.startsWith('rename ') && e.includes('.backup.json'));
    expect(backup, events.join('\n')).toBeDefined();
    const tmp = (backup as string).slice('rename '.length).split(' -> ')[0] as string;
    expect(events.slice(0, events.indexOf(backup as string))).toContain(`sync ${tmp}`);
  });
});
