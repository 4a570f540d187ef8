import type { Knowledge, Safeguard, Task } from '../knowledge/schema.js';
import type { Answer } from './answer.js';
import { LEAD_CONVENTION, leadByConvention } from './lead-convention.js';
import type { Query, TaskSet, UnitSource } from './query.js';
import { cnOrdinal, type Renderer } from './render-answer.js';
import type { QueryResult } from './run-query.js';

const ROLE = { lead: '牵头', co: '配合', any: '参与' } as const;

/** The tasks of a set described in words, for "我理解的问题". */
export function describeSet(kb: Knowledge, s: TaskSet): string {
  switch (s.op) {
    case 'all':
      return `全部${kb.tasks.length}项重点任务`;
    case 'tasks':
      return `任务${s.tasks.join('、')}`;
    case 'group':
      return `第${cnOrdinal(s.group)}部分「${kb.groups[s.group - 1]?.title ?? ''}」的任务`;
    case 'unit':
      return `${s.unit}${ROLE[s.role]}的任务`;
    case 'unitCount': {
      const cmp = { eq: '恰好', lt: '少于', le: '不超过', gt: '超过', ge: '至少' }[s.cmp ?? 'eq'];
      return `责任单位${cmp}${s.n}个的任务`;
    }
    case 'unitsExactly':
      return `责任单位恰好是${s.units.join('、')}的任务`;
    case 'and':
      return s.sets.map((x) => describeSet(kb, x)).join('，且为');
    case 'or':
      return s.sets.map((x) => describeSet(kb, x)).join('，或');
    case 'not':
      return s.set.op === 'unit'
        ? `${s.set.unit}没有${ROLE[s.set.role]}的任务`
        : `不属于“${describeSet(kb, s.set)}”的任务`;
  }
}

function describeSource(kb: Knowledge, s: UnitSource): string {
  const role = s.role === 'any' ? '责任单位' : s.role === 'lead' ? '牵头单位' : '配合单位';
  if (s.from === 'safeguards') {
    return s.safeguards
      ? `保障机制（${s.safeguards.map(cnOrdinal).join('、')}）的${role}`
      : `保障机制的${role}`;
  }
  return `${describeSet(kb, s.tasks)}的${role}`;
}

/** The question as the parser understood it, in one line. */
export function describeQuery(kb: Knowledge, q: Query): string {
  switch (q.select) {
    case 'tasks':
      return `哪些任务是${describeSet(kb, q.tasks)}`;
    case 'countTasks':
      return `${describeSet(kb, q.tasks)}有几项${q.ofWhich ? `，其中${describeSet(kb, q.ofWhich)}有几项` : ''}`;
    case 'units': {
      const parts = q.sources.map((s) => describeSource(kb, s));
      const joined =
        q.combine === 'common'
          ? `${parts.join('与')}共同的单位`
          : q.combine === 'minus'
            ? `${parts[0]}中，不在${parts.slice(1).join('、')}里的单位`
            : parts.join('和');
      const ex = q.except.length ? `，除去${q.except.join('、')}` : '';
      const only = q.taskCount ? `，只${ROLE[q.taskRole ?? 'any']}${q.taskCount}项任务的` : '';
      return `${joined}${ex}${only}${q.count ? '有几个' : '有哪些'}`;
    }
    case 'leads':
      return `${describeSet(kb, q.tasks)}各由谁牵头`;
    case 'roles':
      return `${q.units.join('、')}在任务${q.task}中的角色`;
    case 'safeguardsOf':
      return `${q.unit}${ROLE[q.role]}哪几条保障机制`;
    case 'rolesAcross':
      return `${q.unit}在任务${q.tasks.join('和任务')}中的角色是否一样`;
    case 'rank': {
      const what = q.over === 'units' ? `${ROLE[q.role]}任务` : '责任单位';
      const over =
        q.over === 'units' ? '单位' : q.over === 'tasks' ? '任务' : q.over === 'groups' ? '部分' : '保障机制';
      const within = q.within ? `在${describeSet(kb, q.within)}中，` : '';
      const measure = q.over === 'units' && q.measure === 'safeguards' ? `${ROLE[q.role]}的保障机制` : what;
      const groupMeasure = q.over === 'groups' ? (q.measure === 'units' ? '涉及的单位' : '的任务') : measure;
      const place =
        q.position && q.position > 1 ? `排第${cnOrdinal(q.position)}` : q.dir === 'max' ? '最多' : '最少';
      return `${within}${q.except.length ? `除${q.except.join('、')}外，` : ''}哪个${over}${groupMeasure}${place}`;
    }
    case 'compareTasks':
      return `任务${q.tasks.join('和任务')}的责任单位${q.how === 'same' ? '是否相同' : '哪个多'}`;
    case 'compareUnits':
      return `${q.units.join('和')}谁${ROLE[q.role]}的任务多`;
    case 'compareGroups':
      return `第${q.groups.map(cnOrdinal).join('部分和第')}部分哪个${q.measure === 'units' ? '涉及的单位' : '任务'}多`;
  }
}

