import type { Knowledge, Safeguard, Target, Task } from '../knowledge/schema.js';
import type { Answer } from './answer.js';
import { describeQuery, describeSet } from './describe-query.js';
import { type Clause, plays, type Result } from './execute.js';
import type { Gap } from './query.js';
import { renderDoc } from './render-doc.js';
import { renderGaps } from './render-gaps.js';
import { cnOrdinal, Writer } from './writer.js';

const ROLE = { lead: '牵头', co: '配合', any: '参与' } as const;
const ROLE_UNIT = { lead: '牵头单位', co: '配合单位', none: '不是责任单位' } as const;

/**
 * Renders a result as the answer: the conclusion in the first line, then the evidence (each clause quoted with
 * where it is), and for a combined question how it was read. What the plan does not cover is said first.
 */
export function render(result: Result, kb: Knowledge, opts: { english?: boolean } = {}): Answer {
  const w = new Writer(kb, opts.english ?? false);
  const gaps = 'gaps' in result.query ? (result.query.gaps ?? []) : [];
  const body = renderBody(result, w);
  if (gaps.length === 0 || result.kind === 'other') return body;
  return withGaps(w, gaps, body);
}

/**
 * An answer to the part understood, after a plain statement of what the plan does not cover. Words the plan does
 * not use (牵涉, 构成) leave the answer standing; a thing the plan does not have (a person, an amount, a name, a date
 * after it ends) makes the whole reply a refusal, with the part that could be answered after it.
 */
function withGaps(w: Writer, gaps: Gap[], body: Answer): Answer {
  const wordsOnly = gaps.every((g) => g.why === 'words');
  if (wordsOnly && body.found) {
    const note = `（方案原文中没有“${gaps.map((g) => g.words).join('、')}”的说法，以下按方案原文回答。）`;
    return { ...body, text: `${note}\n${body.text}`, units: w.unitsIn(`${note}\n${body.text}`) };
  }
  const said = renderGaps(w, gaps);
  return {
    ...body,
    text: `${said.text}\n${body.found ? '能回答的部分：' : ''}${body.text}`,
    found: false,
    tasks: [],
    units: w.unitsIn(`${said.text}\n${body.text}`),
  };
}

function renderBody(r: Result, w: Writer): Answer {
  switch (r.kind) {
    case 'clause':
      return clauseAnswer(r, w);
    case 'role':
      return roleAnswer(r, w);
    case 'roles':
      return rolesAnswer(r, w);
    case 'tasks':
      return tasksAnswer(r, w);
    case 'units':
      return unitsAnswer(r, w);
    case 'groups':
      return groupsAnswer(r, w);
    case 'safeguards':
      return safeguardsAnswer(r, w);
    case 'check':
      return checkAnswer(r, w);
    case 'rank':
      return rankAnswer(r, w);
    case 'compare':
      return compareAnswer(r, w);
    case 'doc':
      return renderDoc(r.query, w);
    case 'several': {
      const parts = r.parts.map((p) => render(p, w.kb, { english: w.english }));
      return w.several(parts, `分别回答${parts.length}个问题：`);
    }
    case 'other':
      return renderGaps(w, [], r.query);
  }
}

/** Who is responsible for a task: lead first, then the cooperating units, quoting the 责任单位 clause. */
function taskUnits(w: Writer, t: Task, mode: 'all' | 'lead' | 'co'): Answer {
  const [lead, ...others] = t.units as [string, ...string[]];
  const lines: string[] = [];
  let head: string;
  if (mode === 'lead') {
    head = `${w.task(t)}由${w.unit(lead)}牵头。`;
    if (others.length) lines.push(`配合单位：${w.units(others)}`);
  } else if (mode === 'co') {
    head = others.length
      ? `${w.task(t)}的配合单位：${w.units(others)}（牵头单位：${w.unit(lead)}）。`
      : `${w.task(t)}只有一个责任单位：${w.unit(lead)}，没有配合单位。`;
  } else {
    head = `${w.task(t)}的责任单位共${t.units.length}个：`;
    lines.push(`牵头：${w.unit(lead)}${others.length ? '' : '（唯一责任单位）'}`);
    if (others.length) lines.push(`配合：${w.units(others)}`);
  }
  if (w.english)
    lines.push('(The first unit listed in the plan leads; unit names are given in Chinese as printed.)');
  return w.answer({
    head,
    lines,
    quote: t.unitsClause,
    source: w.taskSource(t),
    tasks: [t.no],
    title: w.task(t),
    lead,
    others,
    suggestions: [`任务${t.no}的主要内容`, `任务${t.no}什么时候完成`],
  });
}

