import { normalizeText, standardizeQuestionWords } from '../language/normalize.js';
import { toSimplified } from '../language/to-simplified.js';

// One raw character as the tokenizer's normalisation writes it ('' when it is dropped, e.g. a space or 「).
function normChar(c: string): string {
  return standardizeQuestionWords(normalizeText(toSimplified(c)));
}

/**
 * Maps each offset of the tokenizer's normalised text back to an offset in the raw text, so that a note can keep
 * the liaison's own characters (traditional forms, full-width punctuation). Undefined when the two cannot be lined
 * up; the caller then uses the normalised text.
 */
export function alignToRaw(raw: string, norm: string): number[] | undefined {
  const map: number[] = [];
  let j = 0;
  let k = 0;
  while (k < norm.length) {
    const c = norm[k] as string;
    if (c === ' ') {
      // whitespace (and dropped characters) collapsed into one space
      map[k++] = j;
      while (j < raw.length && normChar(raw[j] as string) === '') j++;
      continue;
    }
    // a character the tokenizer kept as it is, or its normal form (opencc alone may read a lone 么 as 幺)
    const same = (r: string) => r === c || r.toLowerCase() === c;
    while (j < raw.length && !same(raw[j] as string) && !normChar(raw[j] as string).startsWith(c)) j++;
    if (j >= raw.length) return undefined;
    const pc = same(raw[j] as string) ? c : normChar(raw[j] as string);
    for (let q = 0; q < pc.length && k < norm.length && norm[k] === pc[q]; q++) map[k++] = j;
    j++;
  }
  return map;
}

/** The raw text behind the normalised range [from, to). */
export function rawSlice(
  raw: string,
  norm: string,
  map: number[] | undefined,
  from: number,
  to: number,
): string {
  if (!map) return norm.slice(from, to);
  const a = from < norm.length ? (map[from] as number) : raw.length;
  const b = to < norm.length ? (map[to] as number) : raw.length;
  return raw.slice(a, Math.max(a, b));
}
