import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { JOURNAL_FILE } from '../../src/store/file-store.js';
import { loadCore } from './checkin-load.js';

/** Percentile of a sorted list. */
function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * Acknowledged check-ins through the in-process core (`core.handle`, no adapter, no network) on a real data
 * directory with `prefill` already stored: `concurrency` senders at once, each acknowledged only after the
 * group-committed write (one fsync per batch) is on disk. Gives throughput and the latency of each
 * acknowledgement, so that neither is quoted without the other.
 */
export async function benchCheckins(opts = { prefill: 50_000, total: 5_000, concurrency: 200 }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-bench-'));
  try {
    const { checkin, store } = await loadCore(dir, opts.prefill);
    let next = 0;
    let acked = 0;
    const lat: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: opts.concurrency }, async (_, w) => {
        while (next < opts.total) {
          next++;
          const s = performance.now();
          if (await checkin(w)) acked++;
          lat.push(performance.now() - s);
        }
      }),
    );
    const ms = performance.now() - t0;
    await store.commit(); // let the writes still queued (processed message ids) finish before cleaning up
    await store.close({ compact: false });
    if (acked !== opts.total) throw new Error(`only ${acked} of ${opts.total} acknowledged`);
    lat.sort((a, b) => a - b);
    const k = `checkins_c${opts.concurrency}`;
    return {
      [`${k}_stored_before`]: opts.prefill,
      [`${k}_acked`]: acked,
      [`${k}_per_s`]: (acked / ms) * 1000,
      [`${k}_p50_ms`]: pct(lat, 50),
      [`${k}_p99_ms`]: pct(lat, 99),
      [`${k}_journal_mb`]: statSync(path.join(dir, JOURNAL_FILE)).size / 1e6,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

/** The two load shapes docs/benchmarks.md reports: 200 senders at once, and one sender at a time. */
export async function benchCheckinShapes(): Promise<Record<string, number>> {
  return {
    ...(await benchCheckins({ prefill: 50_000, total: 5_000, concurrency: 200 })),
    ...(await benchCheckins({ prefill: 50_000, total: 300, concurrency: 1 })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = await benchCheckinShapes();
  for (const c of [200, 1])
    console.log(
      `check-ins, in-process core, ${c} concurrent, 50,000 stored: ${f[`checkins_c${c}_per_s`]?.toFixed(0)}/s, ack p50 ${f[`checkins_c${c}_p50_ms`]?.toFixed(1)} ms, p99 ${f[`checkins_c${c}_p99_ms`]?.toFixed(1)} ms`,
    );
  console.log(JSON.stringify(f));
}
