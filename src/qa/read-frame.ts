import type { RoleName } from '../language/spans.js';
import { type Ask, emptyFrame, type Frame, type UnitCond } from './frame.js';
import type { PlanIndex } from './plan-index.js';
import { questionWords } from './question-words.js';
import type { Term, TermOf } from './read-terms.js';

type Cmp = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

const isNeg = (t: Term | undefined) => t?.kind === 'op' && (t.op === 'not' || t.op === 'neither');
/** A negation that says "takes no part" by itself (没参与, 不在其列, 没沾边). */
const isNotIn = (t: Term | undefined) =>
  (t?.kind === 'qop' && t.op === 'notIn') ||
  (isNeg(t) && questionWords().meanings.get(t?.text ?? '')?.kind === 'qop');
const isLink = (t: Term | undefined) =>
  (t?.kind === 'op' && (t.op === 'and' || t.op === 'or')) || (t?.kind === 'sep' && t.text === ',');
const isParticle = (t: Term | undefined, ...texts: string[]) =>
  t?.kind === 'particle' && texts.includes(t.text);
/** A role word that names units (牵头单位, 责任单位, 配合部门) rather than an act (牵头, 参与). */
const namesUnits = (t: Term | undefined) =>
  t?.kind === 'role' && questionWords().unitWords.some((w) => t.text.endsWith(w));
/** A term that can be the thing a question word asks about. */
function nounOf(t: Term | undefined): Ask | undefined {
  if (!t) return undefined;
  switch (t.kind) {
    case 'field':
      return t.field === 'tasks'
        ? 'tasks'
        : t.field === 'units'
          ? 'units'
          : t.field === 'group'
            ? 'groups'
            : t.field === 'target'
              ? 'target'
              : t.field === 'deadline'
                ? 'deadline'
                : t.field === 'text'
                  ? 'text'
                  : t.field === 'role'
                    ? 'role'
                    : t.field === 'quote'
                      ? 'quote'
                      : 'place';
    case 'role':
      return namesUnits(t) ? 'units' : undefined;
    case 'safeguard':
      return t.no === undefined ? 'safeguards' : undefined;
    case 'fact':
      return t.fact === 'principles' ? 'principles' : 'fact';
    case 'measure':
      return 'target';
    default:
      return undefined;
  }
}

/** The thing a question word's own text names (哪些任务 → tasks, 哪个部分 → groups, 几家 → units). */
function nounInWord(text: string): Ask | undefined {
  return questionWords().nouns.find((n) => n.words.some((w) => text.includes(w)))?.ask;
}

/** 营造良好发展环境的责任单位中，哪些…: the set named before 中 / 里 and a comma is what 哪些 picks from. */
function domainBefore(terms: Term[], i: number): Ask | undefined {
  let k = i - 1;
  if (terms[k]?.kind === 'sep') k--;
  if (!isParticle(terms[k], '中', '里', '当中', '之中')) return undefined;
  for (k--; k >= 0 && terms[k]?.kind === 'particle'; k--);
  return nounOf(terms[k]);
}