/** A safeguard mechanism: its units (or its text), quoting its clause. */
function safeguardUnits(w: Writer, s: Safeguard, mode: 'all' | 'lead' | 'co' | 'what'): Answer {
  const [lead, ...others] = s.units as [string, ...string[]];
  const label = w.safeguard(s);
  if (!lead) {
    return w.answer({
      head: `${label}没有列出责任单位。`,
      lines: [`主要内容：${s.text}`],
      source: w.safeguardSource(s),
      tasks: [],
    });
  }
  const lines =
    mode === 'lead'
      ? [`牵头：${w.unit(lead)}`]
      : mode === 'co'
        ? [`配合：${w.units(others)}（牵头：${w.unit(lead)}）`]
        : [`牵头：${w.unit(lead)}`, ...(others.length ? [`配合：${w.units(others)}`] : [])];
  if (mode === 'what') lines.unshift(`主要内容：${s.text}`);
  return w.answer({
    head: `${label}${mode === 'lead' ? `由${w.unit(lead)}牵头：` : `的责任单位共${s.units.length}个：`}`,
    lines,
    quote: s.unitsClause,
    source: w.safeguardSource(s),
    tasks: [],
    title: label,
    lead,
    others,
  });
}

/** When a task is due: its own date, or the goals' date it inherits. */
function deadlineText(t: Task): string {
  if (t.deadline.source === 'explicit') return `${t.deadline.text}（任务条款中明确）`;
  if (t.deadline.source === 'goals')
    return `${t.deadline.text}（本任务未单列时限，按发展目标“到${t.deadline.text}”执行）`;
  return '方案未规定完成时限';
}

/** The figures a task or safeguard sets, or a plain "there is no such figure". */
function figures(
  w: Writer,
  x: Task | Safeguard,
  isTask: boolean,
  chosen: Target[],
  topic: string,
  total: boolean,
): Answer {
  const label = isTask ? w.task(x as Task) : w.safeguard(x as Safeguard);
  if (chosen.length === 0) {
    return w.notCovered(
      `方案中没有“${topic || label}”的具体数字指标。最相关的条款是${label}，它没有规定这方面的数量或比例。`,
      [isTask ? `任务${x.no}的主要内容` : `保障机制${x.no}`],
    );
  }
  const lines = chosen.map(
    (t) => `• ${t.what}：${t.value}${t.unit}${t.deadline ? `（时限：${t.deadline}）` : ''}`,
  );
  // "一共要建多少门": figures in the same measure add up (1门 + 3门 → 合计4门)
  const sums =
    chosen.length > 1 && chosen.every((t) => typeof t.value === 'number' && t.unit === chosen[0]?.unit);
  if (total && sums)
    lines.unshift(`合计：${chosen.reduce((a, t) => a + Number(t.value), 0)}${chosen[0]?.unit ?? ''}`);
  if (x.units.length) lines.push(`责任单位：${w.units(x.units)}（${w.unit(x.units[0] ?? '')}牵头）`);
  return w.answer({
    head: `${label}的目标：`,
    lines,
    quote: [...new Set(chosen.map((t) => t.quote))].join('……'),
    source: isTask ? w.taskSource(x as Task) : w.safeguardSource(x as Safeguard),
    tasks: isTask ? [x.no] : [],
    title: label,
  });
}

