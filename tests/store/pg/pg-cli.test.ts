import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/project-root.js';
import { FileStore } from '../../../src/store/file-store.js';
import { migrateSchema } from '../../../src/store/pg/migrate-schema.js';
import { PgStore } from '../../../src/store/pg/pg-store.js';
import { runCli } from '../../cli/run-cli.js';
import { dropDatabase, freshDatabase, noPostgres, PG_SERVER, sql } from '../../helpers/pg-test-db.js';
import { tempDataDir } from '../../helpers/temp-bot.js';

const week = path.join(projectRoot(), 'tests/fixtures/replay/week-2021-W23.jsonl');
const made: string[] = [];
const database = async () => {
  const url = await freshDatabase();
  made.push(url);
  return url;
};
afterAll(async () => {
  for (const u of made) await dropDatabase(u);
}, 60_000);

/** Runs plan-bot against a database (PLAN_BOT_DATABASE_URL), or the data directory alone without one. */
const cli = (args: string[], url?: string) =>
  runCli(args, { env: url ? { PLAN_BOT_DATABASE_URL: url } : {} });

/** Exports a store in every format; JSON without the record ids, which each store draws at random. */
async function exports(dataDir: string, url?: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const format of ['csv', 'json']) {
    const file = path.join(tempDataDir(), `ledger.${format}`);
    const r = await cli(['export', '--data', dataDir, '--format', format, '--out', file], url);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    out[format] = format === 'json' ? text.replace(/"id":\s*"[0-9a-f-]{36}"/g, '"id":"…"') : text;
  }
  return out;
}

/** The server's client programs (pg_dump, pg_restore) of Debian's PostgreSQL. */
function pgBin(name: string): string | undefined {
  const root = '/usr/lib/postgresql';
  try {
    const v = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
    return v ? path.join(root, v, 'bin', name) : undefined;
  } catch {
    return undefined;
  }
}

