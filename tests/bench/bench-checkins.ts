import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DB_FILE } from '../../src/store/file-store.js';
import { loadCore } from './checkin-load.js';

/** Durable check-ins per second with 50,000 already stored: concurrent senders, each acknowledged after fsync. */
export async function benchCheckins(opts = { prefill: 50_000, total: 5_000, concurrency: 200 }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-bench-'));
  try {
    const { checkin, store } = await loadCore(dir, opts.prefill);
    let next = 0;
    let acked = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: opts.concurrency }, async (_, w) => {
        while (next < opts.total) {
          next++;
          if (await checkin(w)) acked++;
        }
      }),
    );
    const ms = performance.now() - t0;
    await store.commit(); // let the writes still queued (processed message ids) finish before cleaning up
    if (acked !== opts.total) throw new Error(`only ${acked} of ${opts.total} acknowledged`);
    return {
      checkins_stored_before: opts.prefill,
      checkins_acked: acked,
      checkins_per_s: (acked / ms) * 1000,
      checkins_db_mb: statSync(path.join(dir, DB_FILE)).size / 1e6,
      checkins_total_after: store.data.checkins.length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = await benchCheckins();
  console.log(
    `check-ins: ${f.checkins_acked} acknowledged with ${f.checkins_stored_before} stored: ${f.checkins_per_s.toFixed(0)}/s (goal ≥ 1000/s), file ${f.checkins_db_mb.toFixed(1)} MB`,
  );
  console.log(JSON.stringify(f));
}