function clauseAnswer(r: Extract<Result, { kind: 'clause' }>, w: Writer): Answer {
  const q = r.query;
  const c = r.clause;
  const kb = w.kb;
  if (c.type === 'goals') {
    const d = kb.goals.deadline;
    if (q.ask === 'deadline')
      return w.answer({
        head: `发展目标的期限${d ? `是${d.text}` : '方案没有写明'}：`,
        lines: [kb.goals.text],
        source: '〔出处：三、发展目标〕',
        tasks: [],
      });
    return w.answer({
      head: `三、发展目标${d ? `（期限：${d.text}）` : ''}：`,
      lines: [kb.goals.text],
      source: '〔出处：三、发展目标〕',
      tasks: [],
    });
  }
  if (c.type === 'principle') {
    const p = c.principle;
    return w.answer({
      head: `基本原则（${cnOrdinal(p.no)}）：${p.title}`,
      lines: [p.text],
      source: '〔出处：二、基本原则〕',
      tasks: [],
    });
  }
  if (c.type === 'safeguard') {
    const s = c.safeguard;
    switch (q.ask) {
      case 'targets':
        return figures(w, s, false, r.targets, q.topic ?? '', q.total ?? false);
      case 'quote':
        return w.answer({
          head: `${w.safeguard(s)}的原文：`,
          lines: [`“${s.text}${s.unitsClause}”`],
          source: w.safeguardSource(s),
          tasks: [],
        });
      case 'place':
        return w.answer({
          head: `在“五、保障机制”的第${cnOrdinal(s.no)}条：${w.safeguard(s)}。`,
          source: w.safeguardSource(s),
          tasks: [],
        });
      case 'deadline':
        return w.notCovered(
          `方案没有给${w.safeguard(s)}规定完成时限。${kb.goals.deadline ? `方案的总体目标期限是${kb.goals.deadline.text}。` : ''}`,
        );
      case 'summary':
        return safeguardUnits(w, s, 'what');
      default:
        return safeguardUnits(w, s, q.ask === 'lead' ? 'lead' : q.ask === 'co' ? 'co' : 'all');
    }
  }
  const t = c.task;
  switch (q.ask) {
    case 'units':
    case 'unitCount':
      return taskUnits(w, t, 'all');
    case 'lead':
      return taskUnits(w, t, 'lead');
    case 'co':
      return taskUnits(w, t, 'co');
    case 'deadline':
      return w.answer({
        head: `${w.task(t)}的完成时限：${deadlineText(t)}。`,
        lines: t.targets.map((x) => `目标：${x.quote}`),
        quote: t.deadline.source === 'explicit' ? t.deadline.quote : kb.goals.text,
        source: t.deadline.source === 'explicit' ? w.taskSource(t) : '〔出处：三、发展目标〕',
        tasks: [t.no],
        title: w.task(t),
        suggestions: [`任务${t.no}谁负责`],
      });
    case 'targets':
      return figures(w, t, true, r.targets, q.topic ?? '', q.total ?? false);
    case 'quote': {
      const quotes = r.targets.length
        ? [...new Set(r.targets.map((x) => x.quote))]
        : [`${t.text}${t.unitsClause}`];
      return w.answer({
        head: `${w.task(t)}的原文：`,
        lines: quotes.map((x) => `“${x}”`),
        source: w.taskSource(t),
        tasks: [t.no],
      });
    }
    case 'place':
      return w.answer({
        head: `${w.task(t)}属于${w.group(t.group)}，是“四、重点任务”的第${t.no}项。`,
        source: w.taskSource(t),
        tasks: [t.no],
      });
    default: {
      const [lead, ...others] = t.units as [string, ...string[]];
      const lines = [
        `主要内容：${t.text}`,
        `牵头单位：${w.unit(lead)}${others.length ? `；配合单位：${w.units(others)}` : ''}`,
        `完成时限：${deadlineText(t)}`,
      ];
      if (w.english) lines.unshift(`(${t.titleEn})`);
      return w.answer({
        head: w.task(t),
        lines,
        quote: t.unitsClause,
        source: w.taskSource(t),
        tasks: [t.no],
        title: w.task(t),
        lead,
        others,
        suggestions: [`任务${t.no}谁牵头`],
      });
    }
  }
}

/** The units of a clause, or none. */
function unitsOf(c: Clause): string[] {
  return c.type === 'task' ? c.task.units : c.type === 'safeguard' ? c.safeguard.units : [];
}

/** 任务14「…」 or 保障机制（三）「…」. */
function label(w: Writer, c: Clause): string {
  return c.type === 'task'
    ? w.task(c.task)
    : c.type === 'safeguard'
      ? w.safeguard(c.safeguard)
      : c.type === 'goals'
        ? '发展目标'
        : `基本原则（${cnOrdinal(c.principle.no)}）`;
}

function source(w: Writer, c: Clause): string {
  return c.type === 'task'
    ? w.taskSource(c.task)
    : c.type === 'safeguard'
      ? w.safeguardSource(c.safeguard)
      : '';
}

/** One unit's role in one clause; a yes or no first when one was asked. */
function roleAnswer(r: Extract<Result, { kind: 'role' }>, w: Writer): Answer {
  const units = unitsOf(r.clause);
  const unit = w.unit(r.query.unit);
  const lbl = label(w, r.clause);
  const [lead, ...others] = units;
  let head =
    r.role === 'none'
      ? `${unit}不是${lbl}的责任单位。`
      : `${unit}是${lbl}的${r.role === 'lead' ? '牵头单位' : '配合单位'}。`;
  const claim = r.query.claim;
  if (claim) {
    const yes = r.role !== 'none' && (claim === 'any' || claim === r.role);
    head = `${yes ? '是' : '不是'}。${head}`;
  }
  const lines =
    units.length === 0
      ? ['该条款没有列出责任单位。']
      : [
          `该${r.clause.type === 'task' ? '任务' : '条'}由${w.unit(lead as string)}牵头${others.length ? `，配合单位：${w.units(others)}` : '（唯一责任单位）'}。`,
        ];
  return w.answer({
    head,
    lines,
    quote:
      r.clause.type === 'task'
        ? r.clause.task.unitsClause
        : r.clause.type === 'safeguard'
          ? r.clause.safeguard.unitsClause
          : undefined,
    source: source(w, r.clause),
    tasks: r.clause.type === 'task' ? [r.clause.task.no] : [],
    title: lbl,
  });
}

