import type { Knowledge } from '../knowledge/schema.js';
import { normalizeText } from '../language/normalize.js';

/** A searchable clause: a key task or a safeguard mechanism. */
export interface TopicDoc {
  kind: 'task' | 'safeguard' | 'goals';
  no: number;
  title: string;
  head: string;
  body: string;
  keywords: string[];
  keywordsEn: string[];
  headTerms: Set<string>;
  allTerms: Set<string>;
}

/** A doc with its match score (0…~1.3; higher is better). */
export interface Scored {
  doc: TopicDoc;
  score: number;
  /** The topic hits the clause's title, keywords or figures, not only its body. */
  headHit: boolean;
}

const HAN_RUN = /[\u3400-\u9fff]+/gu;
const ASCII_TOKEN = /[a-z0-9][a-z0-9+#.]*[a-z0-9+]|[a-z0-9]/g;

/** A crude English stemmer, enough here: certificates → certificate, campuses → campus, bodies → body. */
function stem(w: string): string {
  if (!/^[a-z]{4,}$/.test(w) || /(?:ss|us|is)$/.test(w)) return w;
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (/(?:ses|xes|ches|shes)$/.test(w)) return w.slice(0, -2);
  return w.endsWith('s') ? w.slice(0, -1) : w;
}

/** Terms of a text for matching: Chinese character bigrams plus whole ASCII tokens (1+x, 3+2, smart). */
export function termsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(HAN_RUN)) {
    const run = m[0];
    if (run.length === 1) continue;
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  for (const m of text.matchAll(ASCII_TOKEN)) {
    const w = m[0];
    if (w.length >= 2 || /\d/.test(w)) out.push(stem(w));
  }
  return out;
}

/**
 * Ranks tasks and safeguards for a topic by IDF-weighted coverage of the topic's bigrams (anywhere, and in the
 * title/keywords), plus a bonus for a curated keyword quoted whole, and a floor for a title or keyword typed with
 * one wrong character (产教融和, 智慧校圆), where exact bigrams fail.
 */
export class TopicIndex {
  readonly docs: TopicDoc[];
  private readonly df = new Map<string, number>();
  private readonly chars = new Set<string>();
  private readonly phrases: { phrase: string; doc: TopicDoc }[];

