import {
  type ClauseReading,
  isLink,
  isNeg,
  isParticle,
  namesUnits,
  nounInWord,
  nounOf,
  use,
} from './clause-reading.js';
import { comparatorAround } from './read-counts.js';
import type { Term, TermOf } from './read-terms.js';
import type { UnitAt } from './unit-conditions.js';

/** A level of government named before a document (国家, 省, 市). */
export const LEVELS: [string, string][] = [
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
 * Reads the things a clause names, term by term: tasks, groups, safeguards, principles, units, places, positions,
 * references, facts and what lies outside the plan. `count` and `target`: the clause counts or asks for a figure.
 */
export function readEntities(
  r: ClauseReading,
  count: boolean,
  target: boolean,
): { units: UnitAt[]; leadFirst: boolean } {
  const { terms, f, norm, plan } = r;
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
        use(r, i);
        break;
      case 'fact':
        if (!f.facts.includes(t.fact)) f.facts.push(t.fact);
        use(r, i);
        break;
      case 'doc':
        f.doc = true;
        use(r, i);
        // 这个方案的目标 / 行动计划的目标年份: the plan's goals
        if (
          terms.some((x) => x.kind === 'field' && x.field === 'target' && /目标/.test(x.text)) &&
          !f.facts.includes('goals')
        )
          f.facts.push('goals');
        break;
      case 'help':
        f.help = true;
        use(r, i);
        break;
      case 'field':
        if (t.field === 'tasks') f.domain = true;
        // 在任务和保障机制里 / 保障机制和任务中: both are where to look
        if (
          t.field === 'tasks' &&
          ((isLink(next) && terms[i + 2]?.kind === 'safeguard') ||
            (isLink(prev) && terms[i - 2]?.kind === 'safeguard'))
        )
          f.bothScopes = true;
        if (t.field === 'units') f.unitsWord = true;
        break;
      case 'role':
        if (namesUnits(t)) f.unitsWord = true;
        break;
      case 'has':
        f.hasUnits = { role: t.role, neg: t.neg };
        use(r, i);
        break;
      case 'outside': {
        use(r, i);
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
        if (count || target) {
          f.measure ??= t.measure === 'money' ? '元' : '人';
          use(r, i);
        } else (terms[i] as Term).kind = 'content';
        break;
      case 'place': {
        const level = LEVELS.find(([w]) => t.text.startsWith(w));
        f.places.push(t.text);
        if (level && t.text.length <= 4) f.level = level[1];
        use(r, i);
        break;
      }
      case 'unknownUnit':
        if (next?.kind !== 'unit') f.unknownUnits.push(t.text);
        use(r, i);
        break;
      case 'ref':
        if (t.ref === 'they' && t.text === '以上' && prev?.kind === 'number') break;
        // 规模以上企业: 以上 inside a word of the plan
        if (t.ref === 'they' && t.text === '以上') {
          (terms[i] as Term).kind = 'content';
          break;
        }
        if (t.ref === 'last' || t.ref === 'first') {
          // 第一个和最后一个: both positions are asked
          if (f.position) f.alsoPosition = { n: 1, fromEnd: t.ref === 'last', count: 1 };
          else f.position = { n: 1, fromEnd: t.ref === 'last', count: 1 };
        } else f.refs.push(t.ref);
        use(r, i);
        break;
      case 'status':
        // 完成了吗: whether something has been done is progress, not the plan
        if (t.status === 'done' || t.status === 'delayed' || t.status === 'blocked')
          f.gaps.push({ why: 'outcome', words: t.text });
        use(r, i);
        break;
      case 'task':
        // 基本原则第三项 / 保障机制第五项: the number of a principle or a safeguard
        if (t.form === 'ordinal' && principleAt >= 0 && principleAt < i) {
          f.principles.push(...t.tasks);
          use(r, i);
          break;
        }
        if (
          t.form === 'ordinal' &&
          safeguardAt >= 0 &&
          safeguardAt < i &&
          !terms.slice(safeguardAt, i).some((x) => x.kind === 'field' && x.field === 'tasks')
        ) {
          f.safeguards.push(...t.tasks);
          use(r, i);
          break;
        }
        // 是任务11(不是任务1): a correction; 县人社局不是任务14的责任单位: a claim about the unit, read with its role
        if (isNeg(prev) && prev?.text === '不是' && terms[i - 2]?.kind !== 'unit') {
          f.notTasks.push(...t.tasks);
          use(r, i - 1);
        } else if (prev?.kind === 'qop' && prev.op === 'from' && t.form === 'ordinal') {
          f.position = { n: t.tasks[0] ?? 1, fromEnd: true, count: 1 };
          use(r, i - 1);
        } else if (
          t.form === 'ordinal' &&
          (f.groups.length > 0 ||
            terms.slice(0, i).some((x) => x.kind === 'group' || x.kind === 'groupTitle'))
        ) {
          // 第四组第二项: a place inside the group
          f.position = { n: t.tasks[0] ?? 1, fromEnd: false, count: 1 };
        } else for (const n of t.tasks) if (!f.tasks.includes(n)) f.tasks.push(n);
        // 任务2到任务6里县财政局没参与的: tasks named before 里 / 中 are the set the question picks from
        if (t.tasks.length >= 2 && isParticle(next, '中', '里', '当中', '之中')) f.domain = true;
        use(r, i);
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
          use(r, i);
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
          use(r, i);
          if (moreLess) use(r, i + 1);
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
          use(r, i - 1);
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
        use(r, i);
        break;
      }
      case 'paren':
        if (safeguardAt >= 0 && safeguardAt < i) f.safeguards.push(t.n);
        else if (principleAt >= 0) f.principles.push(t.n);
        else if (t.cn) f.groups.push(t.n);
        else f.tasks.push(t.n);
        use(r, i);
        break;
      case 'group':
      case 'groupTitle': {
        const nos = t.kind === 'group' ? t.nos : [t.no];
        // 不在第三组 / 不属于第三部分: the tasks outside the group; the negation is the group's, not a unit's
        const negAt = isNeg(prev)
          ? i - 1
          : isParticle(prev, '在', '属于') && isNeg(terms[i - 2])
            ? i - 2
            : -1;
        const into = negAt >= 0 ? f.notGroups : f.groups;
        for (const n of nos) if (!into.includes(n)) into.push(n);
        if (negAt >= 0) {
          (terms[negAt] as Term).kind = 'particle';
          use(r, negAt);
        }
        use(r, i);
        break;
      }
      case 'safeguard':
        f.safeguard = true;
        if (t.no !== undefined && !f.safeguards.includes(t.no)) f.safeguards.push(t.no);
        use(r, i);
        break;
      case 'unit':
        // the same unit twice in a row (its English name, then the Chinese in brackets) is one mention
        if (!units.some((u) => u.name === t.name && (u.i === i - 1 || u.i === i - 2)))
          units.push({ name: t.name, i });
        use(r, i);
        break;
      case 'number': {
        // 1.07: a figure, never a task or a position
        if (!Number.isInteger(t.value)) break;
        const qopFirst = prev?.kind === 'qop' && prev.op === 'first';
        if (qopFirst) {
          // 前两个 / 前三项: the first items of the last list
          f.position = { n: 1, fromEnd: false, count: t.value };
          use(r, i - 1);
          use(r, i);
          break;
        }
        if (t.counter === '年' && t.value >= 1900) break;
        // 17? / 17？: a number asked about alone, without a counter, is a task
        if (
          !t.counter &&
          t.value >= 1 &&
          t.value <= plan.kb.tasks.length &&
          terms.every((x, k) => k === i || (x.kind === 'sep' && /^[?？]$/.test(x.text)))
        ) {
          f.tasks.push(t.value);
          use(r, i);
          break;
        }
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
          use(r, i);
          break;
        }
        // 两个任务有几个共同单位 (a question after one about two tasks): N tasks opening a clause are those just named
        if (
          !prev &&
          (t.counter === '个' || t.counter === '项') &&
          t.value >= 2 &&
          t.value < plan.kb.tasks.length &&
          next?.kind === 'field' &&
          next.field === 'tasks'
        ) {
          f.refs.push('they');
          use(r, i);
          break;
        }
        // English: a bare number is a task only next to task / item (task 3, the 3rd task; 3pm is a time)
        if (!/[\u4e00-\u9fff]/.test(norm)) {
          // at least one task / more than 3 tasks: a number of tasks, not task 1
          const cmp = comparatorAround(norm, t.at, t.end, plan);
          if (cmp && next?.kind === 'field' && next.field === 'tasks') {
            f.taskCount = { n: t.value, cmp };
            use(r, i);
            break;
          }
          if (
            (prev?.kind === 'field' && prev.field === 'tasks') ||
            (next?.kind === 'field' && next.field === 'tasks')
          ) {
            f.tasks.push(t.value);
            use(r, i);
          }
          break;
        }
        // 任务-1: a negative number, which no task has
        if (
          !t.counter &&
          norm[t.at - 1] === '-' &&
          (prev?.kind === 'field' || terms[i - 2]?.kind === 'field')
        ) {
          if (prev?.kind === 'content') use(r, i - 1);
          f.tasks.push(-t.value);
          use(r, i);
          break;
        }
        if (!t.counter && t.value >= 1 && t.value < 1000 && !isTargetContext(terms, i)) {
          // 14? / 14和15分别谁牵头 / 那15呢: a bare number is a task when nothing else is counted
          f.tasks.push(t.value);
          use(r, i);
        } else if (t.counter === '号' && !/月$/.test(norm.slice(0, t.at))) {
          f.tasks.push(t.value);
          use(r, i);
        }
        break;
      }
      default:
        break;
    }
  });
  // 不是任务14: a task said not to be meant is left out
  f.tasks = f.tasks.filter((n) => !f.notTasks.includes(n));
  return { units, leadFirst };
}

