import type { Safeguard } from '../knowledge/schema.js';
import type { Answer } from './answer.js';
import { describeQuery, describeSet } from './describe-query.js';
import type { Result } from './execute.js';
import { safeguardUnits } from './render-clause.js';
import { cnOrdinal, type Writer } from './writer.js';

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

export function tasksAnswer(r: Extract<Result, { kind: 'tasks' }>, w: Writer): Answer {
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
  if (q.count && r.tasks.length > 6) {
    // a count answers with a number: its many clauses are named, each one's text is a question away
    lines.push(
      `依据：四、重点任务中这${r.tasks.length}项各自的条文和“责任单位”；逐项的原文可以问“任务${r.tasks[0]?.no}谁负责”。`,
    );
  } else if (r.tasks.length && r.tasks.length <= 20) {
    lines.push('依据：');
    for (const t of r.tasks) lines.push(w.evidence(t));
  }
  lines.push(`我理解的问题：${describeQuery(kb, q)}`);
  return w.answer({ head, lines, tasks: r.tasks.map((t) => t.no) });
}

export function unitsAnswer(r: Extract<Result, { kind: 'units' }>, w: Writer): Answer {
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

export function groupsAnswer(r: Extract<Result, { kind: 'groups' }>, w: Writer): Answer {
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

export function safeguardsAnswer(r: Extract<Result, { kind: 'safeguards' }>, w: Writer): Answer {
  const q = r.query;
  const kb = w.kb;
  if (q.set.op === 'unit' && q.set.neg) {
    // 保障机制哪一条没有县财政局: the safeguards it is not named in
    const unit = q.set.unit;
    const list = r.safeguards.map((s) => `（${cnOrdinal(s.no)}）「${s.title}」`);
    const head = list.length
      ? `保障机制中没有${w.unit(unit)}的是${list.join('、')}（共${list.length}条）。`
      : `${kb.safeguards.length}条保障机制每一条都有${w.unit(unit)}。`;
    return w.answer({ head, lines: r.safeguards.map((s) => w.safeguardEvidence(s)), tasks: [] });
  }
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