/** Several units' roles in several clauses; with `same`, whether they are the same. */
function rolesAnswer(r: Extract<Result, { kind: 'roles' }>, w: Writer): Answer {
  const tasks = r.clauses.flatMap((c) => (c.type === 'task' ? [c.task.no] : []));
  const evidence = r.clauses.flatMap((c) =>
    c.type === 'task'
      ? [w.evidence(c.task)]
      : c.type === 'safeguard'
        ? [w.safeguardEvidence(c.safeguard)]
        : [],
  );
  if (r.query.units.length === 0) {
    // the units of two clauses compared
    const [a, b] = r.clauses as [Clause, Clause];
    const ua = unitsOf(a);
    const ub = unitsOf(b);
    const names = `${label(w, a)}和${label(w, b)}`;
    const same = ua.length === ub.length && ua.every((u) => ub.includes(u));
    let head: string;
    if (same) {
      head = `一样：${names}的责任单位相同，都是${w.units(ua)}这${ua.length}个单位${ua[0] === ub[0] ? `，且都由${w.unit(ua[0] as string)}牵头` : `；但牵头单位不同：${label(w, a)}由${ua[0]}牵头，${label(w, b)}由${ub[0]}牵头`}。`;
    } else {
      const both = ua.filter((u) => ub.includes(u));
      head = `不完全相同：${names}共同的责任单位有${both.length}个${both.length ? `（${w.units(both)}）` : ''}`;
      const onlyA = ua.filter((u) => !ub.includes(u));
      const onlyB = ub.filter((u) => !ua.includes(u));
      if (onlyA.length) head += `；只在${label(w, a)}中的：${w.units(onlyA)}`;
      if (onlyB.length) head += `；只在${label(w, b)}中的：${w.units(onlyB)}`;
      head += '。';
    }
    return w.answer({ head, lines: ['依据：', ...evidence], tasks });
  }
  if (r.query.same && r.query.units.length === 1) {
    const unit = r.query.units[0] as string;
    const kinds = new Set(r.rows.map((x) => x.role));
    const each = r.rows.map(
      (x) => `在${label(w, x.clause)}中${x.role === 'none' ? '' : '是'}${ROLE_UNIT[x.role]}`,
    );
    const head =
      kinds.size === 1
        ? `一样：${w.unit(unit)}在${r.clauses.map((c) => label(w, c)).join('和')}中都${r.rows[0]?.role === 'none' ? '不是责任单位' : `是${ROLE_UNIT[r.rows[0]?.role ?? 'none']}`}。`
        : `不一样：${w.unit(unit)}${each.join('，')}。`;
    return w.answer({ head, lines: ['依据：', ...evidence], tasks });
  }
  const byClause = r.clauses.map((c) => {
    const rows = r.rows.filter((x) => x.clause === c);
    const say = rows.map((x) =>
      x.role === 'none'
        ? `${w.unit(x.unit)}不是该${c.type === 'task' ? '任务' : '条'}的责任单位`
        : `${w.unit(x.unit)}是${ROLE_UNIT[x.role]}`,
    );
    return `在${label(w, c)}中，${say.join('，')}`;
  });
  const lines: string[] = [];
  for (const c of r.clauses) {
    if (r.rows.some((x) => x.clause === c && x.role === 'none')) {
      const u = unitsOf(c);
      lines.push(`${label(w, c)}的责任单位：${w.units(u)}（${u[0]}牵头）`);
    }
  }
  return w.answer({ head: `${byClause.join('；')}。`, lines: [...lines, '依据：', ...evidence], tasks });
}

