import type { Lexicon } from '../language/lexicon.js';
import type { Span, SpanOf } from '../language/spans.js';
import { isLink, type Reading } from './query-reading.js';

/** Task numbers named in the question (任务N, 第N项, 第N条 when no safeguard is named), in order. */
export function tasksIn(r: Reading, safeguardNamed: boolean): number[] {
  const out: number[] = [];
  r.spans.forEach((s, i) => {
    if (s.kind === 'task' && s.form !== 'title') {
      r.used.add(i);
      // "任务11(不是任务1)": a task named only to rule it out
      const prev = r.spans[i - 1];
      if (prev?.kind === 'op' && prev.op === 'not' && prev.text === '不是') {
        r.used.add(i - 1);
        return;
      }
      out.push(...s.tasks);
    }
    if (s.kind === 'ordinal' && s.counter === '条' && !safeguardNamed) {
      out.push(s.n);
      r.used.add(i);
    }
  });
  return [...new Set(out)];
}

/** The groups named: 第N部分 / 第N组, (三), or a group's title with a group word nearby. */
export function groupsIn(r: Reading): number[] {
  const out: number[] = [];
  const groupWord = r.says(/部分|组|板块|方面|大类|这一块|那一块|里|中/);
  r.spans.forEach((s, i) => {
    if (s.kind === 'group') out.push(...(s.nos ?? [s.no]));
    // 第二和第四部分: 第二 takes the 部分 of the group after it
    const next = r.spans[i + 2];
    if (
      s.kind === 'ordinal' &&
      s.counter === '' &&
      r.spans[i + 1] &&
      isLink(r.spans[i + 1] as Span) &&
      next?.kind === 'group'
    ) {
      out.push(s.n);
      r.used.add(i);
    }
    if (s.kind === 'paren' && s.cn && s.n <= r.kb.groups.length) {
      out.push(s.n);
      r.used.add(i);
    }
    if (s.kind === 'groupTitle' && groupWord) out.push(s.no);
  });
  return [...new Set(out)];
}

/** Every safeguard named by number after 保障机制 (保障机制第四条有、第一条没有). */
export function safeguardsIn(r: Reading): number[] {
  const sg = r.all('safeguard');
  if (sg.length === 0) return [];
  const out = sg.flatMap(({ s }) => (s.no !== undefined ? [s.no] : []));
  const first = sg[0]?.i ?? 0;
  for (const s of r.spans.slice(first + 1)) if (s.kind === 'ordinal' && s.counter === '条') out.push(s.n);
  return [...new Set(out)];
}

/** The safeguard named by number (保障机制第四条, 保障机制（三）, its title), or 0 for 保障机制 in general. */
export function safeguardIn(r: Reading): number | undefined {
  const sg = r.all('safeguard');
  if (sg.length === 0) return undefined;
  const byTitle = sg.find(({ s }) => s.no !== undefined)?.s.no;
  if (byTitle) return byTitle;
  const first = sg[0]?.i ?? 0;
  const after = r.spans.slice(first + 1, first + 3).find((s) => s.kind === 'ordinal' || s.kind === 'paren');
  if (after && (after.kind === 'ordinal' || after.kind === 'paren')) return after.n;
  const before = r.spans.slice(Math.max(0, first - 2), first).find((s) => s.kind === 'ordinal');
  if (before?.kind === 'ordinal') return before.n;
  return 0;
}

/**
 * A condition on how many units a task has: "恰好有三个责任单位", "不超过两个", "超过三个", "只有一个责任单位" — a
 * number of 个/家 with 单位 right after it, compared by the word before it (or 以上 / 以下 after it).
 */
export function unitCountIn(
  r: Reading,
  lex: Lexicon | undefined,
): { n: number; cmp: 'eq' | 'lt' | 'le' | 'gt' | 'ge' } | undefined {
  for (const { s, i } of r.all('number')) {
    if (s.counter !== '个' && s.counter !== '家') continue;
    // 三个责任单位 / 责任单位不超过两个
    const near = [...r.spans.slice(i + 1, i + 3), ...r.spans.slice(Math.max(0, i - 4), i)];
    if (!near.some((x) => /单位|部门/.test(x.text))) continue;
    // 正好是五家 / 恰好有三个 / 为两个: the comparator may stand before a verb
    const raw = r.t.norm.slice(Math.max(0, s.at - 5), s.at);
    const before = raw.replace(/[是有为达在]$/, '');
    const after = r.t.norm.slice(s.end, s.end + 2);
    const word = lex?.comparators.find(
      (c) => raw.endsWith(c.text) || before.endsWith(c.text) || after.startsWith(c.text),
    );
    if (word) return { n: s.value, cmp: word.cmp };
    if (r.has('only')) return { n: s.value, cmp: 'eq' };
  }
  return undefined;
}