/** Years: after the plan's last date, or before it was issued. */
export function readYears(r: ClauseReading): void {
  const { terms, f, plan } = r;
  terms.forEach((t, i) => {
    if (t.kind !== 'number' || t.counter !== '年' || t.value < 1900) return;
    use(r, i);
    const after = terms[i + 1];
    const later = after?.kind === 'outside' && after.why === 'future';
    if (plan.lastYear && (t.value > plan.lastYear || (t.value === plan.lastYear && later)))
      f.gaps.push({ why: 'year', words: t.text });
    else if (plan.firstYear && t.value < plan.firstYear) f.gaps.push({ why: 'history', words: t.text });
    // 2022年底前要完成的任务 / 哪些任务2021年完成: the tasks due by or in that year
    else if (f.ask === 'tasks' || f.domain) {
      const prev = terms[i - 1]?.text ?? '';
      const next = terms
        .slice(i + 1, i + 3)
        .map((x) => x.text)
        .join('');
      const by = ['前', '之前', '以前', '内', '以内', '底前'].some((w) => next.startsWith(w));
      const after = ['后', '之后', '以后', '起'].some((w) => next.startsWith(w));
      const cmp = by || prev === '到' || prev === '截至' ? 'le' : after ? 'ge' : 'eq';
      f.due = { year: t.value, cmp };
      if (terms[i + 1]?.kind === 'qop') use(r, i + 1);
    }
  });
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
