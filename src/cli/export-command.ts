import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isWeekId } from '../checkins/weeks.js';
import { type Config, ConfigError } from '../config.js';
import { rowCount, selectPlansExport, writePlansExport } from '../export/plans-export.js';
import { FORMATS, type Format } from '../export/run-export.js';
import { PlanSet } from '../knowledge/plan-set.js';
import { legacyPlanOf } from '../main.js';
import { planByName } from '../plans/find-plan-mention.js';
import { resolveUnit } from '../qa/resolve-unit.js';
import { DB_FILE, JOURNAL_FILE } from '../store/file-store.js';
import { openStore } from '../store/open-store.js';
import { weekCloser } from '../supervision/week-close.js';

/** Options of `plan-bot export`. */
export interface ExportOptions {
  format?: string;
  from?: string;
  to?: string;
  unit?: string;
  task?: string;
  out?: string;
  /** One plan (id, short name, 文号 or its number in `plan-bot plans`); default every plan. */
  plan?: string;
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
  const set = PlanSet.load(config.knowledgePath);
  const plan = o.plan ? planByName(o.plan, set) : undefined;
  if (o.plan && !plan)
    problems.push(
      `--plan：没有方案“${o.plan}”（已加载的方案：${set.list.map((p) => `${p.id} ${p.short}`).join('、')}）`,
    );
  const kb = plan?.kb ?? set.unitKb;
  const most = plan ? plan.kb.tasks.length : Math.max(...set.list.map((p) => p.kb.tasks.length));
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
  if (task !== undefined && (!Number.isInteger(task) || task < 1 || task > most)) {
    problems.push(`--task 应为任务编号 1–${most}（现在是“${o.task}”）`);
  }
  if (!config.databaseUrl && ![DB_FILE, JOURNAL_FILE].some((f) => existsSync(path.join(config.dataDir, f))))
    problems.push(`${config.dataDir} 中没有数据库（用 --data DIR 指定数据目录）`);
  if (problems.length) throw new ConfigError(`export：${problems.join('；')}`);

  // the data directory's own exports/ folder is made when missing (a new Docker volume has none); any other
  // missing folder is more likely a typo, and is reported
  const exportsDir = path.join(config.dataDir, 'exports');
  const outDir = path.resolve(path.dirname(o.out as string));
  if (outDir === exportsDir || outDir.startsWith(`${exportsDir}${path.sep}`))
    mkdirSync(outDir, { recursive: true });
  // read only: no lock (the bot may be running), nothing written but the export, works on a read-only data directory
  const store = await openStore({
    dataDir: config.dataDir,
    readOnly: true,
    legacyPlan: legacyPlanOf(set),
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
  });
  // the data is in memory now: a database connection is not held while the file is written
  const db = store.data;
  await store.close();
  const t0 = performance.now();
  const selected = selectPlansExport(
    db,
    set,
    {
      ...(o.from ? { from: o.from } : {}),
      ...(o.to ? { to: o.to } : {}),
      ...(unit ? { unit } : {}),
      ...(task ? { task } : {}),
      ...(plan ? { plan: plan.id } : {}),
    },
    new Date(),
    (p) => ({ plan: p.id, review: config.supervision.review, closeOf: weekCloser(config.schedule.digest) }),
  );
  const total = rowCount(selected);
  const history = selected.parts.reduce((n, p) => n + p.data.history.length, 0);
  const allWeeks = [...new Set(selected.parts.flatMap((p) => p.data.weeks))].sort();
  const weeks = allWeeks.length;
  const range = weeks ? `${allWeeks[0]}至${allWeeks[weeks - 1]}` : '—';
  // progress: one line rewritten in place on a terminal, nothing when stderr is a pipe or a file
  const tty = (stderr as { isTTY?: boolean }).isTTY === true;
  if (tty) stderr.write(`正在导出… 0/${total} 行`);
  await writePlansExport(format as Format, selected, o.out as string, (done) => {
    if (tty) stderr.write(`\r\x1b[2K正在导出… ${done}/${total} 行`);
  });
  if (tty) stderr.write('\r\x1b[2K');
  stderr.write(
    `已写入 ${o.out}：${set.size > 1 ? `${selected.parts.map((p) => p.plan.id).join('、')}：` : ''}${total}条汇报（最新版本），历史记录${history}条，${range}共${weeks}周，用时${Math.round(performance.now() - t0)}毫秒\n`,
  );
  return 0;
}
