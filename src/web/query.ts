import type { Knowledge } from '../knowledge/schema.js';
import type { LedgerFilter } from './views/ledger-grid.js';
import { chooseRange } from './views/week-range.js';

/** Reads the ledger's and the export's query (from, to, unit, task): a checked filter or a message in Chinese. */
export function parseFilter(
  q: Record<string, string | undefined>,
  kb: Knowledge,
  data: { first: string; last: string } | undefined,
  now: Date,
): LedgerFilter | { error: string } {
  const pick = (k: string) => (q[k]?.trim() ? q[k]?.trim() : undefined);
  const range = chooseRange(
    { from: pick('from'), to: pick('to') } as { from?: string; to?: string },
    data,
    now,
  );
  if ('error' in range) return range;
  const f: LedgerFilter = { ...range };
  const unit = pick('unit');
  if (unit) {
    if (!kb.units.some((u) => u.name === unit)) return { error: `本方案没有“${unit}”这个责任单位。` };
    f.unit = unit;
  }
  const task = pick('task');
  if (task) {
    const n = Number(task);
    if (!Number.isInteger(n) || n < 1 || n > kb.tasks.length)
      return { error: `本方案共${kb.tasks.length}项重点任务，没有“任务${task}”。` };
    f.task = n;
  }
  return f;
}