/** The tasks a unit takes part in (or leads), and the safeguards it appears in. */
function unitTaskList(
  r: Extract<Result, { kind: 'tasks' }>,
  w: Writer,
  unit: string,
  ledOnly: boolean,
): Answer {
  const u = w.unit(unit);
  const tasks = r.tasks;
  const role = (units: string[]) => (units[0] === unit ? '牵头' : '配合');
  const lines = tasks.map((t) => `• ${w.task(t)}（${role(t.units)}，第${cnOrdinal(t.group)}部分）`);
  const safeguards = w.kb.safeguards.filter((s) => (ledOnly ? s.units[0] === unit : s.units.includes(unit)));
  let head: string;
  if (ledOnly) {
    const part = w.kb.tasks.filter((t) => t.units.includes(unit));
    head = tasks.length
      ? `${u}牵头的重点任务共${tasks.length}项：`
      : `方案中${u}没有牵头的重点任务（责任单位中首列的单位为牵头单位）${part.length ? `；它参与的${w.taskNos(part)}均为配合` : ''}。`;
  } else {
    const led = tasks.filter((t) => t.units[0] === unit).length;
    head = tasks.length
      ? `${u}是${tasks.length}项重点任务的责任单位（其中牵头${led}项）：`
      : `${u}不是任何一项重点任务的责任单位。`;
  }
  if (safeguards.length) {
    lines.push(
      `${ledOnly ? '牵头的' : '参与的'}保障机制：${safeguards.map((s) => `（${cnOrdinal(s.no)}）${s.title}（${role(s.units)}）`).join('、')}`,
    );
  }
  return w.answer({
    head,
    lines,
    source: '〔依据：各条任务末尾的“责任单位”，首列单位为牵头单位〕',
    tasks: tasks.map((t) => t.no),
    title: `${unit}${ledOnly ? '牵头的任务' : '的任务'}`,
    suggestions: tasks.length ? [`任务${tasks[0]?.no}谁负责`] : [],
  });
}

function tasksAnswer(r: Extract<Result, { kind: 'tasks' }>, w: Writer): Answer {
  const q = r.query;
  const kb = w.kb;
  const s = q.set;
  // one unit's tasks: its own list with roles and safeguards
  if (!q.count && !q.each && s.op === 'unit' && s.role !== 'co')
    return unitTaskList(r, w, s.unit, s.role === 'lead');
  // all the tasks: the plan's overview by group
  if (!q.each && s.op === 'all') {
    return w.answer({
      head: `方案共有${kb.tasks.length}项重点任务，分为${kb.groups.length}组：`,
      lines: kb.groups.map(
        (g) =>
          `（${cnOrdinal(g.no)}）${g.title}：任务${g.tasks[0]}—${g.tasks[g.tasks.length - 1]}（${g.tasks.length}项）${q.count ? '' : `\n${g.tasks.map((n) => `  ${n}. ${kb.tasks[n - 1]?.title ?? ''}`).join('\n')}`}`,
      ),
      source: '〔出处：四、重点任务〕',
      tasks: [],
    });
  }
  // one group: its tasks
  if (!q.count && !q.each && s.op === 'group') {
    const g = kb.groups[s.group - 1];
    if (g)
      return w.answer({
        head: `重点任务第${cnOrdinal(g.no)}组「${g.title}」包括${g.tasks.length}项任务：`,
        lines: r.tasks.map((t) => `  ${t.no}. ${t.title}`),
        source: `〔出处：四、重点任务（${cnOrdinal(g.no)}）〕`,
        tasks: r.tasks.map((t) => t.no),
      });
  }
  const d = describeSet(kb, s);
  const lines: string[] = [];
  let head: string;
  if (q.each === 'lead') {
    const leads = [...new Set(r.tasks.map((t) => t.units[0] as string))];
    head = `这${r.tasks.length}项任务的牵头单位共${leads.length}个：${w.units(leads)}。`;
    for (const t of r.tasks) lines.push(`• ${w.task(t)}：${w.unit(t.units[0] as string)}牵头`);
  } else if (q.each === 'group') {
    head = `${d}共${r.tasks.length}项，分别属于：`;
    for (const t of r.tasks) lines.push(`• ${w.task(t)}：${w.group(t.group)}`);
  } else if (q.each === 'units') {
    head = `${d}共${r.tasks.length}项，各自的责任单位：`;
    for (const t of r.tasks)
      lines.push(`• ${w.task(t)}：${w.units(t.units)}（${w.unit(t.units[0] as string)}牵头）`);
  } else if (q.count) {
    head = `${d}共${r.tasks.length}项${r.tasks.length ? `：${w.taskNos(r.tasks)}` : ''}。`;
  } else {
    head = r.tasks.length
      ? `${d}共${r.tasks.length}项：${w.taskNos(r.tasks)}。`
      : `方案中没有符合条件的任务（${d}：0项）。`;
  }
  if (r.tasks.length && r.tasks.length <= 20) {
    lines.push('依据：');
    for (const t of r.tasks) lines.push(w.evidence(t));
  }
  lines.push(`我理解的问题：${describeQuery(kb, q)}`);
  return w.answer({ head, lines, tasks: r.tasks.map((t) => t.no) });
}

