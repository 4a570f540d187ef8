import type { RoleName } from '../language/spans.js';
import { isLink, isParticle, nounInWord, nounOf } from './clause-reading.js';
import type { Ask } from './frame.js';
import type { Term, TermOf } from './read-terms.js';

/** 营造良好发展环境的责任单位中，哪些…: the set named before 中 / 里 and a comma is what 哪些 picks from. */
function domainBefore(terms: Term[], i: number): Ask | undefined {
  let k = i - 1;
  // 任务12的单位里有几家…: 有 / 是 may stand between
  if (isParticle(terms[k], '有', '是')) k--;
  if (terms[k]?.kind === 'sep') k--;
  if (!isParticle(terms[k], '中', '里', '当中', '之中')) return undefined;
  for (k--; k >= 0 && terms[k]?.kind === 'particle'; k--);
  return nounOf(terms[k]);
}

/** What the clause asks for: the noun of its question word, whether it counts, and whether it asks yes or no. */
export function askOf(terms: Term[]): {
  ask?: Ask;
  count: boolean;
  yesno: boolean;
  at: number;
  object?: string;
  wh: boolean;
} {
  let object: string | undefined;
  let wh = false;
  let count = false;
  let yesno = false;
  let ask: Ask | undefined;
  let at = -1;
  let qRank = 0;
  const near = (i: number): Ask | undefined => {
    for (let k = i + 1; k < Math.min(terms.length, i + 5); k++) {
      const t = terms[k];
      if (t?.kind === 'sep') break;
      const n = nounOf(t);
      if (n) return n;
    }
    for (let k = i - 1; k >= Math.max(0, i - 4); k--) {
      const t = terms[k];
      if (t?.kind === 'sep') break;
      const n = nounOf(t);
      if (n) return n;
    }
    return undefined;
  };
  terms.forEach((t, i) => {
    if (t.kind === 'q') {
      const nx = terms[i + 1];
      if (t.q !== 'yesno') wh = true;
      // 哪位老师 / 哪几家企业 / 哪家公司: a question word of a counter, then a thing that is not a unit
      if (
        t.q === 'who' &&
        t.text.startsWith('哪') &&
        nounInWord(t.text) !== 'units' &&
        nx?.kind === 'content' &&
        nx.at === t.end
      ) {
        ask = 'named';
        object = nx.text;
        at = i;
        return;
      }
      if ((t.q === 'which' || t.q === 'what') && nx?.kind === 'content') object ??= nx.text;
      if (t.q === 'yesno') {
        yesno = true;
        return;
      }
      // who and when say more than which, which more than what
      const rank = { who: 4, when: 3, which: 2, how: 1, what: 1, yesno: 0 }[t.q];
      if (ask && rank <= qRank) return;
      qRank = rank;
      at = i;
      if (t.q === 'who') ask = 'units';
      else if (t.q === 'which') {
        const next = terms[i + 1];
        // 哪几组 / 哪几项: the count word after 哪 names what is asked
        if (next?.kind === 'op' && next.op === 'count') ask = nounInWord(next.text) ?? near(i + 1) ?? 'tasks';
        else {
          const own = nounInWord(t.text);
          const next = near(i);
          ask = own === 'safeguards' && next === 'tasks' ? next : (own ?? domainBefore(terms, i) ?? next);
        }
      } else if (t.q === 'what') ask = near(i) ?? 'text';
      else if (t.q === 'when') ask = 'deadline';
      else if (t.q === 'how') ask = near(i) ?? 'text';
      return;
    }
    const counts = (t.kind === 'op' && t.op === 'count') || (t.kind === 'qop' && t.op === 'count');
    if (counts) {
      if (terms[i - 1]?.kind === 'q' && (terms[i - 1] as TermOf<'q'>).q === 'which') return;
      count = true;
      if (ask && ask !== 'target') return;
      at = i;
      const nx = terms[i + 1];
      // 多少家企业 / 几个名师工作室: what is counted is a thing of the plan's text, so a figure is asked
      if (nx?.kind === 'content' && nx.at === t.end) {
        object = nx.text;
        ask = 'target';
        return;
      }
      const own = nounInWord(t.text);
      const next = near(i);
      // nothing named to count: a plain word before it is what is counted (名师工作室要建几个), else the tasks
      const counted = terms.slice(0, i).some((x) => x.kind === 'content');
      // 任务12的单位里有几家…: what the count picks from, named before 里 / 中
      const named = (own === 'safeguards' && next === 'tasks' ? next : own) ?? domainBefore(terms, i) ?? next;
      // 一共几个 / 几项 alone: counts what the conversation was about (left open here)
      ask = named ?? (counted ? 'target' : undefined);
    }
  });
  if (!ask) {
    // no question word: the last noun says what is wanted (任务12和任务14共同的责任单位, 县财政局负责的任务)
    for (let k = terms.length - 1; k >= 0; k--) {
      const t = terms[k];
      if (
        t?.kind === 'sep' ||
        t?.kind === 'particle' ||
        t?.kind === 'op' ||
        t?.kind === 'qop' ||
        (t?.kind === 'ref' && t.ref === 'then') ||
        (t?.kind === 'q' && t.q === 'yesno')
      )
        continue;
      const n = nounOf(t);
      if (n) {
        ask = n;
        at = k;
      }
      break;
    }
  }
  return { ...(ask ? { ask } : {}), count, yesno, at, ...(object ? { object } : {}), wh };
}

/** What one clause of the plan can be asked for, each answered on its own. */
const CLAUSE_ASKS: Ask[] = ['units', 'deadline', 'target', 'text', 'quote', 'place'];

/**
 * 牵头单位和完成时限 / 责任单位、目标和时限: several things asked of the same clause, joined by 和 or a comma; each
 * is answered. One thing named twice (牵头单位和配合单位: both units) is one ask.
 */
export function joinedAsks(terms: Term[]): { ask: Ask; role: RoleName }[] {
  const out: { ask: Ask; role: RoleName }[] = [];
  terms.forEach((t, i) => {
    const ask = nounOf(t);
    if (!ask || !CLAUSE_ASKS.includes(ask)) return;
    const joined = isLink(terms[i - 1]) || isLink(terms[i + 1]);
    if (!joined) return;
    const neighbour = (k: number) => {
      const n = nounOf(terms[k]);
      return n !== undefined && CLAUSE_ASKS.includes(n);
    };
    if (!(isLink(terms[i - 1]) && neighbour(i - 2)) && !(isLink(terms[i + 1]) && neighbour(i + 2))) return;
    if (out.some((o) => o.ask === ask)) return;
    out.push({ ask, role: t.kind === 'role' ? t.role : 'any' });
  });
  return out.length >= 2 ? out : [];
}
