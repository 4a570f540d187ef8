import { existsSync } from 'node:fs';
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
    problems.push(`--format must be csv, xlsx or json (got "${format}")`);
  if (!o.out) problems.push('--out FILE is required');
  for (const [flag, w] of [
    ['--from', o.from],
    ['--to', o.to],
  ] as const) {
    if (w !== undefined && !isWeekId(w))
      problems.push(`${flag} must be an ISO week such as 2021-W23 (got "${w}")`);
  }
  if (o.from && o.to && o.from > o.to) problems.push(`--from ${o.from} is after --to ${o.to}`);
  const set = PlanSet.load(config.knowledgePath);
  const plan = o.plan ? planByName(o.plan, set) : undefined;
  if (o.plan && !plan)
    problems.push(
      `--plan: no plan "${o.plan}" (plans: ${set.list.map((p) => `${p.id} ${p.short}`).join(', ')})`,
    );
  const kb = plan?.kb ?? set.unitKb;
  const most = plan ? plan.kb.tasks.length : Math.max(...set.list.map((p) => p.kb.tasks.length));
  let unit: string | undefined;
  if (o.unit) {
    const r = resolveUnit(kb, o.unit);
    if (r.unit) unit = r.unit;
    else
      problems.push(
        `--unit: unknown unit "${o.unit}"${r.suggestions.length ? `; did you mean ${r.suggestions.join(', ')}?` : ''}`,
      );
  }
  const task = o.task === undefined ? undefined : Number(o.task);
  if (task !== undefined && (!Number.isInteger(task) || task < 1 || task > most)) {
    problems.push(`--task must be a task number 1–${most} (got "${o.task}")`);
  }
  if (!config.databaseUrl && ![DB_FILE, JOURNAL_FILE].some((f) => existsSync(path.join(config.dataDir, f))))
    problems.push(`no database in ${config.dataDir} (--data DIR)`);
  if (problems.length) throw new ConfigError(`export: ${problems.join('; ')}`);

  // read only: no lock (the bot may be running), nothing written, works on a read-only data directory
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
  const weeks = new Set(selected.parts.flatMap((p) => p.data.weeks)).size;
  // progress: one line rewritten in place on a terminal, nothing when stderr is a pipe or a file
  const tty = (stderr as { isTTY?: boolean }).isTTY === true;
  if (tty) stderr.write(`exporting… 0/${total} rows`);
  await writePlansExport(format as Format, selected, o.out as string, (done) => {
    if (tty) stderr.write(`\r\x1b[2Kexporting… ${done}/${total} rows`);
  });
  if (tty) stderr.write('\r\x1b[2K');
  stderr.write(
    `wrote ${o.out}: ${set.size > 1 ? `${selected.parts.map((p) => p.plan.id).join(', ')}: ` : ''}${total} check-ins (latest versions), ${history} records in history, ${weeks} weeks, ${Math.round(performance.now() - t0)} ms\n`,
  );
  return 0;
}