const taskNos = (tasks: Task[]) => `任务${tasks.map((t) => t.no).join('、')}`;

/** Renders a query's result: the conclusion in one line, then the evidence (each clause quoted), then how it was read. */
export function renderQuery(kb: Knowledge, r: Renderer, q: Query, res: QueryResult): Answer {
  const lines: string[] = [];
  let head: string;
  let tasks: number[] = [];
  const evidence: Task[] = [];
  const safeguards: Safeguard[] = [];
  const label = (t: Task) => `任务${t.no}「${t.title}」`;
  switch (res.select) {
    case 'tasks': {
      const d = q.select === 'tasks' ? describeSet(kb, q.tasks) : '';
      head = res.tasks.length
        ? `${d}共${res.tasks.length}项：${taskNos(res.tasks)}。`
        : `方案中没有符合条件的任务（${d}：0项）。`;
      tasks = res.tasks.map((t) => t.no);
      evidence.push(...res.tasks);
      break;
    }
    case 'countTasks': {
      const d = q.select === 'countTasks' ? describeSet(kb, q.tasks) : '';
      head = `${d}共${res.tasks.length}项${res.tasks.length ? `：${taskNos(res.tasks)}` : ''}`;
      if (res.ofWhich && q.select === 'countTasks' && q.ofWhich) {
        const sub = describeSet(kb, q.ofWhich);
        head += res.ofWhich.length
          ? `；其中${sub.replace(/的任务$/, '')}的有${res.ofWhich.length}项：${taskNos(res.ofWhich)}`
          : `；其中${sub.replace(/的任务$/, '')}的0项（均为配合，没有牵头）`;
      }
      head += '。';
      tasks = res.tasks.map((t) => t.no);
      evidence.push(...res.tasks);
      break;
    }
    case 'units': {
      const n = res.units.length;
      const what = q.select === 'units' ? describeQuery(kb, q).replace(/有(?:哪些|几个)$/, '') : '';
      const except = q.select === 'units' ? q.except : [];
      head = n
        ? `${what}${res.count ? '共' : '有'}${n}个：${res.units.join('、')}。`
        : except.length
          ? `除${except.join('、')}外没有其他单位：${what.replace(/，除去.*$/, '')}只有${except.join('、')}。`
          : `${what}：没有（0个）。`;
      tasks = res.tasks.map((t) => t.no);
      if (res.tasks.length <= 8) evidence.push(...res.tasks);
      if (res.safeguards.length <= 4) safeguards.push(...res.safeguards);
      break;
    }
    case 'leads': {
      head = `这${res.tasks.length}项任务的牵头单位共${res.leads.length}个：${res.leads.join('、')}。`;
      for (const t of res.tasks) lines.push(`• ${label(t)}：${t.units[0]}牵头`);
      if (res.tasks.some(leadByConvention)) lines.push(LEAD_CONVENTION);
      tasks = res.tasks.map((t) => t.no);
      evidence.push(...res.tasks);
      break;
    }
    case 'rolesAcross': {
      const name = { lead: '牵头单位', co: '配合单位', none: '不是责任单位' } as const;
      const kinds = new Set(res.roles.map((x) => x.role));
      const each = res.roles
        .map((x) => `在任务${x.task.no}中${x.role === 'none' ? '' : '是'}${name[x.role]}`)
        .join('，');
      head =
        kinds.size === 1
          ? `一样：${res.unit}${each.replace(/^在任务\d+中/, `在任务${res.roles.map((x) => x.task.no).join('和任务')}中都`).split('，')[0]}。`
          : `不一样：${res.unit}${each}。`;
      if (res.roles.some((x) => x.role !== 'none' && leadByConvention(x.task))) lines.push(LEAD_CONVENTION);
      tasks = res.roles.map((x) => x.task.no);
      evidence.push(...res.roles.map((x) => x.task));
      break;
    }
    case 'safeguardsOf': {
      const list = res.safeguards.map(
        (s) => `（${cnOrdinal(s.no)}）「${s.title}」${s.units[0] === res.unit ? '（牵头）' : ''}`,
      );
      head = list.length
        ? `${res.unit}出现在${list.length}条保障机制中：${list.join('、')}。`
        : `${res.unit}不在任何一条保障机制的责任单位中。`;
      safeguards.push(...res.safeguards);
      break;
    }
    case 'roles': {
      const t = res.task;
      const say = (x: { unit: string; role: 'lead' | 'co' | 'none' }) =>
        x.role === 'none'
          ? `${x.unit}不是该任务的责任单位`
          : `${x.unit}是${x.role === 'lead' ? '牵头单位' : '配合单位'}`;
      head = `在${label(t)}中，${res.roles.map(say).join('，')}。`;
      if (res.roles.some((x) => x.role === 'none'))
        lines.push(`该任务的责任单位：${t.units.join('、')}（${t.units[0]}牵头）`);
      if (leadByConvention(t)) lines.push(LEAD_CONVENTION);
      tasks = [t.no];
      evidence.push(t);
      break;
    }
    case 'rank': {
      const top = res.top;
      const measure =
        q.select === 'rank' && q.over === 'units'
          ? `${ROLE[q.role]}${q.measure === 'safeguards' ? '保障机制' : '任务'}`
          : q.select === 'rank' && q.over === 'groups'
            ? q.measure === 'units'
              ? '涉及的单位'
              : '任务'
            : '责任单位';
      const unitWord =
        q.select === 'rank' && (q.over === 'units' || (q.over === 'groups' && q.measure !== 'units'))
          ? q.measure === 'safeguards'
            ? '条'
            : '项'
          : '个';
      const ex =
        (q.select === 'rank' && q.within ? `在${describeSet(kb, q.within)}中，` : '') +
        (q.select === 'rank' && q.except.length ? `除${q.except.join('、')}外，` : '');
      const most =
        q.select === 'rank' && q.position && q.position > 1
          ? `排第${cnOrdinal(q.position)}`
          : q.select === 'rank' && q.dir === 'min'
            ? '最少'
            : '最多';
      if (top.length === 0) {
        head = `没有这个名次：按${measure}的多少只有${new Set(res.ranking.map((x) => x.n)).size}档。`;
        break;
      }
      const names = top.map((x) =>
        x.task
          ? label(x.task)
          : x.safeguard
            ? `保障机制（${cnOrdinal(x.safeguard.no)}）「${x.safeguard.title}」`
            : x.name,
      );
      head = `${ex}${measure}${most}的是${names.join('和')}${top.length > 1 ? `，各` : '，共'}${top[0]?.n ?? 0}${unitWord}。`;
      for (const x of top) {
        if (x.task) evidence.push(x.task);
        if (x.safeguard) safeguards.push(x.safeguard);
      }
      tasks = top.flatMap((x) => (x.task ? [x.task.no] : []));
      break;
    }
    case 'compareTasks': {
      const [a, b] = res.tasks as [Task, Task];
      const names = res.tasks.map((t) => `任务${t.no}`).join('和');
      if (q.select === 'compareTasks' && q.how === 'more') {
        const counts = res.tasks.map((t) => t.units.length);
        const max = Math.max(...counts);
        const winners = res.tasks.filter((t) => t.units.length === max);
        head =
          winners.length === res.tasks.length
            ? `一样多：${names}各有${max}个责任单位。`
            : `${winners.map((t) => `任务${t.no}`).join('、')}的责任单位更多：${res.tasks.map((t) => `任务${t.no}有${t.units.length}个`).join('，')}${res.tasks.length === 2 ? `，多${max - Math.min(...counts)}个` : ''}。`;
      } else if (res.same) {
        head = `一样：${names}的责任单位相同，都是${a.units.join('、')}这${a.units.length}个单位${res.sameLead ? `，且都由${a.units[0]}牵头` : `；但牵头单位不同：${res.tasks.map((t) => `任务${t.no}由${t.units[0]}牵头`).join('，')}`}。`;
      } else {
        const onlyA = a.units.filter((u) => !b.units.includes(u));
        const onlyB = b.units.filter((u) => !a.units.includes(u));
        const both = a.units.filter((u) => b.units.includes(u));
        head = `不完全相同：${names}共同的责任单位有${both.length}个${both.length ? `（${both.join('、')}）` : ''}`;
        if (onlyA.length) head += `；只在任务${a.no}中的：${onlyA.join('、')}`;
        if (onlyB.length) head += `；只在任务${b.no}中的：${onlyB.join('、')}`;
        head += '。';
      }
      tasks = res.tasks.map((t) => t.no);
      evidence.push(...res.tasks);
      break;
    }
    case 'compareGroups': {
      const max = Math.max(...res.counts.map((c) => c.n));
      const winners = res.counts.filter((c) => c.n === max);
      const what = q.select === 'compareGroups' && q.measure === 'units' ? '个责任单位' : '项任务';
      const name = (c: { group: number; title: string }) => `第${cnOrdinal(c.group)}部分「${c.title}」`;
      head =
        winners.length === res.counts.length
          ? `一样多：${res.counts.map(name).join('和')}各有${max}${what}。`
          : `${winners.map(name).join('、')}更多：${res.counts.map((c) => `${name(c)}${c.n}${what}`).join('，')}。`;
      for (const c of res.counts)
        lines.push(
          `• ${name(c)}：${taskNos(c.tasks)}${what === '项任务' ? '' : `；单位：${c.units.join('、')}`}`,
        );
      tasks = res.counts.flatMap((c) => c.tasks.map((t) => t.no));
      break;
    }
    case 'compareUnits': {
      const max = Math.max(...res.counts.map((c) => c.n));
      const winners = res.counts.filter((c) => c.n === max);
      const role = q.select === 'compareUnits' ? ROLE[q.role] : '参与';
      head =
        winners.length === res.counts.length
          ? `一样多：${res.counts.map((c) => c.unit).join('和')}各${role}${max}项任务。`
          : `${winners.map((c) => c.unit).join('、')}${role}的任务更多：${res.counts.map((c) => `${c.unit}${c.n}项`).join('，')}${res.counts.length === 2 ? `，相差${max - Math.min(...res.counts.map((c) => c.n))}项` : ''}。`;
      for (const c of res.counts)
        lines.push(`• ${c.unit}${role}的任务：${c.tasks.length ? taskNos(c.tasks) : '无'}`);
      tasks = [...new Set(res.counts.flatMap((c) => c.tasks.map((t) => t.no)))];
      break;
    }
  }
  if (evidence.length || safeguards.length) lines.push('依据：');
  for (const t of evidence) lines.push(`• ${label(t)}：“${t.unitsClause}”${r.taskSource(t)}`);
  for (const s of safeguards)
    lines.push(`• 保障机制（${cnOrdinal(s.no)}）「${s.title}」：“${s.unitsClause}”${r.safeguardSource(s)}`);
  lines.push(`我理解的问题：${describeQuery(kb, q)}`);
  const text = [head, ...lines].join('\n');
  return {
    text,
    found: true,
    tasks: [...new Set(tasks)],
    units: r.unitsIn(text),
    card: {
      title: head.length > 40 ? `${head.slice(0, 38)}…` : head,
      lines: [head, ...lines],
      suggestions: [],
    },
  };
}
