import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isWeekId } from '../checkins/weeks.js';
import { type Config, ConfigError } from '../config.js';
import { selectExport } from '../export/export-data.js';
import { FORMATS, type Format, writeExport } from '../export/run-export.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { resolveUnit } from '../qa/resolve-unit.js';
import { DB_FILE, FileStore, JOURNAL_FILE } from '../store/file-store.js';
import { planIdOf } from '../supervision/plan-id.js';
import { weekCloser } from '../supervision/week-close.js';

/** Options of `plan-bot export`. */
export interface ExportOptions {
  format?: string;
  from?: string;
  to?: string;
  unit?: string;
  task?: string;
  out?: string;
}

/** `plan-bot export`: writes CSV, XLSX or JSON from the data directory, with progress on stderr. */
export async function exportCommand(
  config: Config,
  o: ExportOptions,
  stderr: NodeJS.WritableStream,
): Promise<number> {
  const problems: string[] = [];
  const format = (o.format ?? (o.out ? path.extname(o.out).slice(1) : 'xlsx')).toLowerCase();
  if (!(FORMATS as readonly string[]).includes(format))
    problems.push(`--format 应为 csv、xlsx 或 json（现在是“${format}”）`);
  if (!o.out) problems.push('必须用 --out FILE 指定输出文件');
  for (const [flag, w] of [
    ['--from', o.from],
    ['--to', o.to],
  ] as const) {
    if (w !== undefined && !isWeekId(w)) problems.push(`${flag} 应为周次，如 2021-W23（现在是“${w}”）`);
  }
  if (o.from && o.to && o.from > o.to) problems.push(`--from ${o.from} 晚于 --to ${o.to}`);
  const kb = loadKnowledge(config.knowledgePath);
  let unit: string | undefined;
  if (o.unit) {
    const r = resolveUnit(kb, o.unit);
    if (r.unit) unit = r.unit;
    else
      problems.push(
        `--unit：方案中没有单位“${o.unit}”${r.suggestions.length ? `；您是不是想写：${r.suggestions.join('、')}？` : ''}`,
      );
  }
  const task = o.task === undefined ? undefined : Number(o.task);
  if (task !== undefined && (!Number.isInteger(task) || task < 1 || task > kb.tasks.length)) {
    problems.push(`--task 应为任务编号 1–${kb.tasks.length}（现在是“${o.task}”）`);
  }
  if (![DB_FILE, JOURNAL_FILE].some((f) => existsSync(path.join(config.dataDir, f))))
    problems.push(`${config.dataDir} 中没有数据库（用 --data DIR 指定数据目录）`);
  if (problems.length) throw new ConfigError(`export：${problems.join('；')}`);

  // the data directory's own exports/ folder is made when missing (a new Docker volume has none); any other
  // missing folder is more likely a typo, and is reported
  const exportsDir = path.join(config.dataDir, 'exports');
  const outDir = path.resolve(path.dirname(o.out as string));
  if (outDir === exportsDir || outDir.startsWith(`${exportsDir}${path.sep}`))
    mkdirSync(outDir, { recursive: true });
  // read only: no lock (the bot may be running), nothing written but the export, works on a read-only data directory
  const store = await FileStore.open(config.dataDir, { readOnly: true });
  const t0 = performance.now();
  const data = selectExport(
    store.data,
    kb,
    {
      ...(o.from ? { from: o.from } : {}),
      ...(o.to ? { to: o.to } : {}),
      ...(unit ? { unit } : {}),
      ...(task ? { task } : {}),
    },
    new Date(),
    {
      plan: planIdOf(config.knowledgePath),
      review: config.supervision.review,
      closeOf: weekCloser(config.schedule.digest),
    },
  );
  const total = data.latest.length;
  // progress: one line rewritten in place on a terminal, nothing when stderr is a pipe or a file
  const tty = (stderr as { isTTY?: boolean }).isTTY === true;
  if (tty) stderr.write(`正在导出… 0/${total} 行`);
  await writeExport(format as Format, data, o.out as string, (done) => {
    if (tty) stderr.write(`\r\x1b[2K正在导出… ${done}/${total} 行`);
  });
  if (tty) stderr.write('\r\x1b[2K');
  stderr.write(
    `已写入 ${o.out}：${total}条汇报（最新版本），历史记录${data.history.length}条，${data.weeks[0] ?? '—'}至${data.weeks[data.weeks.length - 1] ?? '—'}共${data.weeks.length}周，用时${Math.round(performance.now() - t0)}毫秒\n`,
  );
  return 0;
}