/** A place in a ranking asked for: 排第三的单位, 参与任务第二多的, 排名第二 — with the ordinal's index. */
export function rankPlace(r: Reading): { position: number; dir: 'max' | 'min'; i: number } | undefined {
  for (const { s, i } of r.all('ordinal')) {
    if (s.counter !== '' && s.counter !== '位' && s.counter !== '名') continue;
    const before = r.t.norm.slice(Math.max(0, s.at - 3), s.at);
    const after = r.t.norm.slice(s.end, s.end + 2);
    if (/多/.test(after[0] ?? '')) return { position: s.n, dir: 'max', i };
    if (/少/.test(after[0] ?? '')) return { position: s.n, dir: 'min', i };
    if (/排名?在?$|名列$|位居$|位列$/.test(before))
      return { position: s.n, dir: /少/.test(r.t.norm) ? 'min' : 'max', i };
  }
  return undefined;
}

/** What the question asks for: units, tasks, a count of tasks or of units, or nothing clear. */
export function askedFor(r: Reading): 'units' | 'tasks' | 'countTasks' | 'countUnits' | 'leads' | undefined {
  const q = r.all('q').map(({ s }) => s);
  const counts = r.ops('count');
  const norm = r.t.norm;
  if (counts.length) {
    const c = counts[0] as { s: SpanOf<'op'>; i: number };
    const tail = r.spans.slice(c.i + 1, c.i + 6);
    // what is counted is in the same clause: "多少个职业教育集团，牵头单位是谁" counts no units
    const stop = tail.findIndex((x) => x.kind === 'sep');
    const after = stop >= 0 ? tail.slice(0, stop) : tail;
    const unitsObject =
      /个|家/.test(c.s.text) || c.s.text === '多少' || c.s.text === '几'
        ? after.some(
            (s) =>
              (s.kind === 'field' && s.field === 'units') ||
              (s.kind === 'role' && /单位|部门/.test(s.text)) ||
              /单位|部门/.test(s.text),
          )
        : false;
    if (unitsObject) return 'countUnits';
    // "任务12的责任单位里除了牵头单位还有几个": the units were named before the count, and no task after it
    const beforeCount = r.spans.slice(0, c.i);
    if (
      /个|家/.test(c.s.text) &&
      after.length === 0 &&
      beforeCount.some((s) => (s.kind === 'role' || s.kind === 'field') && /单位|部门/.test(s.text))
    )
      return 'countUnits';
    if (
      /项|条/.test(c.s.text) ||
      after.some((s) => s.kind === 'field' && s.field === 'tasks') ||
      /几项|几个任务|多少项|多少个任务|有几项|几项任务/.test(norm)
    )
      return 'countTasks';
  }
  if (q.some((s) => s.q === 'who')) {
    if (r.says(/都(?:由|是)?谁牵头|分别由谁牵头|各由谁牵头|都是哪些?单位牵头|牵头单位分别是/)) return 'leads';
    return 'units';
  }
  const which = q.filter((s) => s.q === 'which');
  if (which.some((s) => /任务|项/.test(s.text))) return 'tasks';
  if (which.length) {
    const at = r.all('q').find(({ s }) => s.q === 'which')?.i ?? 0;
    const around = r.spans.slice(Math.max(0, at - 3), at + 3);
    if (
      around.some(
        (s) => (s.kind === 'field' && s.field === 'units') || (s.kind === 'role' && /单位|部门/.test(s.text)),
      )
    )
      return 'units';
    if (around.some((s) => s.kind === 'field' && s.field === 'tasks')) return 'tasks';
    if (r.says(/任务/)) return 'tasks';
    // 县财政局参与了哪些: a unit's role asked about names tasks
    if (r.all('unit').length && r.all('role').some(({ s }) => !/单位|部门/.test(s.text))) return 'tasks';
  }
  // 除了县教育局还有别的单位参与吗 / 任务15与任务17责任单位的交集
  if (r.says(/(?:别的|其他|其它|另外的)(?:责任)?(?:单位|部门)/)) return 'units';
  if (
    r.has('common', 'difference') &&
    r.says(/单位|部门/) &&
    r.all('task').flatMap(({ s }) => s.tasks).length >= 2
  )
    return 'units';
  // no question word: "任务12和任务14共同的责任单位", "县财政局参与但县人社局没参与的任务"
  const last = [...r.spans].reverse().find((s) => s.kind !== 'sep' && s.kind !== 'word');
  if (
    last &&
    ((last.kind === 'role' && /单位|部门/.test(last.text)) ||
      (last.kind === 'field' && last.field === 'units'))
  )
    return 'units';
  if (last?.kind === 'field' && last.field === 'tasks') return 'tasks';
  return undefined;
}
