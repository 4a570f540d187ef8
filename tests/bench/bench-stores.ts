import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { projectRoot } from '../../src/project-root.js';
import { ackLatency, ackThroughput } from './bench-store.js';
import { writeSnapshot } from './checkin-load.js';

/**
 * A PostgreSQL server for the benchmark: PLAN_BOT_TEST_DATABASE_URL when set, else a throw-away one started with
 * .ci/postgres (Debian's server, a temporary cluster run by a non-root user); `stop` ends the latter.
 */
function postgresServer(): { url: string; stop: () => void } {
  const given = process.env.PLAN_BOT_TEST_DATABASE_URL;
  if (given) return { url: given, stop: () => {} };
  const script = path.join(projectRoot(), '.ci/postgres');
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-bench-pg-'));
  const r = spawnSync(script, ['start', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not start PostgreSQL: ${r.stderr}`);
  return {
    url: r.stdout.trim(),
    stop: () => {
      spawnSync(script, ['stop', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new empty database on the server; returns its URL. */
async function freshDatabase(server: string): Promise<string> {
  const name = `plan_bot_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * `plan-bot migrate` as an admin runs it, a real CLI process: a data directory holding `size` check-ins copied into
 * an empty database and verified (counts and checksums read back in the same transaction). Wall time and the
 * process's peak RSS (GNU time), or a thrown error naming what the process said.
 */
function migrateCli(size: number, url: string): Record<string, number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-bench-migrate-'));
  try {
    writeSnapshot(
      dir,
      size,
      loadKnowledge().units.map((u) => u.name),
    );
    const cli = path.join(projectRoot(), 'dist/src/cli/plan-bot.js');
    const t0 = performance.now();
    const r = spawnSync(
      '/usr/bin/time',
      ['-f', 'peak-rss-kb %M', process.execPath, cli, 'migrate', '--to', url, '--data', dir],
      {
        encoding: 'utf8',
        env: { ...process.env, PLAN_BOT_DATABASE_URL: '' },
      },
    );
    const ms = performance.now() - t0;
    if (r.status !== 0 || !r.stderr.includes(`已复制并核对：汇报${size}条`))
      throw new Error(`plan-bot migrate failed (${r.status}): ${r.stderr}`);
    const rss = Number(/peak-rss-kb (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
    return { [`stores_migrate_s_${size}`]: ms / 1000, [`stores_migrate_rss_mb_${size}`]: rss / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

/**
 * The JSON store and PostgreSQL side by side with `size` check-ins stored: the ack latency of check-ins sent one at
 * a time, and acknowledged check-ins per second with 200 senders, both through the in-process core (`core.handle`:
 * read the report, claim the message, store the record; acknowledged once the journal line is fdatasync'ed or the
 * PostgreSQL transaction is committed). PostgreSQL runs on this machine with its defaults (fsync, synchronous_commit).
 */
export async function benchStores(size = 100_000): Promise<Record<string, number>> {
  const f: Record<string, number> = {};
  const server = postgresServer();
  try {
    for (const [name, url] of [
      ['json', undefined],
      ['pg', await freshDatabase(server.url)],
    ] as const) {
      process.stderr.write(`  stores: ${name} ack latency with ${size} stored…\n`);
      const l = await ackLatency(size, 1000, url);
      f[`stores_${name}_ack_p50_ms_${size}`] = l.p50;
      f[`stores_${name}_ack_p99_ms_${size}`] = l.p99;
      f[`stores_${name}_open_ms_${size}`] = l.openMs;
      process.stderr.write(`  stores: ${name} acknowledged check-ins/s, 200 senders, ${size} stored…\n`);
      const t = await ackThroughput(size, 200, 10_000, url && (await freshDatabase(server.url)));
      f[`stores_${name}_acks_per_s_${size}`] = t.perS;
      f[`stores_${name}_c200_p50_ms_${size}`] = t.p50;
      f[`stores_${name}_c200_p99_ms_${size}`] = t.p99;
    }
    process.stderr.write(`  stores: plan-bot migrate of ${size} check-ins…\n`);
    Object.assign(f, migrateCli(size, await freshDatabase(server.url)));
  } finally {
    server.stop();
  }
  return f;
}

const n0 = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(0));
const n2 = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(2));
const grouped = (x: number | undefined) => (x === undefined ? '?' : Math.round(x).toLocaleString('en-US'));

/** The rows of the benchmark table (docs/benchmarks.md) for the figures of benchStores(size). */
export function storesRows(f: Record<string, number>, size = 100_000): string[][] {
  const data = `${size.toLocaleString('en-US')} stored`;
  return [
    ...(['json', 'pg'] as const).flatMap((s) => {
      const name = s === 'json' ? 'JSON store' : 'PostgreSQL';
      const path =
        s === 'json'
          ? 'in-process core → journal line fdatasync’ed'
          : 'in-process core → one transaction (claim + record) committed, server on this machine';
      return [
        [
          `${name}: ack one at a time`,
          path,
          '1 sender',
          data,
          '—',
          `ack p50 ${n2(f[`stores_${s}_ack_p50_ms_${size}`])} ms, p99 ${n2(f[`stores_${s}_ack_p99_ms_${size}`])} ms; open ${n2((f[`stores_${s}_open_ms_${size}`] ?? 0) / 1000)} s`,
          '—',
        ],
        [
          `${name}: concurrent acks`,
          `${path}, group commit`,
          '200 senders',
          data,
          `${grouped(f[`stores_${s}_acks_per_s_${size}`])}/s`,
          `ack p50 ${n0(f[`stores_${s}_c200_p50_ms_${size}`])} ms, p99 ${n0(f[`stores_${s}_c200_p99_ms_${size}`])} ms`,
          '—',
        ],
      ];
    }),
    [
      '`plan-bot migrate` JSON → PostgreSQL',
      'real CLI process: read the data directory, copy in one transaction, read back, compare counts and checksums, commit',
      '1',
      `${size.toLocaleString('en-US')} check-ins`,
      `${grouped(size / (f[`stores_migrate_s_${size}`] ?? Number.NaN))} check-ins/s`,
      `${n2(f[`stores_migrate_s_${size}`])} s, peak RSS ${n0(f[`stores_migrate_rss_mb_${size}`])} MB`,
      '—',
    ],
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = Number(process.argv[2]) || 100_000;
  const f = await benchStores(size);
  console.log('| benchmark | path | concurrency | data | throughput | latency / time / memory | goal |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of storesRows(f, size)) console.log(`| ${r.join(' | ')} |`);
  console.log(JSON.stringify(f));
}