function unitsAnswer(r: Extract<Result, { kind: 'units' }>, w: Writer): Answer {
  const q = r.query;
  const what = describeQuery(w.kb, q).replace(/有(?:哪些|几个)$/, '');
  const n = r.units.length;
  const except = q.set.op === 'minus' ? q.set.sets.flatMap((x) => (x.op === 'named' ? x.units : [])) : [];
  const head = n
    ? `${what}${q.count ? '共' : '有'}${n}个：${w.units(r.units)}。`
    : except.length
      ? `除${except.join('、')}外没有其他单位。`
      : `${what}：没有（0个）。`;
  const lines: string[] = [];
  const againstAll =
    q.set.op === 'minus' && q.set.sets.some((x) => x.op === 'ofTasks' && x.tasks.op === 'all');
  if (againstAll) {
    // units found only outside the tasks: where each one is named is the evidence
    lines.push('依据：');
    for (const u of r.units) {
      const where = w.kb.safeguards.filter((s) => s.units.includes(u)).map((s) => w.safeguard(s));
      lines.push(`• ${w.unit(u)}：见${where.join('、') || '（无）'}，不在任何一项重点任务的责任单位中`);
    }
  } else {
    const tasks = r.tasks.length <= 8 ? r.tasks : [];
    const safeguards = r.safeguards.length <= 4 ? r.safeguards : [];
    if (tasks.length || safeguards.length) lines.push('依据：');
    for (const t of tasks) lines.push(w.evidence(t));
    for (const s of safeguards) lines.push(w.safeguardEvidence(s));
  }
  lines.push(`我理解的问题：${describeQuery(w.kb, q)}`);
  return w.answer({ head, lines, tasks: r.tasks.map((t) => t.no) });
}

function groupsAnswer(r: Extract<Result, { kind: 'groups' }>, w: Writer): Answer {
  const q = r.query;
  const kb = w.kb;
  if (q.set.op === 'all' || q.set.op === 'nos') {
    const groups = r.groups;
    return w.answer({
      head: `方案共有${kb.tasks.length}项重点任务，分为${kb.groups.length}组${groups.length < kb.groups.length ? `，其中：` : '：'}`,
      lines: groups.map(
        (g) =>
          `（${cnOrdinal(g.no)}）${g.title}：任务${g.tasks[0]}—${g.tasks[g.tasks.length - 1]}（${g.tasks.length}项）`,
      ),
      source: '〔出处：四、重点任务〕',
      tasks: q.set.op === 'nos' ? groups.flatMap((g) => g.tasks) : [],
    });
  }
  const d = describeQuery(kb, q);
  const head = r.groups.length
    ? `共${r.groups.length}组：${r.groups.map((g) => w.group(g.no)).join('、')}。`
    : `没有这样的组（0组）。`;
  const lines = r.groups.map((g) => `• ${w.group(g.no)}：任务${g.tasks.join('、')}`);
  lines.push(`我理解的问题：${d}`);
  return w.answer({ head, lines, tasks: r.groups.flatMap((g) => g.tasks) });
}

function safeguardsAnswer(r: Extract<Result, { kind: 'safeguards' }>, w: Writer): Answer {
  const q = r.query;
  const kb = w.kb;
  if (q.set.op === 'unit') {
    const unit = q.set.unit;
    const list = r.safeguards.map(
      (s) => `（${cnOrdinal(s.no)}）「${s.title}」${s.units[0] === unit ? '（牵头）' : ''}`,
    );
    const head = list.length
      ? `${w.unit(unit)}出现在${list.length}条保障机制中：${list.join('、')}。`
      : `${w.unit(unit)}不在任何一条保障机制的责任单位中。`;
    return w.answer({ head, lines: r.safeguards.map((s) => w.safeguardEvidence(s)), tasks: [] });
  }
  if (r.safeguards.length === 1 && q.set.op === 'nos')
    return safeguardUnits(w, r.safeguards[0] as Safeguard, 'what');
  return w.answer({
    head: `方案有${kb.safeguards.length}项保障机制${q.count ? `（共${kb.safeguards.length}条）` : ''}：`,
    lines: r.safeguards.map(
      (s) =>
        `（${cnOrdinal(s.no)}）${s.title}：${s.units.length ? `${w.units(s.units)}（${w.unit(s.units[0] as string)}牵头）` : '未列责任单位'}`,
    ),
    source: '〔出处：五、保障机制，各条末尾的“责任单位”〕',
    tasks: [],
  });
}

