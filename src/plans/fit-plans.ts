import type { Plan } from '../knowledge/plan-set.js';
import type { Knowledge } from '../knowledge/schema.js';
import type { Tokens } from '../language/spans.js';

const vocabularies = new WeakMap<Knowledge, Set<string>>();

/** Every pair of adjacent Chinese characters in a plan's text (titles, tasks, goals, safeguards …), built once. */
function vocabulary(kb: Knowledge): Set<string> {
  let v = vocabularies.get(kb);
  if (v) return v;
  v = new Set();
  const texts = [
    kb.document.title,
    kb.preamble,
    kb.guidingIdeology,
    kb.goals.text,
    ...kb.principles.map((p) => p.text),
    ...kb.groups.map((g) => g.title),
    ...kb.tasks.flatMap((t) => [t.title, t.text, ...t.keywords, ...t.targets.map((x) => x.what)]),
    ...kb.safeguards.flatMap((s) => [s.title, s.text, ...s.keywords]),
    ...Object.keys(kb.synonyms),
  ];
  for (const t of texts) for (const b of bigrams(t)) v.add(b);
  vocabularies.set(kb, v);
  return v;
}

/** The pairs of adjacent Chinese characters of a text. */
function bigrams(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < text.length; i++) {
    const b = text.slice(i, i + 2);
    if (/^[\u4e00-\u9fa5]{2}$/.test(b)) out.push(b);
  }
  return out;
}

/** Which plans a question can be about, and how clearly its own words point to one. */
export interface PlanFit {
  /** The plans that have every unit the question names and every task number it uses. */
  candidates: Plan[];
  /** The candidate the question's words point to clearly (its topic is in that plan only), if one. */
  topic?: Plan;
  /** The question names units or task numbers (it is about plan content, not small talk). */
  specific: boolean;
}

/**
 * Which plans a question fits, read from its tokens (read with every plan's units): a plan fits when it has every
 * unit named and every task number used (县科协 is in one plan, 任务18 only in the plan with 18 tasks); among those,
 * the question's own words (not its question words, units or numbers) are weighed by how few plans use them, so a
 * topic that one plan has (双师型教师) points to it, while 负责 or 任务 points nowhere.
 */
export function fitPlans(tokens: Tokens, plans: readonly Plan[]): PlanFit {
  const units = new Set<string>();
  let maxTask = 0;
  const words: string[] = [];
  for (const s of tokens.spans) {
    if (s.kind === 'unit') units.add(s.name);
    else if (s.kind === 'task' && s.form !== 'title') maxTask = Math.max(maxTask, ...s.tasks);
    else if (s.kind === 'word') words.push(s.text);
  }
  const candidates = plans.filter(
    (p) => maxTask <= p.kb.tasks.length && [...units].every((u) => p.kb.units.some((x) => x.name === u)),
  );
  const specific = units.size > 0 || maxTask > 0;
  if (candidates.length < 2) return { candidates, specific };
  const vocab = candidates.map((p) => vocabulary(p.kb));
  const score = new Array<number>(candidates.length).fill(0);
  for (const b of new Set(words.flatMap(bigrams))) {
    const has = vocab.map((v) => v.has(b));
    const k = has.filter(Boolean).length;
    if (k === 0 || k === candidates.length) continue;
    const w = Math.log(candidates.length / k);
    has.forEach((h, i) => {
      if (h) score[i] = (score[i] as number) + w;
    });
  }
  const order = score.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s);
  const [best, second] = order;
  // two distinctive pairs at least (a word of three characters), and clearly ahead of the next plan
  const clear = best !== undefined && best.s >= 1.8 * Math.log(candidates.length);
  if (best && clear && best.s >= 2 * (second?.s ?? 0) && best.s > (second?.s ?? 0))
    return { candidates, topic: candidates[best.i], specific };
  return { candidates, specific };
}
