import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupPath, DB_FILE, FileStore, StoreError } from '../../src/store/file-store.js';
import { runCli } from '../cli/run-cli.js';
import { tempDataDir } from '../helpers/temp-bot.js';

async function withFile(content: string) {
  const dir = tempDataDir();
  const file = path.join(dir, DB_FILE);
  writeFileSync(file, content);
  return { dir, file };
}

describe('FileStore', () => {
  it('creates an empty database and keeps what was committed', async () => {
    const dir = tempDataDir();
    const store = await FileStore.open(dir);
    store.data.jobs.x = 'y';
    await store.commit();
    const again = await FileStore.open(dir);
    expect(again.data.jobs.x).toBe('y');
    expect(again.data.schemaVersion).toBe(1);
  });

  it.each([
    ['corrupt', '{"schemaVersion": 1, "roster": ['],
    ['truncated', '{"schemaVersion":1,"roster":[],"checkins":[{"id":"a"'],
    [
      'schema-invalid',
      JSON.stringify({ schemaVersion: 1, roster: 'nope', checkins: [], seen: [], jobs: {}, pending: {} }),
    ],
    [
      'from a future version',
      JSON.stringify({ schemaVersion: 99, roster: [], checkins: [], seen: [], jobs: {}, pending: {} }),
    ],
    ['empty', ''],
  ])('refuses a %s file with a message naming it, and leaves it untouched', async (_label, content) => {
    const { dir, file } = await withFile(content);
    await expect(FileStore.open(dir)).rejects.toThrowError(StoreError);
    await expect(FileStore.open(dir)).rejects.toThrowError(file);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('stops `plan-bot start` with the message and exit code 2', async () => {
    const { dir, file } = await withFile('{not json');
    const r = await runCli(['start', '--data', dir], { input: '任务1谁负责\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('left untouched');
    expect(r.stdout).toBe('');
  });

  it('batches concurrent commits into fewer writes and resolves them all', async () => {
    const store = await FileStore.open(tempDataDir());
    const commits = Array.from({ length: 50 }, (_, i) => {
      store.data.jobs[`k${i}`] = String(i);
      return store.commit();
    });
    await Promise.all(commits);
    expect(new Set(commits).size).toBeLessThan(50);
    const again = await FileStore.open(path.dirname(store.file));
    expect(Object.keys(again.data.jobs).filter((k) => k.startsWith('k'))).toHaveLength(50);
  });
});

describe('backups', () => {
  it('keeps a backup of the last good state and names it when the database is damaged', async () => {
    const dir = tempDataDir();
    const store = await FileStore.open(dir);
    store.data.jobs.kept = 'yes';
    await store.commit();
    await FileStore.open(dir); // start-up refreshes the backup from the valid file
    const file = path.join(dir, DB_FILE);
    writeFileSync(file, '{"schemaVersion": 1, "roster": [ truncated');
    const err = await FileStore.open(dir).catch((e: Error) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toContain(backupPath(file));
    expect((err as Error).message).toContain('copy it over');
    expect(readFileSync(file, 'utf8')).toBe('{"schemaVersion": 1, "roster": [ truncated');
    // restoring the backup as the message says brings the bot back with the data
    writeFileSync(file, readFileSync(backupPath(file)));
    expect((await FileStore.open(dir)).data.jobs.kept).toBe('yes');
  });

  it('refuses an unreadable database path with a clear message', async () => {
    const dir = tempDataDir();
    mkdirSync(path.join(dir, DB_FILE));
    await expect(FileStore.open(dir)).rejects.toThrowError(
      /cannot read the database .*No backup exists yet/s,
    );
  });
});