function checkAnswer(r: Extract<Result, { kind: 'check' }>, w: Writer): Answer {
  const c = r.query.claim;
  const kb = w.kb;
  const lines: string[] = [];
  let head: string;
  if (c.is === 'inSafeguards') {
    const list = r.safeguards.map((s) => `（${cnOrdinal(s.no)}）「${s.title}」`);
    head = r.yes
      ? `有。${w.unit(c.unit)}是${list.length}条保障机制的责任单位：${list.join('、')}。`
      : `没有。${w.unit(c.unit)}不在${c.safeguards.op === 'nos' ? `保障机制（${c.safeguards.nos.map(cnOrdinal).join('、')}）` : '任何一条保障机制'}的责任单位中。`;
    for (const s of r.safeguards) lines.push(w.safeguardEvidence(s));
    return w.answer({ head, lines, tasks: [] });
  }
  if (c.is === 'count') {
    const unit = c.set.op === 'and' ? c.set.sets.find((x) => x.op === 'unit') : undefined;
    const who = unit?.op === 'unit' ? `${w.unit(unit.unit)}${ROLE[unit.role]}` : describeSet(kb, c.set);
    head = `${r.yes ? '是' : '不是'}。${who}的任务共${r.count}项${r.meets.length ? `：${w.taskNos(r.meets)}` : ''}。`;
    if (r.yes && c.n === 1 && unit?.op === 'unit')
      head = `是。${w.unit(unit.unit)}只${ROLE[unit.role]}了1项任务：${w.taskNos(r.meets)}。`;
    for (const t of r.meets) lines.push(w.evidence(t));
    // the safeguards are not tasks, but the unit is named there too
    const also = unit?.op === 'unit' ? kb.safeguards.filter((s) => plays(s, unit.unit, unit.role)) : [];
    if (also.length)
      lines.push(
        `另外，${w.unit(unit?.op === 'unit' ? unit.unit : '')}还是${also.map((s) => w.safeguard(s)).join('、')}的责任单位（保障机制不计入重点任务）。`,
      );
    return w.answer({ head, lines, tasks: r.meets.map((t) => t.no) });
  }
  const pred = describeSet(kb, c.pred).replace(/的任务$/, '');
  const domain = describeSet(kb, c.domain);
  const all = [...r.meets, ...r.fails].sort((a, b) => a.no - b.no);
  if (c.quant === 'every') {
    head = r.yes
      ? `是。${domain}共${all.length}项，都是${pred}的：${w.taskNos(all)}。`
      : r.meets.length
        ? `不是。${domain}共${all.length}项，${pred}的是${w.taskNos(r.meets)}，不是的是${w.taskNos(r.fails)}。`
        : `不是。${domain}共${all.length}项（${w.taskNos(all)}），都不是${pred}的。`;
  } else if (c.quant === 'some') {
    const one = c.pred.op === 'unit' ? c.pred : undefined;
    // 它还牵头别的任务吗: the tasks left out of the domain are the ones already talked about
    const besides = c.domain.op === 'not' && c.domain.set.op === 'tasks' ? c.domain.set.tasks : [];
    if (one && besides.length) {
      const held = kb.tasks.filter((t) => besides.includes(t.no) && plays(t, one.unit, one.role));
      head = r.yes
        ? `有。除任务${besides.join('、')}外，${w.unit(one.unit)}还${ROLE[one.role]}${w.taskNos(r.meets)}（共${r.meets.length}项）。`
        : `没有。除任务${besides.join('、')}外，${w.unit(one.unit)}没有${ROLE[one.role]}其他任务${held.length ? `，只${ROLE[one.role]}${w.taskNos(held)}` : ''}。`;
    } else if (!r.yes && one && one.role !== 'any') {
      // never "X牵头" in a no: X没有牵头任何一项任务
      const part = kb.tasks.filter((t) => t.units.includes(one.unit));
      head = `没有。${w.unit(one.unit)}没有${ROLE[one.role]}任何一项重点任务${part.length ? `；它参与的${w.taskNos(part)}均为${one.role === 'lead' ? '配合' : '牵头'}` : ''}。`;
    } else if (r.yes && one)
      head = `有。${w.unit(one.unit)}${ROLE[one.role]}${w.taskNos(r.meets)}（共${r.meets.length}项）。`;
    else
      head = r.yes
        ? `有。${pred}的任务共${r.meets.length}项：${w.taskNos(r.meets)}。`
        : `没有。${domain}中没有${pred}的任务。`;
  } else {
    head = r.yes ? `是，都不是：${domain}中没有${pred}的任务。` : `不是。${pred}的有${w.taskNos(r.meets)}。`;
  }
  const shown = c.quant === 'some' && !r.yes ? [] : all.length <= 10 ? all : r.meets;
  if (shown.length) lines.push('依据：', ...shown.map((t) => w.evidence(t)));
  if (r.yes) lines.push(`我理解的问题：${describeQuery(kb, r.query)}`);
  return w.answer({ head, lines, tasks: (c.quant === 'some' ? r.meets : all).map((t) => t.no) });
}

