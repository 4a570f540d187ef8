import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../../src/project-root.js';
import { DB_FILE } from '../../src/store/file-store.js';
import { benchCheckinShapes } from './bench-checkins.js';
import { benchExport, benchExportCli, syntheticDb } from './bench-export.js';
import { benchImport, importRows } from './bench-import.js';
import { benchQa } from './bench-qa.js';
import { benchStore } from './bench-store.js';
import { benchStores, storesRows } from './bench-stores.js';
import { benchWeb, webRows } from './bench-web.js';

const root = projectRoot();

/** Median wall time of a command over n runs, in ms. */
function median(cmd: string[], n: number): number {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd[0] as string, cmd.slice(1), { cwd: root });
    if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${r.stderr}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)] ?? Number.NaN;
}

function startup(): Record<string, number> {
  const bare = median([process.execPath, '-e', '0'], 15);
  const cli = median(
    [process.execPath, path.join(root, 'dist/src/cli/plan-bot.js'), 'ask', '任务14谁负责'],
    15,
  );
  return { startup_node_ms: bare, startup_cli_ms: cli, startup_ratio: cli / bare };
}

/** Idle RSS of the bot with every adapter on its test transport, on a data directory with `records` stored. */
function idleMemory(records: number, dataDir?: string): Record<string, number> {
  const args = [
    '--expose-gc',
    path.join(root, 'dist/tests/bench/idle-memory.js'),
    ...(dataDir ? [dataDir] : []),
  ];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`idle memory run failed: ${r.stderr}`);
  const f = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { idle_rss_mb: number; records: number };
  if (f.records !== records) throw new Error(`idle memory: expected ${records} records, found ${f.records}`);
  return { [`idle_rss_${records}_mb`]: f.idle_rss_mb };
}

/** The commit measured, with "+changes" when the working tree differs from it. */
function commit(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown (not a git checkout)';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: root,
    encoding: 'utf8',
  });
  return `${head.stdout.trim()}${dirty.stdout.trim() ? ' +uncommitted changes' : ''}`;
}

const n0 = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(0));
const n1 = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(1));
const n2 = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(2));
const grouped = (x: number | undefined) => (x === undefined ? '?' : Math.round(x).toLocaleString('en-US'));

/**
 * Every benchmark, then a Markdown table for docs/benchmarks.md (each figure with its path, concurrency, data size,
 * and latency next to throughput), the commit and the machine's load, and last one JSON line with all figures.
 */
