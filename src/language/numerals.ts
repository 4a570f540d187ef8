const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  // 大写 (financial) forms
  壹: 1,
  贰: 2,
  叁: 3,
  肆: 4,
  伍: 5,
  陆: 6,
  柒: 7,
  捌: 8,
  玖: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 拾: 10, 佰: 100 };

/** Characters that can make up a Chinese numeral, for building regexes. */
export const CN_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰';

const EN_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
};

const EN_ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
  'twentieth',
];
EN_ORDINALS.forEach((w, i) => {
  EN_WORDS[w] = i + 1;
});

/** Roman numerals I…XX as written in "Task XV". */
function parseRoman(s: string): number | undefined {
  if (!/^x{0,2}(?:ix|iv|v?i{0,3})$/i.test(s) || !s) return undefined;
  const v: Record<string, number> = { i: 1, v: 5, x: 10 };
  let total = 0;
  const low = s.toLowerCase();
  for (let k = 0; k < low.length; k++) {
    const cur = v[low[k] as string] ?? 0;
    const next = v[low[k + 1] as string] ?? 0;
    total += cur < next ? -cur : cur;
  }
  return total;
}

/** English number words one…twenty and ordinals first…twentieth, longest first (fourteen before four). */
export const EN_NUMBER_WORDS = Object.keys(EN_WORDS).sort((a, b) => b.length - a.length);

/**
 * Parses an integer written as ASCII digits, a Chinese numeral (十四, 二十, 一百零五, 一四) or an English word;
 * returns undefined when the string is not a number.
 */
export function parseNumeral(raw: string): number | undefined {
  const s = raw.trim();
  if (/^-?\d+$/.test(s)) return Number(s);
  const en = EN_WORDS[s.toLowerCase()];
  if (en !== undefined) return en;
  const roman = /^[ivx]+$/i.test(s) ? parseRoman(s) : undefined;
  if (roman !== undefined) return roman;
  if (!s || ![...s].every((c) => c in DIGITS || c in UNITS)) return undefined;
  if (![...s].some((c) => c in UNITS)) {
    // digit by digit: 一四 → 14
    return Number([...s].map((c) => DIGITS[c]).join(''));
  }
  let total = 0;
  let digit: number | undefined;
  for (const c of s) {
    const d = DIGITS[c];
    if (d !== undefined) {
      if (digit !== undefined && d !== 0 && digit !== 0) return undefined; // 二三十 is not a numeral
      digit = d;
      continue;
    }
    const unit = UNITS[c] as number;
    total += (digit ?? (total === 0 ? 1 : undefined) ?? NaN) * unit;
    if (Number.isNaN(total)) return undefined;
    digit = undefined;
  }
  return total + (digit ?? 0);
}
