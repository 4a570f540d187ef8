import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { planTitleWords } from '../knowledge/plan-names.js';
import type { Plan, PlanSet } from '../knowledge/plan-set.js';
import { projectRoot } from '../project-root.js';

const wordsSchema = z.object({
  $comment: z.string().optional(),
  planWords: z.array(z.string().min(1)),
  linkers: z.array(z.string().min(1)),
  generic: z.array(z.string().min(1)),
  allPlans: z.array(z.string().min(1)),
});

/** The words of plan-mention-words.json. */
export type MentionWords = z.infer<typeof wordsSchema>;

let words: MentionWords | undefined;

/** The mention words, read once (longest first). */
export function mentionWords(): MentionWords {
  if (!words) {
    const w = wordsSchema.parse(
      JSON.parse(readFileSync(path.join(projectRoot(), 'src/plans/plan-mention-words.json'), 'utf8')),
    );
    const t = planTitleWords();
    const long = (a: string[]) => [...new Set(a)].sort((x, y) => y.length - x.length);
    words = {
      ...w,
      planWords: long(w.planWords),
      linkers: long(w.linkers),
      generic: long([...w.generic, ...t.lead, ...t.trail, ...t.kinds]),
      allPlans: long(w.allPlans),
    };
  }
  return words;
}

/** A plan named in a message: which, where (offsets into the text), and how it was named. */
export interface PlanMention {
  plan: string;
  at: number;
  end: number;
  how: 'name' | 'docNumber' | 'title words';
}

/** Full-width digits and brackets read as ASCII, one character for one, so that offsets stay the text's. */
function sameLength(text: string): string {
  // most messages have no full-width forms: nothing to do but lower case
  if (!/[\u3000\uff00-\uffef]/.test(text)) return text.toLowerCase();
  let out = '';
  for (const ch of text) {
    const n = ch.normalize('NFKC');
    out += n.length === ch.length ? n : ch;
  }
  return out.toLowerCase();
}

const triggers = new WeakMap<readonly Plan[], RegExp>();

/**
 * What a message must contain to name one of these plans at all: a plan word (方案, 计划 …), 号 (a 文号), or the end of
 * one of their names. Most questions contain none, and are not searched further.
 */
function triggerOf(plans: readonly Plan[]): RegExp {
  let re = triggers.get(plans);
  if (!re) {
    const ends = plans.flatMap((p) =>
      [p.kb.document.title, p.core, ...p.names].map((n) => sameLength(n).slice(-2)),
    );
    const words = [...new Set([...mentionWords().planWords, '号', ...ends])].filter(Boolean);
    re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
    triggers.set(plans, re);
  }
  return re;
}

/** 稷政发〔2021〕6号 → its parts; undefined for a plan without a 文号. */
function docParts(doc: string): { prefix: string; year: string; no: string } | undefined {
  const m = /^(.*?)[〔[［(（【]\s*(\d{4})\s*[〕\]］)）】]\s*第?\s*(\d+)\s*号$/.exec(
    sameLength(doc).replace(/\s/g, ''),
  );
  return m ? { prefix: m[1] ?? '', year: m[2] ?? '', no: m[3] ?? '' } : undefined;
}

// 稷政发〔2021〕6号, 稷政发[2021]6号, 2021年6号文, 稷政发6号, 6号文件: a 文号 as people write it
const DOC_NUMBER =
  /([\u4e00-\u9fa5]{2,6}发)?\s*(?:[〔[［(（【]\s*(\d{4})\s*[〕\]］)）】]|(\d{4})\s*年(?:的)?)?\s*第?\s*(\d{1,4})\s*号\s*(文件|文)?/g;

/** Plans whose 文号 a message writes, with where. */
function docNumberMentions(text: string, plans: readonly Plan[]): PlanMention[] {
  const out: PlanMention[] = [];
  for (const m of text.matchAll(DOC_NUMBER)) {
    const [all, prefix, y1, y2, no, wen] = m;
    const year = y1 ?? y2;
    // 6号 alone is a task (6号任务) or a date: a 文号 has its issuer's prefix, its year in brackets, or 文
    if (!prefix && !y1 && !wen && !(y2 && /号\s*(文件|文)/.test(all))) continue;
    const hits = plans.filter((p) => {
      const d = docParts(p.kb.document.docNumber);
      if (!d || d.no !== no) return false;
      if (year && d.year !== year) return false;
      return !prefix || d.prefix.endsWith(prefix) || prefix.endsWith(d.prefix);
    });
    if (hits.length !== 1) continue;
    const at = (m.index ?? 0) + (all.length - all.trimStart().length);
    out.push({
      plan: (hits[0] as Plan).id,
      at,
      end: (m.index ?? 0) + all.trimEnd().length,
      how: 'docNumber',
    });
  }
  return out;
}

/** True when `s` is a subsequence of `core` within a compact stretch (职教 in 职业教育, not 职…育 across the title). */
function subsequenceIn(s: string, core: string): boolean {
  outer: for (let start = core.indexOf(s[0] ?? ''); start >= 0; start = core.indexOf(s[0] ?? '', start + 1)) {
    let j = start;
    for (let i = 1; i < s.length; i++) {
      j = core.indexOf(s[i] as string, j + 1);
      if (j < 0) continue outer;
    }
    if (j - start + 1 <= 2 * s.length + 2) return true;
  }
  return false;
}

/** What is left of a stretch of words once the words naming no plan in particular (三年, 行动, 实施) are removed. */
function distinctive(s: string): string {
  let rest = s;
  for (const g of mentionWords().generic) rest = rest.split(g).join('');
  return rest;
}

