import type { Knowledge, Safeguard, Target, Task } from '../knowledge/schema.js';
import type { Answer, AnswerCard } from './answer.js';
import { LEAD_CONVENTION, leadByConvention } from './lead-convention.js';

const CN = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Chinese ordinal used for groups and safeguards: 1 → 一. */
export function cnOrdinal(n: number): string {
  if (n <= 10) return CN[n] ?? String(n);
  if (n < 20) return `十${CN[n - 10]}`;
  return `${CN[Math.floor(n / 10)]}十${n % 10 ? CN[n % 10] : ''}`;
}

/** Turns plan data into the answer texts and cards; every answer cites its clause. */
export class Renderer {
  constructor(
    private readonly kb: Knowledge,
    private readonly english = false,
  ) {}

  /** The same renderer with English glosses after unit names. */
  withEnglish(english: boolean): Renderer {
    return english === this.english ? this : new Renderer(this.kb, english);
  }

  /** 「任务14「推进产教深度融合」」 label. */
  taskLabel(t: Task): string {
    return `任务${t.no}「${t.title}」`;
  }

  /** Where a task sits in the plan. */
  taskSource(t: Task): string {
    const g = this.kb.groups.find((x) => x.no === t.group);
    return `〔出处：四、重点任务（${cnOrdinal(t.group)}）${g?.title ?? ''} 第${t.no}项〕`;
  }

  /** Where a safeguard sits in the plan. */
  safeguardSource(s: Safeguard): string {
    return `〔出处：五、保障机制（${cnOrdinal(s.no)}）${s.title}〕`;
  }

  /** A unit name, with its English name when the question was in English. */
  unit(name: string): string {
    if (!this.english) return name;
    const u = this.kb.units.find((x) => x.name === name);
    return u && u.en !== name ? `${name} (${u.en})` : name;
  }

  private units(names: string[]): string {
    return names.map((n) => this.unit(n)).join('、');
  }

  /** Who is responsible for a task: lead first, then the cooperating units, quoting the 责任单位 clause. */
  taskUnits(t: Task, mode: 'all' | 'lead' | 'coop' = 'all'): Answer {
    const [lead, ...others] = t.units as [string, ...string[]];
    const lines: string[] = [];
    let head: string;
    if (mode === 'lead') {
      head = `${this.taskLabel(t)}由${this.unit(lead)}牵头。`;
      if (others.length) lines.push(`配合单位：${this.units(others)}`);
    } else if (mode === 'coop') {
      head = others.length
        ? `${this.taskLabel(t)}的配合单位：${this.units(others)}（牵头单位：${this.unit(lead)}）。`
        : `${this.taskLabel(t)}只有一个责任单位：${this.unit(lead)}，没有配合单位。`;
    } else {
      head = `${this.taskLabel(t)}的责任单位共${t.units.length}个：`;
      lines.push(`牵头：${this.unit(lead)}${others.length ? '' : '（唯一责任单位）'}`);
      if (others.length) lines.push(`配合：${this.units(others)}`);
    }
    if (this.english)
      lines.push('(The first unit listed in the plan leads; unit names are given in Chinese as printed.)');
    else if (leadByConvention(t)) lines.push(LEAD_CONVENTION);
    return this.build({
      head,
      lines,
      quote: t.unitsClause,
      source: this.taskSource(t),
      tasks: [t.no],
      card: { title: this.taskLabel(t), lead, others },
      suggestions: [`任务${t.no}的主要内容`, `任务${t.no}什么时候完成`],
    });
  }

  /** What a task is about: full text, units, deadline and targets. */
  taskSummary(t: Task): Answer {
    const [lead, ...others] = t.units as [string, ...string[]];
    const lines = [
      `主要内容：${t.text}`,
      `牵头单位：${this.unit(lead)}${others.length ? `；配合单位：${this.units(others)}` : ''}`,
      `完成时限：${this.deadlineText(t)}`,
    ];
    if (this.english) lines.unshift(`(${t.titleEn})`);
    else if (leadByConvention(t)) lines.splice(2, 0, LEAD_CONVENTION);
    return this.build({
      head: `${this.taskLabel(t)}`,
      lines,
      quote: t.unitsClause,
      source: this.taskSource(t),
      tasks: [t.no],
      card: { title: this.taskLabel(t), lead, others },
      suggestions: [`任务${t.no}谁牵头`],
    });
  }