  constructor(kb: Knowledge) {
    const make = (
      kind: TopicDoc['kind'],
      x: {
        no: number;
        title: string;
        titleEn: string;
        text: string;
        keywords: string[];
        keywordsEn: string[];
        targets: { what: string }[];
      },
    ): TopicDoc => {
      // the subjects of a clause's figures are what it is about, as much as its title
      const head = normalizeText(
        [x.title, ...x.keywords, ...x.targets.map((t) => t.what), x.titleEn, ...x.keywordsEn].join(' | '),
      );
      const body = normalizeText(x.text);
      const headTerms = new Set(termsOf(head));
      return {
        kind,
        no: x.no,
        title: x.title,
        head,
        body,
        keywords: x.keywords.map((k) => normalizeText(k)),
        keywordsEn: x.keywordsEn.map((k) => normalizeText(k)),
        headTerms,
        allTerms: new Set([...headTerms, ...termsOf(body)]),
      };
    };
    const goals = kb.goals.text
      ? [
          make('goals', {
            no: 0,
            title: '发展目标',
            titleEn: 'goals',
            // the goals paragraph is about all it says, so all of it counts as its subject
            text: kb.goals.text,
            keywords: ['发展目标', '总体目标', kb.goals.text],
            keywordsEn: [],
            targets: [],
          }),
        ]
      : [];
    this.docs = [
      ...kb.tasks.map((t) => make('task', t)),
      ...kb.safeguards.map((s) => make('safeguard', s)),
      ...goals,
    ];
    for (const d of this.docs) {
      for (const t of d.allTerms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      for (const c of `${d.head}${d.body}`) this.chars.add(c);
    }
    const phrases = this.docs.flatMap((doc) =>
      [doc.title, ...doc.keywords]
        .filter((p) => p.length >= 4)
        .map((phrase) => ({ phrase: normalizeText(phrase), doc })),
    );
    this.phrases = phrases.filter((p) => /^[\u4e00-\u9fff]+$/.test(p.phrase));
  }

  /** The clauses whose text holds a word, looked up once per word (a bounded index of the words people use). */
  private holders(word: string): TopicDoc[] {
    let docs = this.holdersOf.get(word);
    if (!docs) {
      docs = this.docs.filter((d) => d.body.includes(word) || d.head.includes(word));
      if (this.holdersOf.size < 5000) this.holdersOf.set(word, docs);
    }
    return docs;
  }

  private readonly holdersOf = new Map<string, TopicDoc[]>();

  /** Inverse document frequency of a term; an unseen bigram of known characters (a word boundary such as 业给 in
   * 企业给学生) weighs like a common term, while one with a character the plan never uses weighs most. */
  idf(term: string): number {
    const n = this.docs.length;
    const df = this.df.get(term) ?? 0;
    if (df === 0 && /^[\u3400-\u9fff]{2}$/.test(term) && [...term].every((c) => this.chars.has(c))) {
      return Math.log((n + 1) / (n / 6));
    }
    return Math.log((n + 1) / (df + 0.5));
  }

  /** True for a term found in more than a quarter of the clauses (职业, 教育): too common to tell them apart. */
  isCommon(term: string): boolean {
    return (this.df.get(term) ?? 0) > this.docs.length / 4;
  }

  /** Scores every doc for a topic string, best first; fuzzy matching runs only when no doc reaches `fuzzyBelow`. */
  search(topic: string, fuzzyBelow = 0.55): Scored[] {
    const terms = [...new Set(termsOf(topic))];
    if (terms.length === 0) return [];
    const weights = terms.map((t) => this.idf(t));
    const total = weights.reduce((a, b) => a + b, 0);
    const flat = topic.replace(/\s+/g, '');
    const spaced = ` ${topic} `;
    // wording quoted from exactly one clause (a phrase of six characters, or two of four) points at that clause,
    // whether or not it is in the title
    const quoted = new Set<TopicDoc>();
    const votes = new Map<TopicDoc, number>();
    for (const word of topic.split(' ').filter((w) => w.length >= 4 && /^[\u4e00-\u9fff]+$/.test(w))) {
      const holders = this.holders(word);
      if (holders.length !== 1) continue;
      const doc = holders[0] as TopicDoc;
      votes.set(doc, (votes.get(doc) ?? 0) + (word.length >= 6 ? 2 : 1));
    }
    for (const [doc, v] of votes) if (v >= 2) quoted.add(doc);
    const scored = this.docs.map((doc) => {
      let any = 0;
      let head = 0;
      terms.forEach((t, i) => {
        const w = weights[i] ?? 0;
        if (doc.headTerms.has(t)) head += w;
        if (doc.allTerms.has(t)) any += w;
      });
      let score = (0.75 * any + 0.25 * head) / total;
      // a topic the clause only mentions in passing (nothing in its title or keywords) is not what it is about
      if (head === 0 && !quoted.has(doc)) score = Math.min(score, 0.5);
      const kw = Math.max(
        0,
        ...doc.keywords.filter((k) => k.length >= 2 && flat.includes(k)).map((k) => k.length),
        ...doc.keywordsEn.filter((k) => spaced.includes(` ${k} `)).map((k) => k.replace(/\s+/g, '').length),
      );
      if (kw > 0) score += 0.3 * Math.min(1, kw / Math.max(2, flat.length));
      return { doc, score, headHit: head > 0 || quoted.has(doc) };
    });
    if (!scored.some((x) => x.score >= fuzzyBelow)) {
      const typo = this.typoHits(topic);
      for (const x of scored) x.score = Math.max(x.score, typo.get(x.doc) ?? 0);
    }
    return scored.sort((a, b) => b.score - a.score);
  }

  /**
   * Typo hits: a title or keyword of four or more characters found in a topic word with exactly one character
   * wrong (产教融和, 智慧校圆建设), as a floor for the bigram score. fuse.js scores a whole pattern against a whole
   * text, so a one-character typo inside a longer word fell below any useful threshold; a one-substitution
   * window is exact about what it accepts.
   */
  private typoHits(topic: string): Map<TopicDoc, number> {
    const hits = new Map<TopicDoc, number>();
    for (const word of topic.split(' ')) {
      if (word.length < 4 || word.length > 24 || !/[\u4e00-\u9fff]/.test(word)) continue;
      for (const { phrase, doc } of this.phrases) {
        // a four-character phrase with one character wrong is too weak a sign inside a long word (企业给学 ≈ 企业办学)
        if (phrase.length > word.length || hits.has(doc) || (phrase.length < 5 && word.length > 6)) continue;
        for (let at = 0; at + phrase.length <= word.length; at++) {
          let diff = 0;
          for (let k = 0; k < phrase.length && diff <= 1; k++) if (word[at + k] !== phrase[k]) diff++;
          if (diff === 1) {
            hits.set(doc, 0.6);
            break;
          }
        }
      }
    }
    return hits;
  }
}