/** What the clause asks for: the noun of its question word, whether it counts, and whether it asks yes or no. */
function askOf(terms: Term[]): {
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
      const named = (own === 'safeguards' && next === 'tasks' ? next : own) ?? next;
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

/**
 * The conditions in the terms after a unit: each role word is one (参与, 牵头), negated when a negation stands
 * between it and the condition before ("参与但不牵头"); 没参与 is a negated 参与.
 */
function roleClauses(tail: Term[], nextUnit: boolean): { role: RoleName; neg: boolean }[] {
  const out: { role: RoleName; neg: boolean }[] = [];
  let negPending = false;
  let newClause = true;
  tail.forEach((s, k) => {
    if (s.kind === 'op' && s.op === 'which' && out.length) return;
    if (s.kind === 'op' && (s.op === 'but' || s.op === 'which')) newClause = true;
    if (s.kind === 'ref' && s.ref === 'it') newClause = true;
    if (isParticle(s, '中', '里', '又', '也', '还', '并且', '同时又')) newClause = true;
    if (isNotIn(s)) {
      out.push({ role: 'any', neg: true });
      negPending = false;
      newClause = false;
      return;
    }
    if (isNeg(s) || (s.kind === 'qop' && s.op === 'none')) {
      negPending = true;
      newClause = true;
    }
    const after = tail.slice(k + 1);
    // 牵头单位不是县教育局: the role word describes the unit after the negation
    const ofNext =
      nextUnit &&
      after.some(isNeg) &&
      after.every((x) => isNeg(x) || x.kind === 'particle' || x.kind === 'content' || x.kind === 'sep');
    // 哪项的责任单位最多: the role word is what is counted, not a condition
    const measured = after.slice(0, 2).some((x) => x.kind === 'op' && (x.op === 'most' || x.op === 'least'));
    if (s.kind === 'role' && newClause && !ofNext && !measured && !namesUnitsAsked(s, after, tail[k - 1])) {
      out.push({ role: s.role, neg: negPending });
      negPending = false;
      newClause = false;
    }
  });
  if (out.length === 0 && negPending && !nextUnit) out.push({ role: 'any', neg: true });
  return out;
}

/** 责任单位是谁 / 牵头单位有哪些: a role word naming the units asked for is not a condition on a named unit. */
function namesUnitsAsked(s: Term, after: Term[], before?: Term): boolean {
  if (!namesUnits(s)) return false;
  // 作为牵头单位 / 是牵头单位: the role the unit plays
  if (isParticle(before, '作为', '是', '为', '担任', '属于')) return false;
  return after.slice(0, 3).some((x) => x.kind === 'q' || (x.kind === 'op' && x.op === 'count'));
}

/** Each unit's conditions, read from the terms between it and the next unit; units joined by 和 share the words. */
function unitConds(terms: Term[], units: { name: string; i: number }[]): UnitCond[] {
  const out: UnitCond[] = [];
  for (let k = 0; k < units.length; k++) {
    const u = units[k] as { name: string; i: number };
    let end = units[k + 1]?.i ?? terms.length;
    let tail = terms.slice(u.i + 1, end);
    let j = k;
    while (
      tail.every((s) => isLink(s) || s.kind === 'particle' || (s.kind === 'op' && s.op === 'all')) &&
      tail.some(isLink) &&
      units[j + 1]
    ) {
      j++;
      end = units[j + 1]?.i ?? terms.length;
      tail = terms.slice((units[j] as { i: number }).i + 1, end);
    }
    const prevEnd = k > 0 ? (units[k - 1] as { i: number }).i + 1 : 0;
    const before = terms.slice(Math.max(prevEnd, u.i - 2), u.i);
    const negBefore = before.some((s) => isNeg(s) || (s.kind === 'qop' && s.op === 'none'));
    const or = terms.slice(prevEnd, u.i).some((s) => s.kind === 'op' && s.op === 'or');
    const clauses = roleClauses(tail, k + 1 < units.length);
    if (clauses.length === 0) {
      const r = before.find((s): s is TermOf<'role'> => s.kind === 'role');
      clauses.push({ role: r?.role ?? 'any', neg: false });
    }
    clauses.forEach((c, n) => {
      const neg = c.neg || (n === 0 && negBefore);
      if (out.some((o) => o.name === u.name && o.role === c.role && o.neg === neg)) return;
      out.push({ name: u.name, role: c.role, neg, or: n === 0 && or });
    });
  }
  return out;
}

/** A comparator word (恰好, 不超过, 少于 …) ending at `end` or starting at `start` in the normalised text. */
function comparatorAround(norm: string, start: number, end: number, plan: PlanIndex): Cmp | undefined {
  const before = norm.slice(Math.max(0, start - 6), start).replace(/[是有为达在]$/, '');
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

/** A level of government named before a document (国家, 省, 市). */
const LEVELS: [string, string][] = [
  ['国家', 'national'],
  ['国务院', 'national'],
  ['中央', 'national'],
  ['national', 'national'],
  ['省', '省'],
  ['provincial', '省'],
  ['市', '市'],
  ['city', '市'],
];

/**
 * Reads one clause's terms into a frame: the tasks, units, groups, safeguards and topic it names, what it asks for,
 * and its operators. `norm` is the normalised question the terms' offsets refer to.
 */
export function readFrame(terms: Term[], norm: string, plan: PlanIndex): Frame {
  const f = emptyFrame();
  const kb = plan.kb;
  const used = new Set<number>();
  const use = (i: number) => used.add(i);
  const { ask, count, yesno, at: askAt, object, wh } = askOf(terms);
  if (ask) f.ask = ask;
  f.count = count;
  f.yesno = yesno;
  f.wh = wh;
  if (object) {
    f.object = object;
    // 哪所学校 / 哪些专业 / 哪家公司: the plan names no schools, majors or companies
    const { namedNouns } = questionWords();
    const askTerm = terms[askAt];
    if (
      askTerm?.kind === 'q' &&
      askTerm.q !== 'what' &&
      namedNouns.some((n) => object.slice(0, 6).includes(n))
    )
      f.ask = 'named';
  }

  const units: { name: string; i: number }[] = [];
  let leadFirst = false;
  const safeguardAt = terms.findIndex((t) => t.kind === 'safeguard');
  const principleAt = terms.findIndex((t) => t.kind === 'fact' && t.fact === 'principles');
  terms.forEach((t, i) => {
    const prev = terms[i - 1];
    const next = terms[i + 1];
    switch (t.kind) {
      case 'follow':
        f.follow ??= t.how;
        use(i);
        break;
      case 'fact':
        if (!f.facts.includes(t.fact)) f.facts.push(t.fact);
        use(i);
        break;
      case 'doc':
        f.doc = true;
        use(i);
        // 这个方案的目标 / 行动计划的目标年份: the plan's goals
        if (
          terms.some((x) => x.kind === 'field' && x.field === 'target' && /目标/.test(x.text)) &&
          !f.facts.includes('goals')
        )
          f.facts.push('goals');
        break;
      case 'help':
        f.help = true;
        use(i);
        break;
      case 'field':
        if (t.field === 'tasks') f.domain = true;
        if (t.field === 'units') f.unitsWord = true;
        break;
      case 'role':
        if (namesUnits(t)) f.unitsWord = true;
        break;
      case 'outside': {
        use(i);
        // 局长 / 校长: a person only when asked about (县财政局局长是谁), not in 我是分管副县长
        if (t.why === 'title') {
          const q = terms.find((x): x is TermOf<'q'> => x.kind === 'q' && x.q === 'who');
          const asked = q && nounInWord(q.text) !== 'units';
          if (asked || terms.some((x) => x.kind === 'fact' && x.fact === 'title'))
            f.gaps.push({ why: 'person', words: t.text });
          break;
        }
        f.gaps.push({ why: t.why, words: t.text });
        // 哪天印发的: a day asked is a when
        if (t.why === 'day' && (f.ask === undefined || f.ask === 'fact')) f.ask = 'deadline';
        break;
      }
      case 'measure':
        // 经费 / 预算 count money only when a figure is asked (多少, 几); otherwise they are words of the topic
        if (count || ask === 'target') {
          f.measure ??= t.measure === 'money' ? '元' : '人';
          use(i);
        } else (terms[i] as Term).kind = 'content';
        break;
      case 'place': {
        const level = LEVELS.find(([w]) => t.text.startsWith(w));
        f.places.push(t.text);
        if (level && t.text.length <= 4) f.level = level[1];
        use(i);
        break;
      }
      case 'unknownUnit':
        if (next?.kind !== 'unit') f.unknownUnits.push(t.text);
        use(i);
        break;
      case 'ref':
        if (t.ref === 'they' && t.text === '以上' && prev?.kind === 'number') break;
        // 规模以上企业: 以上 inside a word of the plan
        if (t.ref === 'they' && t.text === '以上') {
          (terms[i] as Term).kind = 'content';
          break;
        }
        if (t.ref === 'last' || t.ref === 'first') {
          f.position = { n: 1, fromEnd: t.ref === 'last', count: 1 };
        } else f.refs.push(t.ref);
        use(i);
        break;
      case 'status':
        // 完成了吗: whether something has been done is progress, not the plan
        if (t.status === 'done' || t.status === 'delayed' || t.status === 'blocked')
          f.gaps.push({ why: 'outcome', words: t.text });
        use(i);
        break;
      case 'task':
        // 基本原则第三项 / 保障机制第五项: the number of a principle or a safeguard
        if (t.form === 'ordinal' && principleAt >= 0 && principleAt < i) {
          f.principles.push(...t.tasks);
          use(i);
          break;
        }
        if (
          t.form === 'ordinal' &&
          safeguardAt >= 0 &&
          safeguardAt < i &&
          !terms.slice(safeguardAt, i).some((x) => x.kind === 'field' && x.field === 'tasks')
        ) {
          f.safeguards.push(...t.tasks);
          use(i);
          break;
        }
        if (isNeg(prev) && prev?.text === '不是') {
          f.notTasks.push(...t.tasks);
          use(i - 1);
        } else if (prev?.kind === 'qop' && prev.op === 'from' && t.form === 'ordinal') {
          f.position = { n: t.tasks[0] ?? 1, fromEnd: true, count: 1 };
          use(i - 1);
        } else if (
          t.form === 'ordinal' &&
          (f.groups.length > 0 ||
            terms.slice(0, i).some((x) => x.kind === 'group' || x.kind === 'groupTitle'))
        ) {
          // 第四组第二项: a place inside the group
          f.position = { n: t.tasks[0] ?? 1, fromEnd: false, count: 1 };
        } else for (const n of t.tasks) if (!f.tasks.includes(n)) f.tasks.push(n);
        use(i);
        break;
      case 'ordinal': {
        // 排在责任单位第一位 / 第一位的: first in the list of units is the lead
        const ranked = terms.slice(Math.max(0, i - 3), i).some((x) => x.kind === 'qop' && x.op === 'rank');
        if (
          t.n === 1 &&
          (t.counter === '位' || t.counter === '名' || ranked) &&
          terms.some((x) => x.kind === 'unit')
        ) {
          f.roles.push('lead');
          f.askRole = 'lead';
          leadFirst = true;
          use(i);
          break;
        }
        const afterWord = next?.kind === 'op' && (next.op === 'most' || next.op === 'least');
        const moreLess = next?.kind === 'qop' && (next.op === 'more' || next.op === 'less');
        if (afterWord || moreLess || (prev?.kind === 'qop' && prev.op === 'rank')) {
          // 第二多 / 排第三: a place in a ranking
          f.rank = {
            dir:
              (next?.kind === 'qop' && next.op === 'less') || (next?.kind === 'op' && next.op === 'least')
                ? 'min'
                : 'max',
            position: t.n,
          };
          use(i);
          if (moreLess) use(i + 1);
          // 排名第二的单位 / 第二多的任务: the noun after the place says what is ranked
          for (let k = i + 1; k < Math.min(terms.length, i + 4); k++) {
            const n = nounOf(terms[k]);
            if (n === 'units' || n === 'tasks' || n === 'groups') {
              f.rankOver = n;
              break;
            }
          }
          break;
        }
        if (t.counter === '条' && safeguardAt >= 0) f.safeguards.push(t.n);
        else if (t.counter === '条' && principleAt >= 0) f.principles.push(t.n);
        else if (prev?.kind === 'qop' && prev.op === 'from') {
          f.position = { n: t.n, fromEnd: true, count: 1 };
          use(i - 1);
        } else if (t.counter === '' && isLink(next) && terms[i + 2]?.kind === 'group') f.groups.push(t.n);
        else if (
          f.groups.length ||
          terms
            .slice(0, i)
            .some((x) => x.kind === 'group' || x.kind === 'groupTitle' || (x.kind === 'paren' && x.cn))
        )
          f.position = { n: t.n, fromEnd: false, count: 1 };
        // 第二个 / 第五条: an item of the last list, or a task by number (the conversation decides)
        else f.ordinal = { n: t.n, counter: t.counter };
        use(i);
        break;
      }
      case 'paren':
        if (safeguardAt >= 0 && safeguardAt < i) f.safeguards.push(t.n);
        else if (principleAt >= 0) f.principles.push(t.n);
        else if (t.cn) f.groups.push(t.n);
        else f.tasks.push(t.n);
        use(i);
        break;
      case 'group':
        for (const n of t.nos) if (!f.groups.includes(n)) f.groups.push(n);
        use(i);
        break;
      case 'groupTitle':
        if (!f.groups.includes(t.no)) f.groups.push(t.no);
        use(i);
        break;
      case 'safeguard':
        f.safeguard = true;
        if (t.no !== undefined && !f.safeguards.includes(t.no)) f.safeguards.push(t.no);
        use(i);
        break;
      case 'unit':
        // the same unit twice in a row (its English name, then the Chinese in brackets) is one mention
        if (!units.some((u) => u.name === t.name && (u.i === i - 1 || u.i === i - 2)))
          units.push({ name: t.name, i });
        use(i);
        break;
      case 'number': {
        const qopFirst = prev?.kind === 'qop' && prev.op === 'first';
        if (qopFirst) {
          // 前两个 / 前三项: the first items of the last list
          f.position = { n: 1, fromEnd: false, count: t.value };
          use(i - 1);
          use(i);
          break;
        }
        if (t.counter === '年' && t.value >= 1900) break;
        // 18条谁负责 / 14项的牵头单位 / 18项任务责任单位 / 在14项里: a task number written with its counter
        const viaField = next?.kind === 'field' && next.field === 'tasks';
        const after = viaField ? terms[i + 2] : next;
        const asked =
          after?.kind === 'q' ||
          after?.kind === 'role' ||
          (!viaField && isParticle(after, '的', '由', '是', '里', '中', '内'));
        if (
          (t.counter === '条' || t.counter === '项' || t.counter === '号') &&
          asked &&
          (!prev || isParticle(prev, '在', '对', '于') || prev.kind === 'sep')
        ) {
          f.tasks.push(t.value);
          use(i);
          break;
        }
        // English: a bare number is a task only next to task / item (task 3, the 3rd task; 3pm is a time)
        if (!/[\u4e00-\u9fff]/.test(norm)) {
          if (
            (prev?.kind === 'field' && prev.field === 'tasks') ||
            (next?.kind === 'field' && next.field === 'tasks')
          ) {
            f.tasks.push(t.value);
            use(i);
          }
          break;
        }
        // 任务-1: a negative number, which no task has
        if (
          !t.counter &&
          norm[t.at - 1] === '-' &&
          (prev?.kind === 'field' || terms[i - 2]?.kind === 'field')
        ) {
          if (prev?.kind === 'content') use(i - 1);
          f.tasks.push(-t.value);
          use(i);
          break;
        }
        if (!t.counter && t.value >= 1 && t.value < 1000 && !isTargetContext(terms, i)) {
          // 14? / 14和15分别谁牵头 / 那15呢: a bare number is a task when nothing else is counted
          f.tasks.push(t.value);
          use(i);
        } else if (t.counter === '号' && !/月$/.test(norm.slice(0, t.at))) {
          f.tasks.push(t.value);
          use(i);
        }
        break;
      }
      default:
        break;
    }
  });
  // 县财政局排第一位的任务 / 第一位: a place in the list of a named unit is its lead role
  f.tasks = f.tasks.filter((n) => !f.notTasks.includes(n));

  // years: after the plan's last date, or before it was issued
  terms.forEach((t, i) => {
    if (t.kind !== 'number' || t.counter !== '年' || t.value < 1900) return;
    use(i);
    const after = terms[i + 1];
    const later = after?.kind === 'outside' && after.why === 'future';
    if (plan.lastYear && (t.value > plan.lastYear || (t.value === plan.lastYear && later)))
      f.gaps.push({ why: 'year', words: t.text });
    else if (plan.firstYear && t.value < plan.firstYear) f.gaps.push({ why: 'history', words: t.text });
  });

  // units: a short alias inside a word of the plan (财政投入, 发改委员) is that word, not the unit
  for (const u of units) {
    const t = terms[u.i] as TermOf<'unit'>;
    const next = terms[u.i + 1];
    const prev = terms[u.i - 1];
    const after = next?.kind === 'content' && next.at === t.end ? `${t.text.slice(-1)}${next.text[0]}` : '';
    const before = prev?.kind === 'content' && prev.end === t.at ? `${prev.text.slice(-1)}${t.text[0]}` : '';
    // 财政投入 / 金融+财政+土地: a short alias inside a word or a list of words is that word
    if (
      t.weak &&
      (plan.bigrams.has(after) ||
        plan.bigrams.has(before) ||
        after.endsWith('+') ||
        before.startsWith('+') ||
        after.includes('+') ||
        before.includes('+'))
    ) {
      used.delete(u.i);
      (terms[u.i] as Term).kind = 'content';
    }
  }
  const realUnits = units.filter((u) => terms[u.i]?.kind === 'unit');
  f.units = unitConds(terms, realUnits).map((u) => (leadFirst ? { ...u, role: 'lead' as const } : u));
  // 是牵头还是配合: the role is what is asked
  const roleWords = terms.filter((t): t is TermOf<'role'> => t.kind === 'role').map((t) => t.role);
  if (roleWords.includes('lead') && roleWords.includes('co') && terms.some((t) => isParticle(t, '还是'))) {
    f.ask = f.ask ?? 'role';
    f.units = f.units.map((u) => ({ ...u, role: 'any' }));
  }
  // 参与任务最多的 / 牵头任务数: a unit's tasks are what is measured
  f.perUnit = terms.some(
    (t, i) =>
      t.kind === 'role' &&
      !namesUnits(t) &&
      terms[i + 1]?.kind === 'field' &&
      (terms[i + 1] as TermOf<'field'>).field === 'tasks',
  );

  // roles and negations
  for (const [i, t] of terms.entries()) {
    if (t.kind === 'role') {
      if (!(leadFirst && t.role === 'any')) f.roles.push(t.role);
      use(i);
    }
    if ((isNeg(t) || isNotIn(t)) && !f.units.some((u) => u.neg)) f.negated = true;
  }
  const askRoles = terms.filter((t): t is TermOf<'role'> => t.kind === 'role');
  // 牵头单位是谁 / 谁牵头 / 配合单位有哪些: the role of the units asked for; a role word naming units says it
  // (县发改局牵头的任务的配合单位 → 配合); 牵头单位和配合单位 both → all of them
  const named = askRoles.filter((r) => namesUnits(r));
  const namedRoles = new Set(named.map((r) => r.role));
  const lead = leadFirst || askRoles.find((r) => r.role === 'lead');
  const co = askRoles.find((r) => r.role === 'co');
  f.askRole =
    namedRoles.has('lead') && namedRoles.has('co')
      ? 'any'
      : named.length && !leadFirst
        ? (named[named.length - 1] as TermOf<'role'>).role
        : lead
          ? 'lead'
          : co
            ? 'co'
            : 'any';

  // operators
  terms.forEach((t, i) => {
    if (t.kind === 'op') {
      switch (t.op) {
        case 'only':
          f.quant = 'only';
          // 不是只有县教育局一家负责: the negation of "only"
          if (isNeg(terms[i - 1])) f.notOnly = true;
          break;
        case 'all':
          if (/分别|各/.test(t.text)) f.each = true;
          else f.quant ??= 'every';
          break;
        case 'common':
          f.setop = 'common';
          break;
        case 'total':
          f.total = true;
          break;
        case 'difference':
          f.setop = 'minus';
          break;
        case 'most':
          if (/第一/.test(t.text) && realUnits.length) {
            f.askRole = 'lead';
            f.roles.push('lead');
            break;
          }
          f.rank ??= { dir: 'max', position: 1 };
          break;
        case 'least':
          f.rank ??= { dir: 'min', position: 1 };
          break;
        case 'same':
          f.compare = 'same';
          break;
        case 'different':
          f.compare ??= 'same';
          break;
        case 'compare':
          f.compare = 'more';
          break;
        case 'which':
          f.within = true;
          break;
        case 'and':
          // 还有谁 / 还有哪些单位: the others
          if (t.text === '还有' && terms[i + 1]?.kind === 'q') f.other = true;
          break;
        case 'except': {
          // 除了X(和Y)(以外): the units, tasks or the lead right after 除(了)
          for (let k = i + 1; k < terms.length; k++) {
            const s = terms[k] as Term;
            if (s.kind === 'unit') f.exceptUnits.push(s.name);
            else if (s.kind === 'task') f.notTasks.push(...s.tasks);
            else if (s.kind === 'ref' && s.ref === 'it') {
              // 除了这项任务: the task talked about is left out
              const it = f.refs.indexOf('it');
              if (it >= 0) f.refs.splice(it, 1);
              f.refs.push('exceptIt');
              used.add(k);
            } else if (s.kind === 'role' && s.role === 'lead') f.exceptLead = true;
            else if (s.kind === 'sep' && (f.exceptUnits.length || f.notTasks.length || f.exceptLead)) break;
            else if (!(isLink(s) || (s.kind === 'op' && s.op === 'except') || s.kind === 'particle')) break;
          }
          break;
        }
        default:
          break;
      }
      use(i);
    }
    if (t.kind === 'qop') {
      switch (t.op) {
        case 'every':
          f.quant = 'every';
          break;
        case 'any':
          f.quant ??= 'any';
          break;
        case 'none':
          f.quant = 'none';
          break;
        case 'only':
          f.quant = 'only';
          break;
        case 'each':
          f.each = true;
          break;
        case 'common':
          f.setop = 'common';
          break;
        case 'union':
          f.setop ??= 'union';
          break;
        case 'minus':
          f.setop = 'minus';
          break;
        case 'other':
          f.other = true;
          break;
        case 'more':
        case 'less':
          if (i > 0 && !f.rank) f.compare ??= 'more';
          break;
        case 'compare':
          f.compare = 'more';
          break;
        case 'same':
          f.compare = 'same';
          break;
        case 'exactly':
          break;
        default:
          break;
      }
      use(i);
    }
  });
  if (f.notTasks.length) f.tasks = f.tasks.filter((n) => !f.notTasks.includes(n));
  f.exceptUnits = [...new Set(f.exceptUnits)];
  if (f.exceptUnits.length) f.units = f.units.filter((u) => !f.exceptUnits.includes(u.name));

  // a count of units on tasks: 恰好有三个责任单位 / 不超过两个 / 5个及以上 / 只有一个责任单位
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
    use(i);
  });
  // a number of tasks: 只参与了一项 / 参与了三项以上
  terms.forEach((t, i) => {
    if (t.kind !== 'number' || t.counter !== '项' || used.has(i)) return;
    const c = comparatorAround(norm, t.at, t.end, plan) ?? (f.quant === 'only' ? 'eq' : undefined);
    if (c && t.value <= kb.tasks.length) {
      f.taskCount = { n: t.value, cmp: c };
      use(i);
    }
  });

  // the measure of a figure: 几门 / 多少名 / 多少个 / 比例
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

  // the level of a document asked for (国家层面, 省里, 市里)
  // 省里和市里: every level named
  for (const t of terms) {
    if (t.kind !== 'content' && t.kind !== 'particle' && t.kind !== 'place') continue;
    const level = LEVELS.find(([w]) => t.text.startsWith(w));
    if (level && f.facts.includes('basis') && !(f.level ?? '').split('|').includes(level[1]))
      f.level = f.level ? `${f.level}|${level[1]}` : level[1];
  }

  // 职业教育改革 / 行动计划: words of the plan's own title name the plan
  const title = plan.lexicon.home ? kb.document.title : kb.document.title;
  terms.forEach((t, i) => {
    if (t.kind === 'content' && !used.has(i) && t.text.length >= 2 && title.includes(t.text)) {
      f.doc = true;
      use(i);
    }
  });
  // what is left: the topic, and words no part placed (pieces written together are one word)
  const content: { text: string; end: number }[] = [];
  terms.forEach((t, i) => {
    if (t.kind !== 'content' || used.has(i)) return;
    const last = content[content.length - 1];
    if (last && last.end === t.at) {
      last.text += t.text;
      last.end = t.end;
    } else content.push({ text: t.text, end: t.end });
  });
  f.content = content.map((t) => t.text);
  f.topicsJoined = terms.some(
    (t, i) =>
      t.kind === 'op' &&
      (t.op === 'and' || t.op === 'or') &&
      terms[i - 1]?.kind === 'content' &&
      terms[i + 1]?.kind === 'content',
  );
  f.topic = f.content.join(' ');
  if (askAt >= 0) use(askAt);
  return f;
}

/** A bare number that counts something asked about (多少个 … 30) rather than naming a task. */
function isTargetContext(terms: Term[], i: number): boolean {
  const prev = terms[i - 1];
  const next = terms[i + 1];
  if (next?.kind === 'op' && (next.op === 'and' || next.op === 'or') && terms[i + 2]?.kind === 'number')
    return false;
  // 14和15: the second of a list of task numbers
  const listed =
    prev?.kind === 'op' &&
    (prev.op === 'and' || prev.op === 'or') &&
    (terms[i - 2]?.kind === 'number' || terms[i - 2]?.kind === 'task');
  return (
    (prev?.kind === 'op' && !listed) ||
    prev?.kind === 'qop' ||
    next?.kind === 'measure' ||
    (next?.kind === 'content' && /^[%年月日天周万元人名个]/.test(next.text))
  );
}