  /** When a task is due, saying whether the date is the task's own or the plan's overall goal date. */
  taskDeadline(t: Task): Answer {
    return this.build({
      head: `${this.taskLabel(t)}的完成时限：${this.deadlineText(t)}。`,
      lines: t.targets.length ? t.targets.map((x) => `目标：${x.quote}`) : [],
      quote: t.deadline.source === 'explicit' ? t.deadline.quote : this.kb.goals.text,
      source: t.deadline.source === 'explicit' ? this.taskSource(t) : '〔出处：三、发展目标〕',
      tasks: [t.no],
      card: { title: this.taskLabel(t) },
      suggestions: [`任务${t.no}谁负责`],
    });
  }

  private deadlineText(t: Task): string {
    if (t.deadline.source === 'explicit') return `${t.deadline.text}（任务条款中明确）`;
    if (t.deadline.source === 'goals') {
      return `${t.deadline.text}（本任务未单列时限，按发展目标“到${t.deadline.text}”执行）`;
    }
    return '方案未规定完成时限';
  }

  /** The figures a task or safeguard sets. */
  targets(x: Task | Safeguard, kind: 'task' | 'safeguard', chosen: Target[], total = false): Answer {
    const label =
      kind === 'task' ? this.taskLabel(x as Task) : `保障机制（${cnOrdinal(x.no)}）「${x.title}」`;
    const lines = chosen.map(
      (t) => `• ${t.what}：${t.value}${t.unit}${t.deadline ? `（时限：${t.deadline}）` : ''}`,
    );
    // "一共要建多少门": figures counted in the same measure add up (1门 + 3门 → 合计4门)
    const sum =
      chosen.every((t) => typeof t.value === 'number' && t.unit === chosen[0]?.unit) && chosen.length > 1;
    if (total && sum) {
      lines.unshift(`合计：${chosen.reduce((a, t) => a + Number(t.value), 0)}${chosen[0]?.unit ?? ''}`);
    }
    lines.push(`责任单位：${this.units(x.units)}（${this.unit(x.units[0] ?? '')}牵头）`);
    const quotes = [...new Set(chosen.map((t) => t.quote))];
    return this.build({
      head: `${label}的目标：`,
      lines,
      quote: quotes.join('……'),
      source: kind === 'task' ? this.taskSource(x as Task) : this.safeguardSource(x as Safeguard),
      tasks: kind === 'task' ? [x.no] : [],
      card: { title: label },
      suggestions: [],
    });
  }

  /** A task or safeguard with no figure, when a figure was asked for. */
  noFigure(x: Task | Safeguard, kind: 'task' | 'safeguard', topic: string): Answer {
    const label =
      kind === 'task' ? this.taskLabel(x as Task) : `保障机制（${cnOrdinal(x.no)}）「${x.title}」`;
    return this.notCovered(
      `方案中没有“${topic}”的具体数字指标。最相关的条款是${label}，它没有规定数量或比例。`,
      [kind === 'task' ? `任务${x.no}的主要内容` : `保障机制${x.no}`],
    );
  }

  /** A safeguard mechanism: its text and units. */
  safeguard(s: Safeguard, mode: 'all' | 'lead' | 'coop' | 'what' = 'all'): Answer {
    const [lead, ...others] = s.units as [string, ...string[]];
    const label = `保障机制（${cnOrdinal(s.no)}）「${s.title}」`;
    const lines =
      mode === 'lead'
        ? [`牵头：${this.unit(lead)}`]
        : [`牵头：${this.unit(lead)}`, ...(others.length ? [`配合：${this.units(others)}`] : [])];
    if (mode === 'what') lines.unshift(`主要内容：${s.text}`);
    return this.build({
      head: `${label}${mode === 'lead' ? '由谁牵头：' : `的责任单位共${s.units.length}个：`}`,
      lines,
      quote: s.unitsClause,
      source: this.safeguardSource(s),
      tasks: [],
      card: { title: label, lead, others },
      suggestions: [],
    });
  }

