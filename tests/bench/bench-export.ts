import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { addWeeks } from '../../src/checkins/weeks.js';
import { selectExport } from '../../src/export/export-data.js';
import { type Format, writeExport } from '../../src/export/run-export.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { projectRoot } from '../../src/project-root.js';
import type { Checkin, Db } from '../../src/store/db-schema.js';
import { emptyDb } from '../../src/store/db-schema.js';
import { backupPath, DB_FILE } from '../../src/store/file-store.js';

/** A database with n check-ins: every unit reporting each of its tasks, week after week. */
export function syntheticDb(n: number): Db {
  const kb = loadKnowledge();
  const db = emptyDb();
  db.roster = kb.units.map((u) => ({ unit: u.name, members: [] }));
  const pairs = kb.tasks.flatMap((t) => t.units.map((unit) => ({ unit, task: t.no })));
  let week = '2021-W23';
  const statuses: Checkin['status'][] = ['normal', 'normal', 'normal', 'delayed', 'blocked', 'done', 'none'];
  for (let i = 0; i < n; i++) {
    const p = pairs[i % pairs.length] as { unit: string; task: number };
    if (i > 0 && i % pairs.length === 0) week = addWeeks(week, 1);
    db.checkins.push({
      id: `r${i}`,
      plan: 'jishan-2021',
      unit: p.unit,
      task: p.task,
      week,
      progress: i % 101,
      status: statuses[i % statuses.length] as Checkin['status'],
      note: i % 50 === 0 ? '=HYPERLINK("http://x")' : '已召开推进会，落实经费，完成阶段性目标',
      by: { platform: i % 2 ? 'lark' : 'wechat', id: `u${i % 300}`, name: `联络员${i % 300}` },
      at: new Date(Date.UTC(2021, 5, 7) + i * 20_000).toISOString(),
      late: i % 9 === 0,
      msgId: `m${i}`,
      withdrawn: false,
    });
  }
  return db;
}

/** Exports n synthetic check-ins in one format; returns ms and the file size. */
async function one(format: Format, n: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-export-'));
  try {
    const kb = loadKnowledge();
    const db = syntheticDb(n);
    const file = path.join(dir, `out.${format}`);
    const t0 = performance.now();
    const data = selectExport(db, kb, {}, new Date('2023-06-01T00:00:00+08:00'));
    await writeExport(format, data, file);
    const ms = performance.now() - t0;
    return {
      ms,
      mb: statSync(file).size / 1e6,
      rows: data.latest.length,
      weeks: data.weeks.length,
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The real `plan-bot export` process on a data directory: wall time including process start and loading the
 * database, its peak RSS (reported by a preloaded hook at exit), the file size, and the backup it rewrites.
 */
export function benchExportCli(dataDir: string, format: Format): Record<string, number> {
  const root = projectRoot();
  const out = path.join(dataDir, `cli-export.${format}`);
  const rssFile = path.join(dataDir, 'maxrss.txt');
  const backup = backupPath(path.join(dataDir, DB_FILE));
  const backupBefore = existsSync(backup) ? statSync(backup).mtimeMs : 0;
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      path.join(root, 'dist/tests/bench/report-maxrss.js'),
      path.join(root, 'dist/src/cli/plan-bot.js'),
      'export',
      '--data',
      dataDir,
      '--format',
      format,
      '--out',
      out,
    ],
    { encoding: 'utf8', env: { ...process.env, PLAN_BOT_MAXRSS_FILE: rssFile, PLAN_BOT_LOG_LEVEL: 'warn' } },
  );
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`plan-bot export failed: ${r.stderr}`);
  const k = `export_cli_${format}`;
  return {
    [`${k}_ms`]: ms,
    [`${k}_peak_rss_mb`]: Number(readFileSync(rssFile, 'utf8')),
    // the CLI's summary is Chinese: "已写入 FILE：100000条汇报（最新版本），…共287周，…"
    [`${k}_rows`]: Number(/(\d+)条汇报/.exec(r.stderr)?.[1] ?? Number.NaN),
    // the ledger and the missing list have a column or rows per week up to today: their size grows with time
    [`${k}_weeks`]: Number(/共(\d+)周/.exec(r.stderr)?.[1] ?? Number.NaN),
    [`${k}_file_mb`]: statSync(out).size / 1e6,
    [`${k}_db_mb`]: statSync(path.join(dataDir, DB_FILE)).size / 1e6,
    // export is read-only now (no backup is written first): this stays 0 unless that regresses
    [`${k}_backup_rewritten_mb`]:
      existsSync(backup) && statSync(backup).mtimeMs > backupBefore ? statSync(backup).size / 1e6 : 0,
  };
}

/** Each format in its own process, so that peak memory is the format's own. */
export function benchExport(n = 100_000): Record<string, number> {
  const out: Record<string, number> = {};
  for (const format of ['csv', 'xlsx', 'json'] as const) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), format, String(n)], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`export bench ${format} failed: ${r.stderr}`);
    const f = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
    out[`export_${format}_ms`] = f.ms ?? Number.NaN;
    out[`export_${format}_peak_rss_mb`] = f.peak_rss_mb ?? Number.NaN;
    out[`export_${format}_file_mb`] = f.mb ?? Number.NaN;
    out.export_weeks = f.weeks ?? Number.NaN;
  }
  out.export_rows = n;
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [format, n] = process.argv.slice(2);
  if (format) {
    console.log(JSON.stringify(await one(format as Format, Number(n ?? 100_000))));
  } else {
    const f = benchExport();
    console.log(
      `CSV  100k: ${f.export_csv_ms?.toFixed(0)} ms (goal < 1000), peak RSS ${f.export_csv_peak_rss_mb?.toFixed(0)} MB`,
    );
    console.log(
      `XLSX 100k: ${f.export_xlsx_ms?.toFixed(0)} ms (goal < 5000), peak RSS ${f.export_xlsx_peak_rss_mb?.toFixed(0)} MB (goal < 400)`,
    );
    console.log(
      `JSON 100k: ${f.export_json_ms?.toFixed(0)} ms, peak RSS ${f.export_json_peak_rss_mb?.toFixed(0)} MB`,
    );
    console.log(JSON.stringify(f));
  }
}
