import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadCore } from './checkin-load.js';

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

/**
 * Ack latency of check-ins sent one at a time through the in-process core (parse, store, journal fsync; or the
 * PostgreSQL COMMIT with `databaseUrl`, an empty database), with `size` records already stored; returns p50 / p99 /
 * max in ms and the time to open the store.
 */
export async function ackLatency(size: number, count = 1000, databaseUrl?: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-bench-'));
  try {
    const t0 = performance.now();
    const { checkin, store } = await loadCore(dir, size, databaseUrl);
    const openMs = performance.now() - t0;
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const s = performance.now();
      if (!(await checkin(i))) throw new Error('check-in not acknowledged');
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    await store.close({ compact: false });
    return { p50: pct(times, 50), p99: pct(times, 99), max: times[times.length - 1] ?? Number.NaN, openMs };
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

/**
 * Acknowledged check-ins per second with `concurrency` senders at once through the in-process core (on PostgreSQL
 * with `databaseUrl`), and their ack latency p50 / p99 in ms.
 */
export async function ackThroughput(size: number, concurrency = 200, total = 10_000, databaseUrl?: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-bench-'));
  try {
    const { checkin, store } = await loadCore(dir, size, databaseUrl);
    let next = 0;
    let acked = 0;
    const times: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        while (next < total) {
          next++;
          const s = performance.now();
          if (await checkin(w)) acked++;
          times.push(performance.now() - s);
        }
      }),
    );
    const ms = performance.now() - t0;
    if (acked !== total) throw new Error(`only ${acked} of ${total} acknowledged`);
    await store.close({ compact: false });
    times.sort((a, b) => a - b);
    return { perS: (acked / ms) * 1000, p50: pct(times, 50), p99: pct(times, 99) };
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

/** Acknowledged commits per second of the store alone (one check-in record each, no core), concurrent writers. */
export async function storeThroughput(size: number, concurrency = 200, total = 20_000) {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-bench-'));
  try {
    const { store } = await loadCore(dir, size);
    const base = store.data.checkins[0];
    if (!base) throw new Error('no record to copy');
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          const i = next++;
          store.data.checkins.push({ ...base, id: `w${i}`, msgId: `lark:w${i}` });
          await store.commit();
        }
      }),
    );
    const ms = performance.now() - t0;
    await store.close({ compact: false });
    return (total / ms) * 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

/** RSS of a fresh process holding the core and store with `size` records, idle after garbage collection. */
export function idleRss(size: number): number {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(import.meta.url), 'rss', String(size)],
    {
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  if (r.status !== 0) throw new Error(`idle RSS run failed: ${r.stderr}`);
  return Number(r.stdout.trim().split('\n').pop());
}

/** The store's figures by size, for the bench table. */
export async function benchStore(sizes = [1_000, 100_000, 1_000_000]) {
  const f: Record<string, number> = {};
  for (const size of sizes) {
    process.stderr.write(`  store: ack latency with ${size} records…\n`);
    const l = await ackLatency(size);
    f[`store_ack_p50_ms_${size}`] = l.p50;
    f[`store_ack_p99_ms_${size}`] = l.p99;
    f[`store_ack_max_ms_${size}`] = l.max;
    f[`store_open_ms_${size}`] = l.openMs;
  }
  process.stderr.write('  store: concurrent acks with 100000 records…\n');
  f.store_acks_per_s_100000 = (await ackThroughput(100_000)).perS;
  f.store_commits_per_s_100000 = await storeThroughput(100_000);
  process.stderr.write('  store: idle RSS with 100000 records…\n');
  f.store_idle_rss_mb_100000 = idleRss(100_000);
  return f;
}

if (process.argv[2] === 'rss') {
  const size = Number(process.argv[3]);
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-bench-'));
  const { checkin, store } = await loadCore(dir, size);
  for (let i = 0; i < 100; i++) await checkin(i);
  await new Promise((r) => setTimeout(r, 500));
  global.gc?.();
  await new Promise((r) => setTimeout(r, 300));
  global.gc?.();
  const rss = process.memoryUsage().rss / 1e6;
  await store.close({ compact: false });
  rmSync(dir, { recursive: true, force: true });
  console.log(rss);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map(Number).filter(Boolean);
  const f = await benchStore(sizes.length ? sizes : undefined);
  console.log(JSON.stringify(f));
}