function rankAnswer(r: Extract<Result, { kind: 'rank' }>, w: Writer): Answer {
  const q = r.query;
  const measure =
    q.over === 'units'
      ? `${ROLE[q.role]}${q.measure === 'safeguards' ? '保障机制' : '任务'}`
      : q.over === 'groups'
        ? q.measure === 'units'
          ? '涉及的单位'
          : '任务'
        : '责任单位';
  const unitWord =
    q.over === 'units' || (q.over === 'groups' && q.measure !== 'units')
      ? q.measure === 'safeguards'
        ? '条'
        : '项'
      : '个';
  const ex =
    (q.within ? `在${describeSet(w.kb, q.within)}中，` : '') +
    (q.except.length ? `除${q.except.join('、')}外，` : '');
  const most = q.position > 1 ? `排第${cnOrdinal(q.position)}` : q.dir === 'min' ? '最少' : '最多';
  if (r.top.length === 0)
    return w.notCovered(`没有这个名次：按${measure}的多少只有${new Set(r.ranking.map((x) => x.n)).size}档。`);
  const names = r.top.map((x) =>
    x.task
      ? w.task(x.task)
      : x.safeguard
        ? w.safeguard(x.safeguard)
        : x.group
          ? w.group(x.group.no)
          : w.unit(x.name),
  );
  const head = `${ex}${measure}${most}的是${names.join('和')}${r.top.length > 1 ? '，各' : '，共'}${r.top[0]?.n ?? 0}${unitWord}。`;
  const lines: string[] = [];
  for (const x of r.top) {
    if (x.task) lines.push(w.evidence(x.task));
    if (x.safeguard) lines.push(w.safeguardEvidence(x.safeguard));
  }
  lines.push(`我理解的问题：${describeQuery(w.kb, q)}`);
  return w.answer({ head, lines, tasks: r.top.flatMap((x) => (x.task ? [x.task.no] : [])) });
}

function compareAnswer(r: Extract<Result, { kind: 'compare' }>, w: Writer): Answer {
  const q = r.query;
  const max = Math.max(...r.rows.map((c) => c.n));
  const min = Math.min(...r.rows.map((c) => c.n));
  const winners = r.rows.filter((c) => c.n === max);
  const lines: string[] = [];
  let head: string;
  let tasks: number[] = [];
  if (q.over === 'units') {
    const role = ROLE[q.role];
    head =
      winners.length === r.rows.length
        ? `一样多：${r.rows.map((c) => w.unit(c.name)).join('和')}各${role}${max}项任务。`
        : `${winners.map((c) => w.unit(c.name)).join('、')}${role}的任务更多：${r.rows.map((c) => `${w.unit(c.name)}${c.n}项`).join('，')}${r.rows.length === 2 ? `，多${max - min}项` : ''}。`;
    for (const c of r.rows)
      lines.push(`• ${w.unit(c.name)}${role}的任务：${c.tasks.length ? w.taskNos(c.tasks) : '无'}`);
    tasks = [...new Set(r.rows.flatMap((c) => c.tasks.map((t) => t.no)))];
  } else if (q.over === 'groups') {
    const what = q.measure === 'units' ? '个责任单位' : '项任务';
    const name = (i: number) => w.group(Number(q.items[i]));
    head =
      winners.length === r.rows.length
        ? `一样多：${r.rows.map((_, i) => name(i)).join('和')}各有${max}${what}。`
        : `${r.rows.flatMap((c, i) => (c.n === max ? [name(i)] : [])).join('、')}更多：${r.rows.map((c, i) => `${name(i)}${c.n}${what}`).join('，')}${r.rows.length === 2 ? `，多${max - min}${what.replace(/^个|^项/, (x) => x)}` : ''}。`;
    for (const [i, c] of r.rows.entries())
      lines.push(
        `• ${name(i)}：${w.taskNos(c.tasks)}${q.measure === 'units' ? `；单位：${w.units(c.units)}` : ''}`,
      );
    tasks = r.rows.flatMap((c) => c.tasks.map((t) => t.no));
  } else {
    const names = r.rows.map((c) => c.name).join('和');
    head =
      winners.length === r.rows.length
        ? `一样多：${names}各有${max}个责任单位。`
        : `${winners.map((c) => c.name).join('、')}的责任单位更多：${r.rows.map((c) => `${c.name}有${c.n}个`).join('，')}${r.rows.length === 2 ? `，多${max - min}个` : ''}。`;
    for (const c of r.rows) for (const t of c.tasks) lines.push(w.evidence(t));
    tasks = r.rows.flatMap((c) => c.tasks.map((t) => t.no));
  }
  lines.push(`我理解的问题：${describeQuery(w.kb, q)}`);
  return w.answer({ head, lines, tasks });
}
