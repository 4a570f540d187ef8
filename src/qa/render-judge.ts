import type { Answer } from './answer.js';
import { describeQuery, describeSet } from './describe-query.js';
import { type Clause, inSet, plays, type Result } from './execute.js';
import { label, source, unitsOf } from './render-clause.js';
import { cnOrdinal, type Writer } from './writer.js';

const ROLE = { lead: '牵头', co: '配合', any: '参与' } as const;

const ROLE_UNIT = { lead: '牵头单位', co: '配合单位', none: '不是责任单位' } as const;

/** One unit's role in one clause; a yes or no first when one was asked. */
export function roleAnswer(r: Extract<Result, { kind: 'role' }>, w: Writer): Answer {
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
    const holds = r.role !== 'none' && (claim === 'any' || claim === r.role);
    // 县人社局不是任务14的责任单位吧: the statement is the negation, so it is right when the role does not hold
    if (r.query.not && !holds && r.role !== 'none' && claim !== 'any')
      head = `对。${unit}不是${lbl}的${ROLE_UNIT[claim]}，是${ROLE_UNIT[r.role]}。`;
    else head = r.query.not ? `${holds ? '不对' : '对'}。${head}` : `${holds ? '是' : '不是'}。${head}`;
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
export function rolesAnswer(r: Extract<Result, { kind: 'roles' }>, w: Writer): Answer {
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

export function checkAnswer(r: Extract<Result, { kind: 'check' }>, w: Writer): Answer {
  const c = r.query.claim;
  const kb = w.kb;
  const lines: string[] = [];
  let head: string;
  if (c.is === 'inSafeguards') {
    const name = (s: { no: number; title: string }) => `（${cnOrdinal(s.no)}）「${s.title}」`;
    const list = r.safeguards.map(name);
    const pool =
      c.safeguards.op === 'nos'
        ? kb.safeguards.filter((s) => c.safeguards.op === 'nos' && c.safeguards.nos.includes(s.no))
        : kb.safeguards;
    const named = pool.filter((s) => s.units.includes(c.unit));
    if (c.every) {
      // 保障机制每一条都有县财政局吗: yes only when each has it; a no names the ones without
      const without = pool.filter((s) => !r.safeguards.includes(s));
      head = r.yes
        ? `是。${pool.length}条保障机制都有${w.unit(c.unit)}：${list.join('、')}。`
        : `不是。${without.map((s) => `${name(s)}没有${w.unit(c.unit)}`).join('；')}${list.length ? `；${w.unit(c.unit)}在${list.join('、')}中` : ''}。`;
      for (const s of pool) lines.push(w.safeguardEvidence(s));
      return w.answer({ head, lines, tasks: [] });
    }
    if (!r.yes && c.role !== 'any' && named.length) {
      // 县人社局在保障机制里有牵头的吗: it is named there, in the other role
      const other = c.role === 'lead' ? '配合单位' : '牵头单位';
      head = `没有。${w.unit(c.unit)}没有${ROLE[c.role]}任何一条${c.safeguards.op === 'nos' ? '所问的' : ''}保障机制；它是${named.map(name).join('、')}的${other}。`;
      for (const s of named) lines.push(w.safeguardEvidence(s));
      return w.answer({ head, lines, tasks: [] });
    }
    head = r.yes
      ? `有。${w.unit(c.unit)}是${list.length}条保障机制的责任单位：${list.join('、')}。`
      : `没有。${w.unit(c.unit)}不在${c.safeguards.op === 'nos' ? `保障机制（${c.safeguards.nos.map(cnOrdinal).join('、')}）` : '任何一条保障机制'}的责任单位中。`;
    for (const s of r.safeguards) lines.push(w.safeguardEvidence(s));
    return w.answer({ head, lines, tasks: [] });
  }
  if (c.is === 'groups') {
    // 县人社局在每一组都有任务吗: the groups with such tasks, and those without
    const pred = describeSet(kb, c.pred).replace(/的任务$/, '');
    const byGroup = kb.groups.map((g) => ({ g, tasks: r.meets.filter((t) => t.group === g.no) }));
    const hit = byGroup.filter((x) => x.tasks.length);
    const miss = byGroup.filter((x) => !x.tasks.length);
    const yes = r.yes ? (c.quant === 'none' ? '是' : '是') : '不是';
    head =
      c.quant === 'none'
        ? `${yes}。${hit.length ? `有${hit.length}组有${pred}的任务` : `没有一组有${pred}的任务`}。`
        : miss.length === 0
          ? `${yes}，每一组都有${pred}的任务（共${kb.groups.length}组）。`
          : `${yes}。${miss.map((x) => `第${cnOrdinal(x.g.no)}组`).join('、')}没有${pred}的任务${hit.length ? `；有的是${hit.map((x) => `第${cnOrdinal(x.g.no)}组`).join('、')}` : ''}。`;
    for (const x of hit)
      lines.push(
        `• 第${cnOrdinal(x.g.no)}组${w.group(x.g.no).replace(/^第.部分/, '')}：${w.taskNos(x.tasks)}`,
      );
    return w.answer({ head, lines, tasks: r.meets.map((t) => t.no) });
  }
  if (c.is === 'sameGroup') {
    // 县文旅局和县委编办的任务在不在同一组: the group of each side's tasks
    const sides = c.preds.map((p) => {
      const tasks = r.meets.filter((t) => inSet(kb, t, p));
      const groups = [...new Set(tasks.map((t) => t.group))];
      return `${describeSet(kb, p)}（${tasks.length ? `${w.taskNos(tasks)}，第${groups.map(cnOrdinal).join('、')}组` : '没有'}）`;
    });
    const group = r.meets[0]?.group;
    head = r.yes
      ? `在。${sides.join('和')}都在第${cnOrdinal(group ?? 0)}组${w.group(group ?? 0).replace(/^第.部分/, '')}。`
      : `不在同一组：${sides.join('；')}。`;
    for (const t of r.meets) lines.push(w.evidence(t));
    return w.answer({ head, lines, tasks: r.meets.map((t) => t.no) });
  }
  if (c.is === 'onlyUnits') {
    // 是不是只有县教育局牵头任务: a no names the other units of that role, with their tasks
    const others = new Map<string, number[]>();
    for (const t of r.fails)
      for (const u of (c.role === 'lead' ? t.units.slice(0, 1) : t.units.slice(1)).filter(
        (x) => !c.units.includes(x),
      ))
        others.set(u, [...(others.get(u) ?? []), t.no]);
    const who = c.units.map((u) => w.unit(u)).join('、');
    const list = [...others].map(([u, nos]) => `${w.unit(u)}（任务${nos.join('、')}）`);
    head = r.yes
      ? `是。${describeSet(kb, c.domain)}都由${who}${ROLE[c.role]}（${w.taskNos(r.meets)}）。`
      : `不是。除${who}外，${ROLE[c.role]}任务的还有${list.join('、')}。`;
    for (const t of r.fails) lines.push(w.evidence(t));
    return w.answer({ head, lines, tasks: (r.yes ? r.meets : r.fails).map((t) => t.no) });
  }
  if (c.is === 'only') {
    // 县工科局是不是只在第四组有任务: the tasks outside the domain decide
    const pred = describeSet(kb, c.pred).replace(/的任务$/, '');
    const domain = describeSet(kb, c.domain);
    const where = (t: { no: number; group: number }) => `任务${t.no}（第${cnOrdinal(t.group)}组）`;
    head = r.yes
      ? `是。${pred}的任务都在${domain}中：${w.taskNos(r.meets)}。`
      : r.fails.length && !r.meets.length
        ? `不是。${domain}中没有${pred}的任务；${pred}的是${r.fails.map(where).join('、')}。`
        : r.fails.length
          ? `不是。除${domain}中的${w.taskNos(r.meets)}外，${pred}的还有${r.fails.map(where).join('、')}。`
          : `不是。没有${pred}的任务。`;
    for (const t of [...r.meets, ...r.fails]) lines.push(w.evidence(t));
    return w.answer({ head, lines, tasks: [...r.meets, ...r.fails].map((t) => t.no) });
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
  const one = all.length === 1 ? all[0] : undefined;
  if (one && c.pred.op === 'hasUnits' && c.quant !== 'some') {
    // 任务7有配合单位吗: that task's units, lead first
    const [lead, ...others] = one.units;
    const has = others.length > 0 || (c.pred.role !== 'co' && lead !== undefined);
    const yes = c.quant === 'none' ? !has : has;
    head = `${yes ? '有' : '没有'}。${w.task(one)}${
      others.length
        ? `由${w.unit(lead ?? '')}牵头，配合单位：${w.units(others)}。`
        : `只有${w.unit(lead ?? '')}一个责任单位，没有配合单位。`
    }`;
    return w.answer({ head, lines: [w.evidence(one)], tasks: [one.no] });
  }
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
      const held = kb.safeguards.filter((s) => plays(s, one.unit, one.role));
      const roleUnit = one.role === 'lead' ? '牵头单位' : '配合单位';
      const inSafeguards = held.map((s) => w.safeguard(s)).join('、');
      if (part.length === 0 && held.length && c.domain.op === 'all') {
        // 县委宣传部负责什么 → 它牵头吗: what it is responsible for is a safeguard, and there it holds the role
        head = `是。${w.unit(one.unit)}是${inSafeguards}的${roleUnit}（它不负责任何一项重点任务）。`;
        for (const s of held) lines.push(w.safeguardEvidence(s));
        return w.answer({ head, lines, tasks: [] });
      }
      head = `没有。${w.unit(one.unit)}没有${ROLE[one.role]}任何一项重点任务${part.length ? `；它参与的${w.taskNos(part)}均为${one.role === 'lead' ? '配合' : '牵头'}` : ''}。${held.length && c.domain.op === 'all' ? `但${w.unit(one.unit)}是${inSafeguards}的${roleUnit}。` : ''}`;
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

export function rankAnswer(r: Extract<Result, { kind: 'rank' }>, w: Writer): Answer {
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

export function compareAnswer(r: Extract<Result, { kind: 'compare' }>, w: Writer): Answer {
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