/**
 * How well a run of words (ending just before a plan word) names a plan: the longest end of it that is written in
 * order, compactly, in the plan's title (职教 → 职业教育, 乡村人才 → 乡村振兴人才), with at least two characters that
 * say which plan; 0 when none does.
 */
export function titleWordsScore(run: string, plan: Plan): number {
  let best = 0;
  for (let len = 2; len <= run.length; len++) {
    const s = run.slice(run.length - len);
    if (!subsequenceIn(s, plan.core)) break;
    if (distinctive(s).length >= 2) best = len;
  }
  return best;
}

/** Topic-then-plan-word mentions: 职教行动计划, 职业教育那个方案, 乡村人才振兴方案, 校园安全的文件. */
function titleWordMentions(text: string, plans: readonly Plan[]): PlanMention[] {
  const w = mentionWords();
  const out: PlanMention[] = [];
  for (let i = 0; i < text.length; i++) {
    const word = w.planWords.find((p) => text.startsWith(p, i));
    if (!word) continue;
    let j = i;
    for (let again = true; again; ) {
      again = false;
      for (const l of w.linkers)
        if (text.slice(0, j).endsWith(l)) {
          j -= l.length;
          again = true;
          break;
        }
    }
    let k = j;
    while (k > 0 && j - k < 24 && /[\u4e00-\u9fa5]/.test(text[k - 1] as string)) k--;
    const run = text.slice(k, j);
    if (run.length >= 2) {
      const scored = plans
        .map((p) => ({ p, n: titleWordsScore(run, p) }))
        .filter((x) => x.n > 0)
        .sort((a, b) => b.n - a.n);
      const top = scored[0];
      if (top && (scored[1]?.n ?? 0) < top.n) {
        // words of the title said in another order (乡村人才振兴方案) belong to the mention too
        let at = j - top.n;
        while (at > k && top.p.core.includes(text[at - 1] as string)) at--;
        out.push({ plan: top.p.id, at, end: i + word.length, how: 'title words' });
      }
    }
    i += word.length - 1;
  }
  return out;
}

/** Plans named by one of their names or their title, exactly. */
function nameMentions(text: string, plans: readonly Plan[]): PlanMention[] {
  const names = plans
    .flatMap((p) => [p.kb.document.title, p.core, ...p.names].map((n) => ({ p, n: sameLength(n) })))
    .filter((x) => x.n.length >= 3)
    .sort((a, b) => b.n.length - a.n.length);
  const out: PlanMention[] = [];
  for (const { p, n } of names) {
    for (let at = text.indexOf(n); at >= 0; at = text.indexOf(n, at + 1)) {
      // another plan's name with the same words (职业教育行动计划 in two plans) names neither
      if (names.some((o) => o.p !== p && o.n === n)) continue;
      out.push({ plan: p.id, at, end: at + n.length, how: 'name' });
    }
  }
  return out;
}

/**
 * The plans a message names — by a short name or the title, by its 文号 however it is written, or by title words
 * followed by a plan word (职教行动计划, 职业教育那个方案) — in the order they appear, overlapping finds resolved
 * in that order of trust. Only plans of `plans` are found.
 */
export function findPlanMentions(text: string, plans: PlanSet | readonly Plan[]): PlanMention[] {
  const list = 'list' in plans ? plans.list : plans;
  const t = sameLength(text);
  if (!triggerOf(list).test(t)) return [];
  const found: PlanMention[] = [];
  const overlaps = (m: PlanMention) => found.some((f) => m.at < f.end && f.at < m.end);
  for (const m of [...nameMentions(t, list), ...docNumberMentions(t, list), ...titleWordMentions(t, list)])
    if (!overlaps(m)) found.push(m);
  // the years a title carries (（2022—2024年）) and the book-title marks around it belong to the name
  for (const m of found) {
    const after = /^\s*(?:[（(][^（()）]*\d{4}[^（()）]*[）)])?》?/.exec(t.slice(m.end))?.[0] ?? '';
    m.end += after.length;
    if (t[m.at - 1] === '《') m.at--;
  }
  return found.sort((a, b) => a.at - b.at);
}

/** The words across plans in a message (哪些方案, 所有方案), with where; undefined when it asks about one plan. */
export function allPlansWord(text: string): { at: number; end: number } | undefined {
  const t = sameLength(text);
  for (const w of mentionWords().allPlans) {
    const at = t.indexOf(w);
    if (at >= 0) return { at, end: at + w.length };
  }
  return undefined;
}

/**
 * The plan a command argument names (本群方案 职教行动计划, 停用 2, 导出 稷政发〔2021〕6号): its id, its number in
 * 方案列表, a name, its 文号, or words of its title; undefined when none or several fit.
 */
export function planByName(arg: string, plans: PlanSet): Plan | undefined {
  const a = sameLength(arg.trim()).replace(/[《》〈〉“”"'「」\s]/g, '');
  if (!a) return undefined;
  const byId = plans.get(arg.trim());
  if (byId) return byId;
  if (/^\d{1,2}$/.test(a)) return plans.list[Number(a) - 1];
  const named = [...new Set(findPlanMentions(a, plans).map((m) => m.plan))];
  if (named.length === 1) return plans.get(named[0] as string);
  if (named.length > 1) return undefined;
  const scored = plans.list
    .map((p) => ({ p, n: titleWordsScore(a, p) }))
    .filter((x) => x.n === a.length)
    .sort((x, y) => y.n - x.n);
  return scored.length === 1 ? scored[0]?.p : undefined;
}
