import { applySynonyms } from '../language/normalize.js';
import { clauseOf } from './execute.js';
import type { Frame } from './frame.js';
import type { PlanIndex } from './plan-index.js';
import type { ClauseRef, Gap, Query } from './query.js';
import { termsOf } from './topic-index.js';

const textCache = new WeakMap<PlanIndex, Map<string, { text: string; pairs: Set<string> }>>();

/** The text that explains a query's words and its character pairs, built once per plan and query shape. */
function explaining(q: Query, plan: PlanIndex): { text: string; pairs: Set<string> } | undefined {
  const key = keyOf(q);
  if (key === undefined) return undefined;
  let cache = textCache.get(plan);
  if (!cache) {
    cache = new Map();
    textCache.set(plan, cache);
  }
  let hit = cache.get(key);
  if (!hit) {
    const text = explainedBy(q, plan) ?? '';
    hit = { text, pairs: text === plan.text ? plan.bigrams : new Set(termsOf(text)) };
    if (cache.size < 1000) cache.set(key, hit);
  }
  return hit;
}

/** Query kinds whose words no text of the plan explains (refusals, ask-backs, help, progress from the ledger). */
const EXPLAINED_BY_NOTHING = new Set<Query['kind']>([
  'gap',
  'progress',
  'clarify',
  'unclear',
  'empty',
  'tooLong',
  'help',
]);

/** A short key for the text a query is explained by (the clauses it names, or the fact). */
function keyOf(q: Query): string | undefined {
  if (EXPLAINED_BY_NOTHING.has(q.kind)) return undefined;
  switch (q.kind) {
    case 'clause':
    case 'role':
      return JSON.stringify(q.ref);
    case 'roles':
      return JSON.stringify(q.refs);
    case 'several': {
      const parts = q.parts.map(keyOf);
      return parts.every((p) => p !== undefined) ? parts.join('|') : undefined;
    }
    case 'doc':
      return `doc:${q.fact}`;
    default:
      return 'plan';
  }
}

/** The text of a clause a word of the question may come from. */
function clauseText(plan: PlanIndex, ref: ClauseRef): string {
  const c = clauseOf(plan.kb, ref);
  if (!c) return '';
  if (c.type === 'task') {
    const t = c.task;
    const group = plan.kb.groups.find((g) => g.no === t.group)?.title ?? '';
    return [
      t.title,
      t.text,
      t.unitsClause,
      group,
      ...t.keywords,
      ...t.targets.map((x) => `${x.what}${x.quote}`),
    ].join(' ');
  }
  if (c.type === 'safeguard') {
    const s = c.safeguard;
    return [s.title, s.text, s.unitsClause, ...s.keywords].join(' ');
  }
  if (c.type === 'goals') return plan.kb.goals.text;
  return c.principle.text;
}

/** The plan text that can explain the words of a query; undefined when the words need no explaining. */
function explainedBy(q: Query, plan: PlanIndex): string | undefined {
  if (EXPLAINED_BY_NOTHING.has(q.kind)) return undefined;
  const kb = plan.kb;
  switch (q.kind) {
    case 'clause':
    case 'role':
      return clauseText(plan, q.ref);
    case 'roles':
      return q.refs.map((r) => clauseText(plan, r)).join(' ');
    case 'several':
      return q.parts.map((p) => explainedBy(p, plan) ?? '').join(' ');
    case 'doc':
      switch (q.fact) {
        case 'ideology':
          return kb.guidingIdeology;
        case 'basis':
          return `${kb.preamble} ${kb.document.basis.map((b) => b.title).join(' ')}`;
        case 'goals':
          return kb.goals.text;
        case 'principles':
          return kb.principles.map((p) => p.text).join(' ');
        default:
          return `${kb.document.title} ${kb.document.noticeTitle} ${kb.document.issuer} ${kb.document.recipients}`;
      }
    default:
      // a set of tasks or units answers about units and groups: any word of the plan may qualify it
      return plan.text;
  }
}

/**
 * True when at least half of a word's characters belong to a character pair of the text (a word typed close to the
 * plan's wording: 学历起点 for 高职以上学历); words of no Chinese (punctuation, emoji, English) need no explaining.
 */
function covered(word: string, text: string, textPairs: Set<string>): boolean {
  if (text.includes(word)) return true;
  const han = [...word].filter((c) => c >= '\u3400' && c <= '\u9fff');
  if (han.length === 0) return true;
  if (han.length === 1) return text.includes(han[0] as string);
  const inPair = han.map(
    (_, i) => textPairs.has(`${han[i - 1]}${han[i]}`) || textPairs.has(`${han[i]}${han[i + 1]}`),
  );
  return inPair.filter(Boolean).length / han.length >= 0.5;
}

/**
 * Every content word of the question must be accounted for: the words the reader could not place are checked
 * against the text the answer comes from. Those the answer's clause (or the plan) does not explain become gaps,
 * which the answer states plainly before what it did understand.
 */
export function coverQuery(q: Query, f: Frame, plan: PlanIndex): Query {
  if (f.content.length === 0) return q;
  const explained = explaining(q, plan);
  if (explained === undefined) return q;
  const { text: norm, pairs } = explained;
  const missing = f.content.filter((w) => {
    const word = applySynonyms(w, plan.kb.synonyms);
    return !covered(word, norm, pairs) && !covered(w, norm, pairs);
  });
  if (missing.length === 0) return q;
  // 会受到什么处罚 / 有多少个分会场: the very thing asked for is nowhere in the plan
  const object = f.object;
  if (
    object &&
    missing.some((w) => w.includes(object) || object.includes(w)) &&
    !covered(object, plan.text, plan.bigrams)
  )
    return { kind: 'gap', gaps: [...(('gaps' in q && q.gaps) || []), { why: 'words', words: object }] };
  const gaps: Gap[] = missing.map((words) => ({ why: 'words', words }));
  if (q.kind === 'several') return { ...q, gaps: [...(q.gaps ?? []), ...gaps] };
  return { ...q, gaps: [...(('gaps' in q && q.gaps) || []), ...gaps] } as Query;
}