  /** The tasks a unit takes part in (or leads), and the safeguards it appears in. */
  unitTasks(unit: string, tasks: Task[], safeguards: Safeguard[], ledOnly: boolean): Answer {
    const u = this.unit(unit);
    const role = (units: string[]) => (units[0] === unit ? '牵头' : '配合');
    // the group of each task too: "县税务局参与的任务分别属于哪几个部分"
    const lines = tasks.map((t) => `• ${this.taskLabel(t)}（${role(t.units)}，第${cnOrdinal(t.group)}部分）`);
    let head: string;
    if (ledOnly) {
      head = tasks.length ? `${u}牵头的重点任务共${tasks.length}项：` : `方案中${u}没有牵头的重点任务。`;
    } else {
      const led = tasks.filter((t) => t.units[0] === unit).length;
      head = tasks.length
        ? `${u}是${tasks.length}项重点任务的责任单位（其中牵头${led}项）：`
        : `${u}不是任何一项重点任务的责任单位。`;
    }
    if (safeguards.length) {
      lines.push(
        `${ledOnly ? '牵头的' : '参与的'}保障机制：${safeguards
          .map((s) => `（${cnOrdinal(s.no)}）${s.title}（${role(s.units)}）`)
          .join('、')}`,
      );
    }
    return this.build({
      head,
      lines,
      source: tasks.some(leadByConvention)
        ? '〔依据：各条任务末尾的“责任单位”；方案没有写明牵头单位，按惯例所列的第一个单位为牵头单位〕'
        : '〔依据：各条任务末尾的责任单位条款〕',
      tasks: tasks.map((t) => t.no),
      card: { title: `${unit}${ledOnly ? '牵头的任务' : '的任务'}` },
      suggestions: tasks.length ? [`任务${tasks[0]?.no}谁负责`] : [],
    });
  }

  /** The role of one unit in one task. */
  unitRole(unit: string, t: Task): Answer {
    const i = t.units.indexOf(unit);
    const head =
      i < 0
        ? `${this.unit(unit)}不是${this.taskLabel(t)}的责任单位。该任务的责任单位：${this.units(t.units)}。`
        : `${this.unit(unit)}是${this.taskLabel(t)}的${i === 0 ? '牵头单位' : '配合单位'}。`;
    return this.build({
      head,
      lines: i >= 0 && !this.english && leadByConvention(t) ? [LEAD_CONVENTION] : [],
      quote: t.unitsClause,
      source: this.taskSource(t),
      tasks: [t.no],
      card: { title: this.taskLabel(t) },
      suggestions: [],
    });
  }

  /** Several tasks at once (a topic spread over more than one task). */
  several(parts: Answer[], intro: string): Answer {
    return {
      text: [intro, ...parts.map((p) => p.text)].join('\n\n'),
      found: true,
      tasks: parts.flatMap((p) => p.tasks),
      units: [...new Set(parts.flatMap((p) => p.units))],
      // one card with every part: a card of the first part alone would hide the others on Lark
      card: {
        title: intro.replace(/[：:]$/, ''),
        lines: parts.flatMap((p) => ['', ...p.text.split('\n')]),
        suggestions: [],
      },
    };
  }

  /** A plain found answer about the document itself. */
  fact(head: string, lines: string[], source: string, tasks: number[] = []): Answer {
    return this.build({ head, lines, source, tasks, card: { title: '方案信息' }, suggestions: [] });
  }

  /** The plan does not cover this: a plain refusal, with up to 3 "您是不是想问" suggestions. */
  notCovered(message: string, suggestions: string[] = []): Answer {
    const s = suggestions.slice(0, 3);
    const text = s.length
      ? `${message}\n您是不是想问：\n${s.map((x, i) => `${i + 1}. ${x}`).join('\n')}`
      : message;
    return {
      text,
      found: false,
      tasks: [],
      units: this.unitsIn(text),
      card: { title: '方案中没有找到', lines: [message], suggestions: s },
    };
  }

  private build(a: {
    head: string;
    lines: string[];
    quote?: string;
    source: string;
    tasks: number[];
    card: Partial<AnswerCard> & { title: string };
    suggestions: string[];
  }): Answer {
    const parts = [a.head, ...a.lines];
    if (a.quote) parts.push(`原文：“${a.quote}”`);
    parts.push(a.source);
    const text = parts.join('\n');
    const card: AnswerCard = {
      lines: [a.head, ...a.lines],
      suggestions: a.suggestions,
      source: a.source,
      ...a.card,
      ...(a.quote ? { quote: a.quote } : {}),
    };
    return { text, found: true, tasks: a.tasks, units: this.unitsIn(text), card };
  }

  /** Canonical unit names that appear in a text, in order of appearance. */
  unitsIn(text: string): string[] {
    return this.kb.units
      .map((u) => ({ name: u.name, at: text.indexOf(u.name) }))
      .filter((x) => x.at >= 0)
      .sort((a, b) => a.at - b.at)
      .map((x) => x.name);
  }
}
