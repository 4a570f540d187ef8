/** Longest message the QA reads; anything longer is answered with a request to shorten it. */
export const MAX_QUESTION_CHARS = 300;

// Terminal colour codes pasted along with text (ESC [ … letter).
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[a-zA-Z]`, 'g');

/**
 * Canonical form of user text for matching: NFKC (full-width digits, letters and brackets become ASCII),
 * lower case, no control or zero-width characters, Chinese quotes and spaces collapsed.
 */
export function normalizeText(raw: string): string {
  return circledNumbers(raw)
    .replace(ANSI_ESCAPE, ' ')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{Cc}\p{Cf}\p{Co}\u2028\u2029]/gu, ' ')
    .replace(/[“”‘’"'「」『』《》〈〉【】]/g, '')
    .replace(/[，、；]/g, ',')
    .replace(/[。！？]/g, (c) => ({ '。': '.', '！': '!', '？': '?' })[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

// ①…⑳, ⓪, ❶…❿, ➀…➉, ➊…➓: list numbers (NFKC would make ① a bare 1, which reads as a number of the text)
const CIRCLED = /[\u2460-\u2473\u24ea\u2776-\u2793]/g;

function circledNumbers(raw: string): string {
  if (!/[\u2460-\u2473\u24ea\u2776-\u2793]/.test(raw)) return raw;
  return raw.replace(CIRCLED, (c) => {
    const k = c.charCodeAt(0);
    const n = k === 0x24ea ? 0 : k <= 0x2473 ? k - 0x245f : ((k - 0x2776) % 10) + 1;
    return `${n}.`;
  });
}

/**
 * normalizeText for a message whose layout matters (a report): each line and each tab-separated cell is normalised
 * on its own, and the line breaks and tabs are kept, so that the reader can see lines and table columns. Blank
 * lines are dropped; a message without line breaks or tabs gives exactly normalizeText.
 */
export function normalizeLayout(raw: string): string {
  if (!/[\n\r\t]/.test(raw)) return normalizeText(raw);
  return raw
    .split(/\r\n|\r|\n/)
    .map((line) => line.split('\t').map(normalizeText).join('\t').replace(/\t+$/, ''))
    .filter((line) => line.replace(/\t/g, '') !== '')
    .join('\n');
}

// a year written digit by digit (二零二二年)
const CN_YEAR = /[零〇一二三四五六七八九]{4}(?=年)/g;

/** Reads years written digit by digit (二零二二年) as 2022年. */
export function digitYears(text: string): string {
  if (!text.includes('年')) return text;
  return text.replace(CN_YEAR, (y) =>
    [...y].map((c) => '零一二三四五六七八九'.indexOf(c === '〇' ? '零' : c)).join(''),
  );
}

const synonymPatterns = new WeakMap<Record<string, string>, RegExp>();

const COLLOQUIAL: [RegExp, string][] = [
  [/啥/g, '什么'],
  [/咋/g, '怎么'],
  [/哪家/g, '哪个'],
  // 是第几项任务 asks which task, not how many
  [/第几项/g, '哪项'],
  [/第几条/g, '哪条'],
];

/** Rewrites spoken forms of question words (啥时候 → 什么时候) so that one set of patterns reads both. */
export function standardizeQuestionWords(text: string): string {
  return COLLOQUIAL.reduce((t, [re, to]) => t.replace(re, to), text);
}

/** Replaces colloquial words with the plan's own wording, longest first (老师 → 教师). */
export function applySynonyms(text: string, synonyms: Record<string, string>): string {
  let re = synonymPatterns.get(synonyms);
  if (!re) {
    const keys = Object.keys(synonyms).sort((a, b) => b.length - a.length);
    re = keys.length ? new RegExp(keys.map(escapeRegExp).join('|'), 'g') : /$^/g;
    synonymPatterns.set(synonyms, re);
  }
  return text.replace(re, (m, offset: number) => {
    const target = synonyms[m] ?? m;
    const at = target.indexOf(m);
    // 双师 → 双师型 must leave 双师型 alone
    return at >= 0 && text.startsWith(target, offset - at) ? m : target;
  });
}

/** Escapes a literal for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
