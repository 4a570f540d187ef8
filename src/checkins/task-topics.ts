import type { Knowledge } from '../knowledge/schema.js';
import { applySynonyms, normalizeText } from '../language/normalize.js';
import { type ReportWords, reportWords } from './report-words.js';

/** The tasks a piece of text names without a number: by a task's title, or by words only one task uses. */
export interface TopicMatch {
  /** Tasks whose title (or the title without its leading verb, 实施品牌专业建设计划 → 品牌专业建设) the text holds. */
  byTitle: number[];
  /** Tasks whose own words (keywords no other task uses, ≥ 3 characters) the text holds, with the words found. */
  byWords: Map<number, string[]>;
  /** Tasks any of whose keywords (shared ones too: 校企合作 is in tasks 4 and 15) the text holds. */
  byKeywords: number[];
}

interface TaskNames {
  no: number;
  /** The title and its shorter forms, each at least 5 characters. */
  titles: string[];
  /** Keywords of this task that no other task's title, text or keywords contain. */
  words: string[];
  /** All its keywords, shared with other tasks or not (at least 2 characters). */
  keywords: string[];
}

/**
 * Finds the tasks a report names by title or by words of its text (an official report titled
 * 关于品牌专业建设工作推进情况的报告, a row "精品课程建设：30%"), for a reply that gives no task number. Built once
 * per plan from the knowledge file: titles and the keywords that only one task uses.
 */
export class TaskTopics {
  private readonly tasks: TaskNames[];

  constructor(private readonly kb: Knowledge) {
    const w = reportWords();
    const norm = (s: string) => applySynonyms(normalizeText(s), kb.synonyms);
    const corpus = kb.tasks.map((t) => norm(`${t.title}${t.text}${t.keywords.join(' ')}`));
    this.tasks = kb.tasks.map((t) => {
      const titles = titleForms(norm(t.title), w).filter((x) => x.length >= 5);
      const words = t.keywords
        .map(norm)
        .filter((k) => k.length >= 3 || /[+\d]/.test(k))
        .filter((k) => corpus.filter((c) => c.includes(k)).length === 1);
      const keywords = [...new Set(t.keywords.map(norm).filter((k) => k.length >= 2))];
      return { no: t.no, titles, words: [...new Set(words)], keywords };
    });
  }

  /** The tasks the text names by title or by their own words. */
  match(text: string): TopicMatch {
    const t = applySynonyms(normalizeText(text), this.kb.synonyms);
    const byTitle = this.tasks.filter((x) => x.titles.some((title) => t.includes(title))).map((x) => x.no);
    const byWords = new Map<number, string[]>();
    for (const x of this.tasks) {
      const found = x.words.filter((k) => t.includes(k));
      if (found.length) byWords.set(x.no, found);
    }
    const byKeywords = this.tasks.filter((x) => x.keywords.some((k) => t.includes(k))).map((x) => x.no);
    return { byTitle, byWords, byKeywords };
  }
}

// 实施职业教育“双师型”教师队伍建设计划 → itself, 职业教育双师型教师队伍建设, 双师型教师队伍建设 …
function titleForms(title: string, w: ReportWords): string[] {
  const out = new Set<string>([title]);
  let core = title;
  const verb = w.titleVerbs.find((v) => core.startsWith(v) && core.length - v.length >= 4);
  if (verb) core = core.slice(verb.length);
  out.add(core);
  const tail = w.titleTails.find((x) => core.endsWith(x) && core.length - x.length >= 4);
  if (tail) out.add(core.slice(0, -tail.length));
  for (const c of [...out]) {
    const prefix = w.titlePrefixes.find((p) => c.startsWith(p) && c.length - p.length >= 5);
    if (prefix) out.add(c.slice(prefix.length));
  }
  return [...out];
}
