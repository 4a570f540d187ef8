import { createRequire } from 'node:module';
import type { Lexicon } from './lexicon.js';

// pinyin-pro reads whole phrases with tone sandhi, which costs about a millisecond; a syllable per character, cached,
// is all a homophone check needs
const cache = new Map<string, string>();
type Pinyin = (text: string, opts: { toneType: 'none' }) => string;
let pinyin: Pinyin | undefined;
// the last syllables of the aliases (ju, ban, wei …), computed with their pinyin
let finals: Set<string> | undefined;

/** Pinyin of each character, without tones. */
function syllables(text: string): string[] {
  return [...text].map((c) => {
    let py = cache.get(c);
    if (py === undefined) {
      // pinyin-pro takes about 70 ms to load: only a possible typo of a unit name needs it
      pinyin ??= (createRequire(import.meta.url)('pinyin-pro') as { pinyin: Pinyin }).pinyin;
      py = pinyin(c, { toneType: 'none' });
      if (cache.size < 20_000) cache.set(c, py);
    }
    return py;
  });
}

/**
 * Finds a unit name typed with homophones (人设局 → 人社局, 教育据 → 教育局, 发该局 → 发改局) inside a word: same
 * pinyin, same length (three characters or more), and at least one character right. Returns the first, longest hit.
 */
export function soundsLike(
  word: string,
  lex: Lexicon,
): { offset: number; length: number; name: string } | undefined {
  if (lex.soundAlikes.length === 0 || word.length < 3) return undefined;
  // a homophone typo keeps at least one character of the name right
  if (![...word].some((c) => lex.soundAlikeChars.has(c))) return undefined;
  if (lex.soundAlikes[0]?.pinyin.length === 0) {
    for (const a of lex.soundAlikes) a.pinyin = syllables(a.alias);
    finals = new Set(lex.soundAlikes.map((a) => a.pinyin[a.pinyin.length - 1] as string));
  }
  const py = syllables(word);
  // a unit name ends in 局 / 办 / 委 …: a word with no syllable like those cannot hide one
  if (!py.some((p) => finals?.has(p))) return undefined;
  let best: { offset: number; length: number; name: string } | undefined;
  for (const a of lex.soundAlikes) {
    const n = a.alias.length;
    if (n > word.length || (best && best.length >= n)) continue;
    for (let k = 0; k + n <= word.length; k++) {
      let same = true;
      let exact = 0;
      for (let j = 0; j < n && same; j++) {
        if (py[k + j] !== a.pinyin[j]) same = false;
        else if (word[k + j] === a.alias[j]) exact++;
      }
      if (same && exact >= 1 && exact < n) {
        best = { offset: k, length: n, name: a.name };
        break;
      }
    }
  }
  return best;
}
