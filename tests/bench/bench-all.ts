import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../../src/project-root.js';
import { benchCheckins } from './bench-checkins.js';
import { benchExport } from './bench-export.js';
import { benchQa } from './bench-qa.js';

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

function idleMemory(): Record<string, number> {
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(root, 'dist/tests/bench/idle-memory.js')], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`idle memory run failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
}

/** Every benchmark, a readable table, and last one JSON line with all figures. */
async function main(): Promise<void> {
  const f: Record<string, number> = {};
  const step = async (name: string, run: () => Record<string, number> | Promise<Record<string, number>>) => {
    process.stderr.write(`running ${name}…\n`);
    Object.assign(f, await run());
  };
  await step('QA', benchQa);
  await step('check-ins', () => benchCheckins());
  await step('export', () => benchExport());
  await step('start-up', startup);
  await step('idle memory', idleMemory);
  const rows: [string, string, string, boolean][] = [
    ['QA p99 per question', `${f.qa_p99_ms?.toFixed(3)} ms`, '< 1 ms', (f.qa_p99_ms ?? 9) < 1],
    [
      'QA 10k batch via CLI',
      `${f.qa_batch_10k_ms?.toFixed(0)} ms`,
      '< 3000 ms',
      (f.qa_batch_10k_ms ?? 1e9) < 3000,
    ],
    [
      'durable check-ins (50k stored)',
      `${f.checkins_per_s?.toFixed(0)} /s`,
      '≥ 1000 /s',
      (f.checkins_per_s ?? 0) >= 1000,
    ],
    ['CSV 100k rows', `${f.export_csv_ms?.toFixed(0)} ms`, '< 1000 ms', (f.export_csv_ms ?? 1e9) < 1000],
    ['XLSX 100k rows', `${f.export_xlsx_ms?.toFixed(0)} ms`, '< 5000 ms', (f.export_xlsx_ms ?? 1e9) < 5000],
    [
      'XLSX peak RSS',
      `${f.export_xlsx_peak_rss_mb?.toFixed(0)} MB`,
      '< 400 MB',
      (f.export_xlsx_peak_rss_mb ?? 1e9) < 400,
    ],
    [
      'CLI cold start vs node -e 0',
      `${f.startup_cli_ms?.toFixed(0)} / ${f.startup_node_ms?.toFixed(0)} ms = ${f.startup_ratio?.toFixed(1)}×`,
      '≤ 4×',
      (f.startup_ratio ?? 99) <= 4,
    ],
    ['idle RSS, all adapters', `${f.idle_rss_mb?.toFixed(0)} MB`, '< 200 MB', (f.idle_rss_mb ?? 1e9) < 200],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`${'benchmark'.padEnd(w)}  ${'result'.padEnd(28)}  goal`);
  for (const [name, value, goal, ok] of rows)
    console.log(`${name.padEnd(w)}  ${value.padEnd(28)}  ${goal} ${ok ? '✓' : '✗'}`);
  console.log(JSON.stringify(f));
}

void main();