async function main(): Promise<void> {
  const f: Record<string, number> = {};
  const load = [loadavg()[0] ?? 0];
  const step = async (name: string, run: () => Record<string, number> | Promise<Record<string, number>>) => {
    process.stderr.write(`running ${name}…\n`);
    Object.assign(f, await run());
  };
  const dirs: Record<number, string> = {};
  try {
    for (const n of [50_000, 100_000]) {
      const dir = mkdtempSync(path.join(tmpdir(), `plan-bot-bench-${n}-`));
      // n distinct current records (every unit reporting each of its tasks, week after week)
      writeFileSync(path.join(dir, DB_FILE), JSON.stringify(syntheticDb(n)));
      dirs[n] = dir;
    }
    await step('QA', benchQa);
    await step('check-ins', benchCheckinShapes);
    await step('export writers', () => benchExport());
    await step('plan-bot export', () => ({
      ...benchExportCli(dirs[100_000] as string, 'xlsx'),
      ...benchExportCli(dirs[100_000] as string, 'csv'),
    }));
    await step('start-up', startup);
    await step('idle memory', () => ({
      ...idleMemory(0),
      ...idleMemory(50_000, dirs[50_000]),
      ...idleMemory(100_000, dirs[100_000]),
    }));
    await step('store by size', () => benchStore());
    await step('JSON store and PostgreSQL', () => benchStores(100_000));
    await step('plan import by format', benchImport);
    await step('web view', () => benchWeb());
  } finally {
    for (const d of Object.values(dirs)) rmSync(d, { recursive: true, force: true, maxRetries: 5 });
  }
  load.push(loadavg()[0] ?? 0);
  const questions = f.qa_distinct_questions;
  const rows: string[][] = [
    [
      'QA answer',
      'in-process `QuestionAnswerer.answer`',
      '1',
      `${grouped(questions)} fixture questions × 50`,
      '—',
      `p50 ${n2(f.qa_p50_ms)} ms, p99 ${n2(f.qa_p99_ms)} ms`,
      'p99 < 0.5 ms',
    ],
    [
      'QA batch',
      '`plan-bot ask --json` process, incl. start',
      '1 (stdin)',
      '10,000 questions',
      `${grouped(10_000 / ((f.qa_batch_10k_ms ?? Number.NaN) / 1000))} questions/s`,
      `${grouped(f.qa_batch_10k_ms)} ms in all`,
      '< 3 s',
    ],
    [
      'acknowledged check-ins',
      'in-process core (`core.handle`), group commit, one fsync per batch',
      '200 senders',
      '50,000 stored',
      `${grouped(f.checkins_c200_per_s)}/s`,
      `ack p50 ${n0(f.checkins_c200_p50_ms)} ms, p99 ${n0(f.checkins_c200_p99_ms)} ms`,
      '≥ 1,000/s',
    ],
    [
      'acknowledged check-ins',
      'in-process core, one fsync per check-in',
      '1 sender',
      '50,000 stored',
      `${grouped(f.checkins_c1_per_s)}/s`,
      `ack p50 ${n0(f.checkins_c1_p50_ms)} ms, p99 ${n0(f.checkins_c1_p99_ms)} ms`,
      '—',
    ],
    [
      'export writer alone',
      'in-process writers on synthetic data (no store, no CLI), weeks up to 2023-06',
      '1',
      `${grouped(f.export_rows)} records, ${n0(f.export_weeks)} weeks`,
      '—',
      `CSV ${n2((f.export_csv_ms ?? 0) / 1000)} s, XLSX ${n2((f.export_xlsx_ms ?? 0) / 1000)} s, JSON ${n2((f.export_json_ms ?? 0) / 1000)} s`,
      `XLSX peak RSS ${n0(f.export_xlsx_peak_rss_mb)} MB`,
    ],
    [
      '`plan-bot export` XLSX',
      'real CLI process: start, open the store, write',
      '1',
      `${grouped(f.export_cli_xlsx_rows)} rows of 100,000 records (${n0(f.export_cli_xlsx_db_mb)} MB database), ${n0(f.export_cli_xlsx_weeks)} weeks up to today`,
      '—',
      `${n2((f.export_cli_xlsx_ms ?? 0) / 1000)} s, peak RSS ${n0(f.export_cli_xlsx_peak_rss_mb)} MB; backup rewritten: ${n0(f.export_cli_xlsx_backup_rewritten_mb)} MB (read-only export)`,
      '< 5 s, < 400 MB',
    ],
    [
      '`plan-bot export` CSV',
      'real CLI process',
      '1',
      `${grouped(f.export_cli_csv_rows)} rows of 100,000 records`,
      '—',
      `${n2((f.export_cli_csv_ms ?? 0) / 1000)} s, peak RSS ${n0(f.export_cli_csv_peak_rss_mb)} MB`,
      '—',
    ],
    [
      'CLI cold start',
      '`plan-bot ask` process vs bare `node -e 0`',
      '1',
      'bundled plan',
      '—',
      `${n0(f.startup_cli_ms)} ms vs ${n0(f.startup_node_ms)} ms (${n1(f.startup_ratio)}×), medians of 15`,
      '≤ 4×',
    ],
    [
      'idle RSS',
      'bot with every adapter on its test transport (Lark webhook + long connection, WeChat mock, console)',
      'idle',
      '0 / 50,000 / 100,000 records',
      '—',
      `${n0(f.idle_rss_0_mb)} / ${n0(f.idle_rss_50000_mb)} / ${n0(f.idle_rss_100000_mb)} MB`,
      '< 200 MB empty',
    ],
    ...[1_000, 100_000, 1_000_000].map((n) => [
      'store: ack one at a time',
      'in-process core (`core.handle`) → journal line fdatasync’ed',
      '1 sender',
      `${grouped(n)} stored`,
      '—',
      `ack p50 ${n2(f[`store_ack_p50_ms_${n}`])} ms, p99 ${n2(f[`store_ack_p99_ms_${n}`])} ms (max ${n0(f[`store_ack_max_ms_${n}`])}); open ${n2((f[`store_open_ms_${n}`] ?? 0) / 1000)} s`,
      'p99 < 5 ms',
    ]),
    [
      'store: concurrent acks',
      'in-process core → journal, group commit',
      '200 senders',
      '100,000 stored',
      `${grouped(f.store_acks_per_s_100000)}/s`,
      '—',
      '≥ 5,000/s',
    ],
    [
      'store: commits alone',
      '`store.commit()` of one record each, no core',
      '200 writers',
      '100,000 stored',
      `${grouped(f.store_commits_per_s_100000)}/s`,
      '—',
      '≥ 5,000/s',
    ],
    [
      'store: idle RSS',
      'core + store in one process, no adapters',
      'idle',
      '100,000 stored',
      '—',
      `${n0(f.store_idle_rss_mb_100000)} MB`,
      '< 200 MB',
    ],
    ...storesRows(f),
    ...importRows(f),
    ...webRows(f),
  ];
  console.log(
    `Measured on commit ${commit()}, ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} cores, 1-minute load average ${n1(load[0])} before and ${n1(load[1])} after (above 0 means other processes competed for the CPU).\n`,
  );
  console.log('| benchmark | path | concurrency | data | throughput | latency / time / memory | goal |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(JSON.stringify(f));
  process.stderr.write('paste the "Measured on" line and the table into docs/benchmarks.md (The last run)\n');
}

void main();
