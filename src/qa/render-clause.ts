import type { Safeguard, Target, Task } from '../knowledge/schema.js';
import type { Answer } from './answer.js';
import type { Clause, Result } from './execute.js';
import { topicSentence } from './topic-sentence.js';
import { cnOrdinal, type Writer } from './writer.js';

/** Who is responsible for a task: lead first, then the cooperating units, quoting the 责任单位 clause. */
function taskUnits(w: Writer, t: Task, mode: 'all' | 'lead' | 'co', count = false): Answer {
  const [lead, ...others] = t.units as [string, ...string[]];
  const lines: string[] = [];
  let head: string;
  if (count && mode === 'co') {
    // 任务14有几个配合单位
    head = others.length
      ? `${w.task(t)}的配合单位共${others.length}个：${w.units(others)}。牵头单位是${w.unit(lead)}，不算配合单位。`
      : `${w.task(t)}没有配合单位，只有${w.unit(lead)}一个责任单位。`;
  } else if (count && mode === 'lead') {
    head = `${w.task(t)}的牵头单位只有1个：${w.unit(lead)}。`;
    if (others.length) lines.push(`配合单位${others.length}个：${w.units(others)}`);
  } else if (mode === 'lead') {
    head = `${w.task(t)}由${w.unit(lead)}牵头。`;
    if (others.length) lines.push(`配合单位：${w.units(others)}`);
  } else if (mode === 'co') {
    head = others.length
      ? `${w.task(t)}的配合单位：${w.units(others)}。牵头单位是${w.unit(lead)}，不算配合单位。`
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
export function safeguardUnits(w: Writer, s: Safeguard, mode: 'all' | 'lead' | 'co' | 'what'): Answer {
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
  shown: string[] = [],
): Answer {
  const label = isTask ? w.task(x as Task) : w.safeguard(x as Safeguard);
  // 还有呢 after every figure was shown: say so, not that the clause has none
  if (chosen.length === 0 && shown.length && x.targets.length)
    return w.answer({
      head: `${label}的数字指标已经全部列出（共${x.targets.length}项：${x.targets.map((t) => t.what).join('；')}），没有其他的了。`,
      lines: [],
      source: isTask ? w.taskSource(x as Task) : w.safeguardSource(x as Safeguard),
      tasks: isTask ? [x.no] : [],
      title: label,
    });
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

export function clauseAnswer(r: Extract<Result, { kind: 'clause' }>, w: Writer): Answer {
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
        return figures(w, s, false, r.targets, q.topic ?? '', q.total ?? false, q.shown);
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
      return taskUnits(w, t, 'all');
    case 'unitCount':
      return taskUnits(w, t, q.role ?? 'all', true);
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
      return figures(w, t, true, r.targets, q.topic ?? '', q.total ?? false, q.shown);
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
      // found by a topic word: the sentence that holds it first
      const hit = q.topic ? topicSentence(t.text, q.topic, t.title) : undefined;
      if (hit) lines.unshift(`“${q.topic}”见于这一句：“${hit}”`);
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
export function unitsOf(c: Clause): string[] {
  return c.type === 'task' ? c.task.units : c.type === 'safeguard' ? c.safeguard.units : [];
}

/** 任务14「…」 or 保障机制（三）「…」. */
export function label(w: Writer, c: Clause): string {
  return c.type === 'task'
    ? w.task(c.task)
    : c.type === 'safeguard'
      ? w.safeguard(c.safeguard)
      : c.type === 'goals'
        ? '发展目标'
        : `基本原则（${cnOrdinal(c.principle.no)}）`;
}

export function source(w: Writer, c: Clause): string {
  return c.type === 'task'
    ? w.taskSource(c.task)
    : c.type === 'safeguard'
      ? w.safeguardSource(c.safeguard)
      : '';
}
