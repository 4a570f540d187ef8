/** Longest message the QA reads; anything longer is answered with a request to shorten it. */
export const MAX_QUESTION_CHARS = 300;

/**
 * Canonical form of user text for matching: NFKC (full-width digits, letters and brackets become ASCII),
 * lower case, no control or zero-width characters, Chinese quotes and spaces collapsed.
 */
export function normalizeText(raw: string): string {
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{Cc}\p{Cf}\p{Co}\u2028\u2029]/gu, ' ')
    .replace(/[“”‘’"'「」『』《》〈〉【】]/g, '')
    .replace(/[，、；]/g, ',')
    .replace(/[。！？]/g, (c) => ({ '。': '.', '！': '!', '？': '?' })[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Replaces colloquial words with the plan's own wording, longest first (老师 → 教师). */
export function applySynonyms(text: string, synonyms: Record<string, string>): string {
  const keys = Object.keys(synonyms).sort((a, b) => b.length - a.length);
  if (keys.length === 0) return text;
  const re = new RegExp(keys.map(escapeRegExp).join('|'), 'g');
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
