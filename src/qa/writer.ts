import type { Knowledge, Safeguard, Task } from '../knowledge/schema.js';
import type { Answer, AnswerCard } from './answer.js';

const CN = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Chinese ordinal used for groups and safeguards: 1 → 一. */
export function cnOrdinal(n: number): string {
  if (n <= 10) return CN[n] ?? String(n);
  if (n < 20) return `十${CN[n - 10]}`;
  return `${CN[Math.floor(n / 10)]}十${n % 10 ? CN[n % 10] : ''}`;
}

/** The pieces every answer is written from: labels, sources, unit names (with English glosses when asked in English). */
export class Writer {
  constructor(
    readonly kb: Knowledge,
    readonly english = false,
  ) {}

  /** 任务14「推进产教深度融合」. */
  task(t: Task): string {
    return `任务${t.no}「${t.title}」`;
  }

  /** 保障机制（三）「完善经费投入机制」. */
  safeguard(s: Safeguard): string {
    return `保障机制（${cnOrdinal(s.no)}）「${s.title}」`;
  }

  /** 第四部分「促进产教融合校企“双元”育人」. */
  group(no: number): string {
    return `第${cnOrdinal(no)}部分「${this.kb.groups[no - 1]?.title ?? ''}」`;
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

  /** Unit names joined with 、. */
  units(names: string[]): string {
    return names.map((n) => this.unit(n)).join('、');
  }

  /** 任务2、3、4. */
  taskNos(tasks: Task[]): string {
    return `任务${tasks.map((t) => t.no).join('、')}`;
  }

  /** The evidence line of a task: its 责任单位 clause and where it is. */
  evidence(t: Task): string {
    return `• ${this.task(t)}：“${t.unitsClause}”${this.taskSource(t)}`;
  }

  /** The evidence line of a safeguard. */
  safeguardEvidence(s: Safeguard): string {
    return `• ${this.safeguard(s)}：“${s.unitsClause}”${this.safeguardSource(s)}`;
  }

  /** A found answer: the conclusion first, then its lines, the quoted clause and the source. */
  answer(a: {
    head: string;
    lines?: string[];
    quote?: string;
    source?: string;
    tasks: number[];
    title?: string;
    lead?: string;
    others?: string[];
    suggestions?: string[];
  }): Answer {
    const lines = a.lines ?? [];
    const parts = [a.head, ...lines];
    if (a.quote) parts.push(`原文：“${a.quote}”`);
    if (a.source) parts.push(a.source);
    const text = parts.join('\n');
    const card: AnswerCard = {
      title: a.title ?? (a.head.length > 40 ? `${a.head.slice(0, 38)}…` : a.head),
      lines: [a.head, ...lines],
      suggestions: a.suggestions ?? [],
      ...(a.source ? { source: a.source } : {}),
      ...(a.quote ? { quote: a.quote } : {}),
      ...(a.lead ? { lead: a.lead } : {}),
      ...(a.others ? { others: a.others } : {}),
    };
    return { text, found: true, tasks: a.tasks, units: this.unitsIn(text), card };
  }

  /** The plan does not cover this: a plain statement, with up to 3 "您是不是想问" suggestions. */
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

  /** Several answers in one message, each in full. */
  several(parts: Answer[], intro: string): Answer {
    return {
      text: [intro, ...parts.map((p) => p.text)].join('\n\n'),
      found: parts.every((p) => p.found),
      tasks: [...new Set(parts.flatMap((p) => p.tasks))],
      units: [...new Set(parts.flatMap((p) => p.units))],
      // one card with every part: a card of the first part alone would hide the others on Lark
      card: {
        title: intro.replace(/[：:]$/, ''),
        lines: parts.flatMap((p) => ['', ...p.text.split('\n')]),
        suggestions: [],
      },
    };
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
