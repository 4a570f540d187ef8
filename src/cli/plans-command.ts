import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { PlanSet } from '../knowledge/plan-set.js';
import { legacyPlanOf } from '../main.js';
import { planRows } from '../plans/plan-list.js';
import { DB_FILE, FileStore, JOURNAL_FILE } from '../store/file-store.js';

/**
 * `plan-bot plans`: the plans PLAN_BOT_KNOWLEDGE (or --knowledge) loads — id, short name, title, 文号, tasks and
 * units — and, read-only from the data directory, which are stopped and this week's reporting rate of each.
 */
export async function plansCommand(
  config: Config,
  o: { json: boolean },
  stdout: NodeJS.WritableStream,
): Promise<number> {
  const set = PlanSet.load(config.knowledgePath);
  const hasData = [DB_FILE, JOURNAL_FILE].some((f) => existsSync(path.join(config.dataDir, f)));
  // read only: no lock (the bot may be running), nothing written
  const store = await FileStore.open(config.dataDir, { readOnly: true, legacyPlan: legacyPlanOf(set) });
  const rows = planRows(set, store, new Date());
  await store.close();
  if (o.json) {
    stdout.write(`${JSON.stringify({ source: config.knowledgePath, plans: rows })}\n`);
    return 0;
  }
  const lines = rows.map(
    (r) =>
      `${r.no}. ${r.id}${r.stopped ? ' [stopped]' : ''}  ${r.name}\n   《${r.title}》 ${r.docNumber || '(no 文号)'}: ${r.tasks} tasks, ${r.units} units; this week ${r.rate === null ? '—' : `${r.reported}/${r.expected} reported (${r.rate}%)`}\n   ${path.relative(process.cwd(), r.file) || r.file}`,
  );
  stdout.write(
    `${rows.length} plan${rows.length === 1 ? '' : 's'} from ${config.knowledgePath}${hasData ? '' : ` (no data in ${config.dataDir} yet)`}:\n${lines.join('\n')}\n`,
  );
  return 0;
}
