import {
  appendFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../../src/ops/version.js';
import { LOCK_FILE } from '../../src/store/data-lock.js';
import { emptyDb } from '../../src/store/db-schema.js';
import { DB_FILE, FileStore, JOURNAL_FILE, StoreError } from '../../src/store/file-store.js';
import { writeAll } from '../../src/store/write-all.js';
import { runCli } from '../cli/run-cli.js';
import { tempDataDir } from '../helpers/temp-bot.js';

async function withFile(content: string) {
  const dir = tempDataDir();
  const file = path.join(dir, DB_FILE);
  writeFileSync(file, content);
  return { dir, file };
}

const record = (i: number) => ({
  id: `c${i}`,
  plan: 'jishan-2021',
  unit: '县教育局',
  task: (i % 20) + 1,
  week: '2021-W23',
  progress: i % 101,
  status: 'normal' as const,
  note: `第${i}次`,
  by: { platform: 'lark' as const, id: 'ou_1' },
  at: '2021-06-07T02:00:00.000Z',
  late: false,
  msgId: `lark:m${i}`,
  withdrawn: false,
});

// What every store must do (keep what was committed, read-only readers, concurrent commits, rollback) is in
// store-contract.test.ts, run against the JSON store and PostgreSQL; here is what is about the JSON file itself.
describe('FileStore', () => {
  it('creates an empty database of the current schema version', async () => {
    const dir = tempDataDir();
    const store = await FileStore.open(dir);
    store.setJob('x', new Date('2021-06-07T01:00:00.000Z'));
    await store.commit();
    await store.close();
    const snapshot = JSON.parse(readFileSync(path.join(dir, DB_FILE), 'utf8'));
    expect(snapshot.schemaVersion).toBe(3);
    expect(snapshot.jobs.x).toBe('2021-06-07T01:00:00.000Z');
  });

  it.each([
    ['corrupt', '{"schemaVersion": 1, "roster": ['],
    ['truncated', '{"schemaVersion":1,"roster":[],"checkins":[{"id":"a"'],
    [
      'schema-invalid',
      JSON.stringify({ schemaVersion: 1, roster: 'nope', checkins: [], seen: [], jobs: {}, pending: {} }),
    ],
    ['empty', ''],
  ])('refuses a %s file with a message naming it, and leaves it untouched', async (_label, content) => {
    const { dir, file } = await withFile(content);
    await expect(FileStore.open(dir)).rejects.toThrowError(StoreError);
    await expect(FileStore.open(dir)).rejects.toThrowError(file);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('refuses a file from a newer version by naming the version that wrote it', async () => {
    const { dir } = await withFile(JSON.stringify({ ...emptyDb(), schemaVersion: 4, writtenBy: '9.9.0' }));
    await expect(FileStore.open(dir)).rejects.toThrowError(
      `由 plan-bot v9.9.0 写入（格式 4），当前是 plan-bot v${packageVersion()}`,
    );
  });

  it('refuses unknown fields with their path instead of dropping them at the next write', async () => {
    const db = { ...emptyDb(), checkins: [{ ...record(1), reviewer: '张三' }], extra: 1 };
    const { dir, file } = await withFile(JSON.stringify(db));
    const err = (await FileStore.open(dir).catch((e: Error) => e)) as Error;
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toContain('未知字段 extra');
    expect(err.message).toContain('checkins.0.reviewer');
    expect(readFileSync(file, 'utf8')).toBe(JSON.stringify(db));
  });

  it('refuses dates that are not ISO instants at start, not at export', async () => {
    const { dir } = await withFile(
      JSON.stringify({ ...emptyDb(), checkins: [{ ...record(1), at: 'yesterday' }] }),
    );
    await expect(FileStore.open(dir)).rejects.toThrowError(/checkins\.0\.at/);
  });

  it('reads a version 1 file and keeps its records', async () => {
    const { plan: _p, ...old } = record(1);
    const { outbox: _o, inbox: _i, plans: _s, ...v1 } = { ...emptyDb(), schemaVersion: 1, checkins: [old] };
    const { dir } = await withFile(JSON.stringify(v1));
    const store = await FileStore.open(dir);
    expect(store.data.checkins).toEqual([record(1)]);
    expect(store.data.outbox).toEqual({});
    await store.close();
  });

  it('stops `plan-bot start` with the message and exit code 2', async () => {
    const { dir, file } = await withFile('{not json');
    const r = await runCli(['start', '--data', dir], { input: '任务1谁负责\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('文件未做任何改动');
    expect(r.stdout).toBe('');
  });

  it('batches concurrent commits into fewer journal lines and resolves them all', async () => {
    const store = await FileStore.open(tempDataDir());
    const commits = Array.from({ length: 50 }, (_, i) => {
      store.data.jobs[`k${i}`] = new Date(Date.UTC(2021, 0, 1, 0, i)).toISOString();
      return store.commit();
    });
    await Promise.all(commits);
    expect(new Set(commits).size).toBeLessThan(50);
    const lines = readFileSync(path.join(path.dirname(store.file), JOURNAL_FILE), 'utf8')
      .trim()
      .split('\n');
    expect(lines.length).toBeLessThan(50);
    const again = await FileStore.open(path.dirname(store.file), { readOnly: true });
    expect(Object.keys(again.data.jobs).filter((k) => k.startsWith('k'))).toHaveLength(50);
    await store.close();
  });
});

describe('writeAll', () => {
  it('loops on partial writes until every byte is written, and reports a write that makes no progress', async () => {
    const written: number[] = [];
    let budget = 10;
    const fh = {
      write: async (buf: Uint8Array, offset: number, length: number, position: number) => {
        const n = Math.min(3, length, budget);
        budget -= n;
        for (let i = 0; i < n; i++) written[position + i] = buf[offset + i] as number;
        return { bytesWritten: n, buffer: buf };
      },
    } as unknown as FileHandle;
    const data = Buffer.from('abcdefgh');
    expect(await writeAll(fh, data, 0)).toBe(8);
    expect(Buffer.from(written).toString()).toBe('abcdefgh');
    await expect(writeAll(fh, data, 8)).rejects.toMatchObject({ code: 'ENOSPC' });
  });
});

describe('journal', () => {
  it('appends one line per commit without rewriting the snapshot, and replays it after a restart', async () => {
    const dir = tempDataDir();
    const store = await FileStore.open(dir);
    store.data.checkins.push(record(1));
    await store.commit();
    store.data.checkins.push(record(2), record(3));
    store.data.roster = [
      { unit: '县教育局', members: [{ platform: 'lark', id: 'ou_1', name: '甲', role: 'liaison' }] },
    ];
    await store.commit();
    store.changeCheckins([store.data.checkins[0] as never], (c) => {
      c.withdrawn = true;
      c.withdrawnAt = '2021-06-08T00:00:00.000Z';
    });
    await store.commit();
    await store.commit(); // nothing changed: nothing written
    const journal = readFileSync(path.join(dir, JOURNAL_FILE), 'utf8');
    expect(journal.trim().split('\n')).toHaveLength(3);
    expect(() => statSync(path.join(dir, DB_FILE))).toThrow();
    const seen = await FileStore.open(dir, { readOnly: true });
    expect(seen.data.checkins.map((c) => [c.id, c.withdrawn])).toEqual([
      ['c1', true],
      ['c2', false],
      ['c3', false],
    ]);
    expect(seen.data.roster[0]?.members[0]?.name).toBe('甲');
    await store.close();
  });

  it('drops a torn last line (a write cut by a crash) and cuts it off before appending', async () => {
    const dir = tempDataDir();
    const store = await FileStore.open(dir);
    store.data.checkins.push(record(1));
    await store.commit();
    store.data.checkins.push(record(2));
    await store.commit();
    await store.close({ compact: false });
    const jf = path.join(dir, JOURNAL_FILE);
    const full = readFileSync(jf, 'utf8');
    writeFileSync(jf, full.slice(0, full.length - 20)); // the second line loses its end
    const again = await FileStore.open(dir);
    expect(again.data.checkins.map((c) => c.id)).toEqual(['c1']);
    again.data.checkins.push(record(3));
    await again.commit();
    await again.close({ compact: false });
    const third = await FileStore.open(dir, { readOnly: true });
    expect(third.data.checkins.map((c) => c.id)).toEqual(['c1', 'c3']);
  });

  it('refuses a journal damaged in the middle, naming the line', async () => {
    const dir = tempDataDir();
    const store = await FileStore.open(dir);
    for (let i = 1; i <= 3; i++) {
      store.data.checkins.push(record(i));
      await store.commit();
    }
    await store.close({ compact: false });
    const jf = path.join(dir, JOURNAL_FILE);
    const lines = readFileSync(jf, 'utf8').split('\n');
    lines[1] = '{"seq":2,"ops":[{"t":"add","v":[{"id":';
    writeFileSync(jf, lines.join('\n'));
    await expect(FileStore.open(dir)).rejects.toThrowError(/plan-bot\.db\.journal 第2行不是有效的记录/);
  });

  it('compacts the journal into the snapshot in the background and loses nothing across restarts', async () => {
    const dir = tempDataDir();
    const store = await FileStore.open(dir, { compactBytes: 4096 });
    for (let i = 0; i < 300; i++) {
      store.data.checkins.push(record(i));
      store.markSeen(`lark:m${i}`);
      store.settle(`lark:m${i}`);
      await store.commit();
    }
    expect(store.journalBytes).toBeLessThan(4096 + 1024);
    await store.compact();
    expect(store.journalBytes).toBe(0);
    const snapshot = JSON.parse(readFileSync(path.join(dir, DB_FILE), 'utf8'));
    expect(snapshot.checkins).toHaveLength(300);
    expect(snapshot.writtenBy).toBe(packageVersion());
    store.data.checkins.push(record(300));
    await store.commit();
    await store.close({ compact: false });
    const again = await FileStore.open(dir, { readOnly: true });
    expect(again.data.checkins.map((c) => c.id)).toEqual(Array.from({ length: 301 }, (_, i) => `c${i}`));
    expect(again.data.seen).toHaveLength(300);
  });

  it('gives a read-only reader racing compactions every committed change', async () => {
    const dir = tempDataDir();
    const store = await FileStore.open(dir, { compactBytes: 1 });
    let committed = 0;
    let done = false;
    const writer = (async () => {
      for (let i = 0; i < 300; i++) {
        store.data.checkins.push(record(i));
        await store.commit();
        committed = i + 1;
      }
      done = true;
    })();
    let reads = 0;
    while (!done) {
      const floor = committed;
      const ro = await FileStore.open(dir, { readOnly: true });
      expect(ro.data.checkins.length).toBeGreaterThanOrEqual(floor);
      reads++;
    }
    await writer;
    await store.close();
    expect(reads).toBeGreaterThan(5);
  });

  it('does not write anything when opened read-only, even with a journal to replay', async () => {
    const dir = tempDataDir();
    const store = await FileStore.open(dir);
    store.data.checkins.push(record(1));
    await store.commit();
    await store.close({ compact: false });
    appendFileSync(path.join(dir, JOURNAL_FILE), '{"seq":2,"ops":[{"t":"add"'); // torn tail
    const before = readFileSync(path.join(dir, JOURNAL_FILE));
    const ro = await FileStore.open(dir, { readOnly: true });
    expect(ro.data.checkins).toHaveLength(1);
    await expect(ro.commit()).rejects.toThrow(/read-only/);
    expect(readFileSync(path.join(dir, JOURNAL_FILE)).equals(before)).toBe(true);
  });

  it('removes the temp files of writes a kill interrupted, and only those, at start', async () => {
    const dir = tempDataDir();
    mkdirSync(path.join(dir, 'backups'));
    const stale = [`${DB_FILE}.4242.ab12cd34.tmp`, `${DB_FILE}.4243.ffee0011.tmp`];
    for (const n of stale) writeFileSync(path.join(dir, n), 'x'.repeat(1000));
    writeFileSync(path.join(dir, 'backups', 'plan-bot-2021-06-07.json.4242.00aa11bb.tmp'), 'x');
    writeFileSync(path.join(dir, 'notes.tmp'), 'not ours');
    const store = await FileStore.open(dir);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual(['notes.tmp']);
    expect(readdirSync(path.join(dir, 'backups'))).toEqual([]);
    await store.close();
  });

  it('refuses every write once its lock was taken away, instead of writing beside another process', async () => {
    const dir = tempDataDir();
    let lost: Error | undefined;
    const store = await FileStore.open(dir, {
      lockStaleMs: 2000,
      onLockLost: (e) => {
        lost = e;
      },
    });
    rmSync(path.join(dir, LOCK_FILE), { recursive: true });
    // proper-lockfile notices at its next refresh (every 1 s here)
    for (let i = 0; i < 100 && !lost; i++) await new Promise((r) => setTimeout(r, 100));
    expect(lost).toBeDefined();
    store.data.checkins.push(record(1));
    await expect(store.commit()).rejects.toThrow(/lock .* was lost/);
    expect(store.data.checkins).toHaveLength(0);
    expect(() => statSync(path.join(dir, JOURNAL_FILE))).not.toThrow();
    expect(readFileSync(path.join(dir, JOURNAL_FILE), 'utf8')).toBe('');
  });

  it('refuses an unreadable database path with a clear message', async () => {
    const dir = tempDataDir();
    mkdirSync(path.join(dir, DB_FILE));
    await expect(FileStore.open(dir)).rejects.toThrowError(/无法读取数据库/);
  });
});
