import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../../src/project-root.js';
import { ackLatency, ackThroughput } from './bench-store.js';

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
  } finally {
    server.stop();
  }
  return f;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = Number(process.argv[2]) || 100_000;
  console.log(JSON.stringify(await benchStores(size)));
}
