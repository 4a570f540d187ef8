import { type ClauseReading, namesUnits, use } from './clause-reading.js';
import type { PlanIndex } from './plan-index.js';

type Cmp = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

/** Counts put on a clause's sets: the number of units on a task (恰好有三个责任单位), of tasks of a unit (参与了三项以上). */
export function readCounts(r: ClauseReading): void {
  const { terms, f, norm, plan, used } = r;
  const kb = plan.kb;
  terms.forEach((t, i) => {
    if (t.kind !== 'number' || (t.counter !== '个' && t.counter !== '家')) return;
    const around = [...terms.slice(i + 1, i + 3), ...terms.slice(Math.max(0, i - 4), i)];
    if (!around.some((x) => namesUnits(x) || (x.kind === 'field' && x.field === 'units'))) return;
    const c = comparatorAround(norm, t.at, t.end, plan);
    // 只有两个单位的任务: 只有 says "exactly" here, not "only these units"
    const before = terms.slice(Math.max(0, i - 2), i).find((x) => !(x.kind === 'particle'));
    const onlyHere = before?.kind === 'op' && before.op === 'only';
    if (c) f.unitCount = { n: t.value, cmp: c };
    else if (
      f.quant === 'only' ||
      f.ask === 'tasks' ||
      terms.some((x) => x.kind === 'qop' && x.op === 'exactly')
    )
      f.unitCount = { n: t.value, cmp: 'eq' };
    else return;
    if (onlyHere && (!f.units.length || before.at < (terms.find((x) => x.kind === 'unit')?.at ?? 0)))
      f.quant = undefined;
    use(r, i);
  });
  // a number of tasks: 只参与了一项 / 参与了三项以上
  terms.forEach((t, i) => {
    if (t.kind !== 'number' || t.counter !== '项' || used.has(i)) return;
    const c = comparatorAround(norm, t.at, t.end, plan) ?? (f.quant === 'only' ? 'eq' : undefined);
    if (c && t.value <= kb.tasks.length) {
      f.taskCount = { n: t.value, cmp: c };
      use(r, i);
    }
  });
}

/** The measure of a figure asked for: 几门 / 多少名 / 多少个 / 比例. */
export function readMeasure(r: ClauseReading): void {
  const { terms, f, plan } = r;
  terms.forEach((t) => {
    if ((t.kind === 'op' || t.kind === 'qop') && t.op === 'count') {
      const m = /(?:几|多少)(.)$/.exec(t.text)?.[1];
      if (m && !f.measure && !/[项条组]/.test(m)) f.measure = m;
    }
    if (t.kind === 'number' && t.counter && /元|人|名|亩/.test(t.counter)) f.measure ??= t.counter;
    if (t.kind === 'field' && t.field === 'target' && /比|%|percent|share|proportion|占/.test(t.text))
      f.measure ??= '%';
  });
  terms.forEach((t, i) => {
    const next = terms[i + 1];
    if (
      (t.kind !== 'op' && t.kind !== 'qop') ||
      t.op !== 'count' ||
      next?.kind !== 'content' ||
      next.at !== t.end
    )
      return;
    if (t.text !== '几' && t.text !== '多少') return;
    const counters = [...plan.lexicon.counters.other, ...plan.lexicon.counters.task];
    const counter = counters.find((c) => next.text.startsWith(c));
    if (counter) {
      f.measure ??= counter;
      // the counter is not part of the topic: 几年企业工作经历 → 企业工作经历
      const rest = { ...next, at: next.at + counter.length, text: next.text.slice(counter.length) };
      terms[i + 1] = rest.text ? rest : { ...next, kind: 'particle' };
    }
  });
  if (f.ask === 'target' && !f.measure) {
    const c = terms.find((t) => (t.kind === 'op' || t.kind === 'qop') && t.op === 'count');
    const next = c ? terms[terms.indexOf(c) + 1] : undefined;
    if (next?.kind === 'number' && next.counter) f.measure = next.counter;
  }
}

/** A comparator word (恰好, 不超过, 少于 …) ending at `end` or starting at `start` in the normalised text. */
export function comparatorAround(norm: string, start: number, end: number, plan: PlanIndex): Cmp | undefined {
  const before = norm
    .slice(Math.max(0, start - 14), start)
    .trimEnd()
    .replace(/[是有为达在]$/, '');
  const after = norm.slice(end, end + 3);
  const c = plan.lexicon.comparators.find(
    (x) =>
      before.endsWith(x.text) ||
      (['以上', '以下', '以内', '及以上', '及以下'].some((w) => after.startsWith(w)) &&
        after.startsWith(x.text)),
  );
  if (c) return c.cmp;
  if (after.startsWith('及以上') || after.startsWith('以上')) return after.startsWith('及') ? 'ge' : 'gt';
  if (after.startsWith('及以下') || after.startsWith('以下')) return after.startsWith('及') ? 'le' : 'lt';
  return undefined;
}