describe.skipIf(noPostgres !== undefined)(
  `plan-bot on PostgreSQL${noPostgres ? ` (${noPostgres})` : ''}`,
  { timeout: 60_000 },
  () => {
    it('replays the week scenario to the same replies and the same exports as the JSON store', async () => {
      const jsonDir = tempDataDir();
      const json = await cli(['replay', week, '--data', jsonDir]);
      const url = await database();
      const pgDir = tempDataDir();
      const pg = await cli(['replay', week, '--data', pgDir], url);
      expect(pg.code, pg.stderr).toBe(0);
      expect(pg.stdout).toBe(json.stdout);
      expect(pg.stdout.split('\n').length).toBeGreaterThan(10);
      // nothing of the run is in the data directory: the data is in the database
      expect(readdirSync(pgDir).filter((f) => f.startsWith('plan-bot.db'))).toEqual([]);
      expect(await exports(pgDir, url)).toEqual(await exports(jsonDir));
      // no replica running: all is well, exit 3 (as with a data directory no bot holds)
      const status = await cli(['status', '--data', pgDir, '--json'], url);
      expect(status.code, status.stdout).toBe(3);
      const s = JSON.parse(status.stdout);
      expect(s).toMatchObject({
        ok: true,
        records: 4,
        pendingOutbox: 0,
        database: url,
        running: false,
        replicas: 0,
      });
      expect(s.lastRun.digest).toBe('2021-06-11T09:00:00.000Z');
      // no JSON backup is asked for on PostgreSQL (pg_dump is the backup there)
      expect(s.problems).toEqual([]);
      // a replica running (its listening connection): status counts it and exits 0
      const replica = await PgStore.open(url);
      try {
        let running = await cli(['status', '--data', pgDir, '--json'], url);
        for (let i = 0; i < 50 && running.code !== 0; i++) {
          await new Promise((r) => setTimeout(r, 100));
          running = await cli(['status', '--data', pgDir, '--json'], url);
        }
        expect(running.code, running.stdout).toBe(0);
        expect(JSON.parse(running.stdout)).toMatchObject({ running: true, replicas: 1, pid: process.pid });
      } finally {
        await replica.close();
      }
    });

    it('copies a data directory into PostgreSQL, verified, refuses a second copy, and exports the same ledger', async () => {
      const dir = tempDataDir();
      expect((await cli(['replay', week, '--data', dir])).code).toBe(0);
      // an admin added in chat is copied too
      const json = await FileStore.open(dir);
      json.addAdmin({
        platform: 'wecom',
        id: 'zhang',
        name: '张主任',
        addedBy: 'lark:ou_admin',
        addedAt: '2021-06-08T01:00:00.000Z',
      });
      await json.commit();
      await json.close();
      const url = await database();
      const m = await cli(['migrate', '--to', url, '--data', dir]);
      expect(m.code, m.stderr).toBe(0);
      expect(m.stderr).toContain('已复制并核对：汇报4条');
      expect(m.stderr).toContain('聊天中添加的管理员1名');
      expect(await sql(url, 'SELECT platform, id, name, added_by FROM admins')).toEqual([
        { platform: 'wecom', id: 'zhang', name: '张主任', added_by: 'lark:ou_admin' },
      ]);
      expect(m.stderr).toMatch(/校验和（sha256，两边相同）：[0-9a-f]{64}/);
      expect(m.stderr).toContain('数据表版本：0 → 5');
      expect(await exports(dir, url)).toEqual(await exports(dir));
      const again = await cli(['migrate', '--to', url, '--data', dir]);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('中已有 plan-bot 的数据（checkins 表4行');
      const bad = await cli(['migrate', '--to', 'mysql://x', '--data', dir]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--to 应为 PostgreSQL 地址');
      // the bot then runs on the copy: the next check-in is answered and stored there
      const roster = JSON.stringify([
        {
          unit: '县财政局',
          members: [{ platform: 'console', id: 'console-user', name: '控制台', role: 'liaison' }],
        },
      ]);
      const botDir = tempDataDir(JSON.parse(roster));
      const run = await runCli(['start', '--data', botDir], {
        input: '任务14 进度80% 已签约三家企业\n',
        env: { PLAN_BOT_DATABASE_URL: url },
      });
      expect(run.stdout, run.stderr).toContain('已记录');
      expect(await sql(url, 'SELECT count(*)::int AS n FROM checkins')).toEqual([{ n: 5 }]);
    });

    it('names the database without its password, refuses a newer schema, and upgrades an older one', async () => {
      const url = await database();
      const withPassword = url.replace('postgres@', 'postgres:s3cret@');
      const unreachable = withPassword.replace(/:\d+\//, ':1/');
      const r = await cli(['status', '--json'], unreachable);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain('s3cret');
      expect(JSON.parse(r.stdout).problems[0]).toContain('postgres://postgres:***@');
      // a database at schema 1 (before supervision) with a check-in: a start upgrades it and keeps the record
      const [first] = (await import('../../../src/store/pg/migrate-schema.js')).migrationFiles();
      await sql(
        url,
        `CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      await sql(url, first?.sql ?? '');
      await sql(url, `INSERT INTO schema_migrations (version, name) VALUES (1, 'initial')`);
      await sql(
        url,
        `INSERT INTO checkins (id, unit, task, week, progress, status, note, by_platform, by_id, at, late, msg_id)
       VALUES ('c1', '县财政局', 14, '2021-W23', 60, 'normal', '旧记录', 'lark', 'ou_fin1', '2021-06-07T01:05:00Z', false, 'lark:old')`,
      );
      const old = await cli(['export', '--format', 'csv', '--out', path.join(tempDataDir(), 'x.csv')], url);
      expect(old.code).toBe(2);
      expect(old.stderr).toContain('的数据表版本是 1，这个 plan-bot 需要 5');
      // a start upgrades it (001 → … → 005) and files the record made before plans under the plan it had
      const store = await PgStore.open(url, { legacyPlan: 'jishan-2021' });
      expect(store.data.checkins.map((c) => [c.note, c.plan])).toEqual([['旧记录', 'jishan-2021']]);
      expect(store.data.plans.legacy).toBe('jishan-2021');
      await store.close();
      expect(await sql(url, 'SELECT plan FROM checkins')).toEqual([{ plan: 'jishan-2021' }]);
      expect(await migrateSchema(url)).toEqual({ from: 5, to: 5 });
      await sql(url, `INSERT INTO schema_migrations (version, name) VALUES (99, 'future')`);
      const newer = await cli(['export', '--format', 'csv', '--out', path.join(tempDataDir(), 'y.csv')], url);
      expect(newer.code).toBe(2);
      expect(newer.stderr).toContain(
        '的数据表版本是 99，由更新的 plan-bot 写入；这个 plan-bot 只认识到版本 5',
      );
      const restore = await cli(['restore', 'backup.json'], url);
      expect(restore.code).toBe(2);
      expect(restore.stderr).toContain('pg_restore');
    });

    const dump = pgBin('pg_dump');
    it.skipIf(!dump)(
      'backs up with pg_dump and restores with pg_restore into an empty database, as documented',
      async () => {
        const url = await database();
        const dir = tempDataDir();
        expect((await cli(['replay', week, '--data', dir], url)).code).toBe(0);
        const file = path.join(tempDataDir(), 'plan-bot.dump');
        execFileSync(dump as string, ['--format=custom', '--file', file, url]);
        const target = await database();
        execFileSync(pgBin('pg_restore') as string, [
          '--no-owner',
          '--exit-on-error',
          '--dbname',
          target,
          file,
        ]);
        expect(await exports(dir, target)).toEqual(await exports(dir, url));
        expect(PG_SERVER).toBeDefined();
      },
    );
  },
);
