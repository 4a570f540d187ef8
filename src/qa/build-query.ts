import type { Frame } from './frame.js';
import type { PlanIndex } from './plan-index.js';
import type { Gap, Query } from './query.js';
import { rules } from './query-rules.js';
import { resolveUnit } from './resolve-unit.js';

/** A clause number the plan has: a whole number from 1 to its count. */
const inRange = (n: number, count: number) => Number.isInteger(n) && n >= 1 && n <= count;

/** Task numbers outside the plan, group numbers outside it, safeguards outside it. */
function rangeGaps(f: Frame, plan: PlanIndex): Gap[] {
  const kb = plan.kb;
  const gaps: Gap[] = [];
  const badTasks = [...f.tasks, ...f.notTasks].filter((n) => !inRange(n, kb.tasks.length));
  if (badTasks.length)
    gaps.push({
      why: 'range',
      words: `本方案共${kb.tasks.length}项重点任务（任务1—${kb.tasks.length}），没有任务${badTasks.join('、')}。`,
    });
  const badGroups = [...f.groups, ...f.notGroups].filter((n) => !inRange(n, kb.groups.length));
  if (badGroups.length)
    gaps.push({
      why: 'range',
      words: `本方案的重点任务共分${kb.groups.length}个部分（组），没有第${badGroups.map(cn).join('、')}部分。`,
    });
  const badSafeguards = f.safeguards.filter((n) => !inRange(n, kb.safeguards.length));
  if (badSafeguards.length)
    gaps.push({
      why: 'range',
      words: `本方案共${kb.safeguards.length}项保障机制，没有第${badSafeguards.join('、')}项。`,
    });
  const badPrinciples = f.principles.filter((n) => !inRange(n, kb.principles.length));
  if (badPrinciples.length)
    gaps.push({
      why: 'range',
      words: `本方案共${kb.principles.length}项基本原则，没有第${badPrinciples.join('、')}项。`,
    });
  return gaps;
}

const CN = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 1 → 一 (groups and safeguards are numbered in Chinese). */
function cn(n: number): string {
  if (n <= 10) return CN[n] ?? String(n);
  if (n < 20) return `十${CN[n - 10]}`;
  return `${CN[Math.floor(n / 10)]}十${n % 10 ? CN[n % 10] : ''}`;
}

/** Builds the query a frame asks, over one plan; gaps (what the plan lacks) ride along. */
export function buildQuery(f: Frame, plan: PlanIndex): Query {
  const kb = plan.kb;
  const gaps: Gap[] = [...f.gaps];
  const withGaps = (q: Query): Query => {
    const own = 'gaps' in q && q.gaps ? q.gaps : [];
    const all = [...gaps.filter((g) => !own.includes(g)), ...own];
    return all.length ? ({ ...q, gaps: all } as Query) : q;
  };
  const gapOnly = (): Query => ({ kind: 'gap', gaps });

  if (gaps.some((g) => g.why === 'chat')) return gapOnly();
  if (f.help && !namesAnything(f)) return { kind: 'help' };
  // another county's or city's unit or plan: only the documents this plan cites are known
  if (f.places.length) {
    const place = f.places[0] as string;
    const cited = kb.document.basis.some((b) => b.title.includes(place.replace(/的$/, '')));
    const asksDoc =
      (f.facts.some((x) => x === 'docNumber' || x === 'title' || x === 'basis') ||
        (f.doc && f.units.length === 0 && f.ask !== 'tasks' && !f.count)) &&
      f.ask !== 'units' &&
      f.askRole === 'any' &&
      f.tasks.length === 0;
    if (cited && asksDoc) return withGaps({ kind: 'doc', fact: 'basis', level: place });
    return { kind: 'gap', gaps: [...gaps, { why: 'place', words: place }] };
  }
  if (f.unknownUnits.length) {
    const name = f.unknownUnits[0] as string;
    // 省委市委的提法: party committees the guiding ideology cites (省委“四为四高两同步”), not units of the plan
    const cited = name.match(/[省市县]委/g) ?? [];
    if (cited.join('') === name && cited.every((c) => kb.guidingIdeology.includes(`${c}“`)))
      return withGaps({ kind: 'doc', fact: 'ideology' });
    return {
      kind: 'gap',
      gaps: [...gaps, { why: 'unknownUnit', words: name, suggest: resolveUnit(kb, name).suggestions }],
    };
  }
  const range = rangeGaps(f, plan);
  if (range.length) return { kind: 'gap', gaps: [...gaps, ...range] };

  // whether something has been done is in the reported ledger, not in the plan
  if (gaps.some((g) => g.why === 'outcome')) {
    const rest = gaps.filter((g) => g.why !== 'outcome');
    return {
      kind: 'progress',
      tasks: f.tasks,
      ...(f.units[0] ? { unit: f.units[0].name } : {}),
      ...(rest.length ? { gaps: rest } : {}),
    };
  }
  // 你为什么不先告诉我第4项的责任单位: a complaint around a question about a task is still that question
  if (f.tasks.length && (f.ask === 'units' || f.askRole === 'lead'))
    for (let k = gaps.length - 1; k >= 0; k--) if (gaps[k]?.why === 'reason') gaps.splice(k, 1);
  // 现在 / 目前 matter only for a figure: the plan sets targets, it has no figures on the present
  const figure =
    f.ask === 'target' ||
    (f.count &&
      f.ask !== 'tasks' &&
      f.ask !== 'units' &&
      f.ask !== 'groups' &&
      f.ask !== 'safeguards' &&
      f.ask !== 'principles' &&
      f.ask !== 'fact');
  for (let k = gaps.length - 1; k >= 0; k--) if (gaps[k]?.why === 'current' && !figure) gaps.splice(k, 1);
  // 每年选派多少名: a rate the plan sets itself (每年选派科技特派员80名以上) is one of its figures, not the present's
  for (let k = gaps.length - 1; k >= 0; k--) {
    const g = gaps[k];
    if (g?.why === 'current' && g.words && ratedByPlan(plan, g.words)) gaps.splice(k, 1);
  }
  if (figure && gaps.some((g) => g.why === 'current')) return gapOnly();
  // 通知落款是哪天: a date of the document is a fact; any other day the plan never gives
  if (f.facts.some((x) => x === 'issuedOn' || x === 'publishedOn' || x === 'issuer'))
    for (let k = gaps.length - 1; k >= 0; k--) if (gaps[k]?.why === 'day') gaps.splice(k, 1);
  if (gaps.length && !namesAnything(f)) return gapOnly();
  // 县财政局局长是谁: the person is who is asked; no units of the plan answer it
  if (gaps.some((g) => g.why === 'person') && f.ask === 'units' && f.tasks.length === 0 && f.topic === '')
    return gapOnly();
  const q = rules(f, plan, figure);
  return withGaps(q);
}

/** True when one of the plan's own figures is counted with these words (每年 in 每年培育…500人以上). */
function ratedByPlan(plan: PlanIndex, words: string): boolean {
  return [...plan.kb.tasks, ...plan.kb.safeguards].some((c) =>
    c.targets.some((t) => t.quote.includes(words)),
  );
}

/** True when the frame names a task, unit, group, safeguard or topic of the plan. */
function namesAnything(f: Frame): boolean {
  return (
    f.tasks.length > 0 ||
    f.units.length > 0 ||
    f.groups.length > 0 ||
    f.notGroups.length > 0 ||
    f.safeguard ||
    f.principles.length > 0 ||
    f.topic !== ''
  );
}
