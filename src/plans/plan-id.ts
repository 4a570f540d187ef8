import { createRequire } from 'node:module';
import { titleParts } from '../knowledge/plan-names.js';

type Pinyin = (text: string, opts: { toneType: 'none'; type: 'array' }) => string[];
let pinyin: Pinyin | undefined;

/** Lower-case ASCII for a Chinese phrase: each CJK run as its pinyin run together, letters and digits kept. */
function ascii(text: string, maxSyllables = Number.POSITIVE_INFINITY): string {
  const out: string[] = [];
  let run = '';
  let syllables = 0;
  const flush = () => {
    if (!run) return;
    // pinyin-pro takes about 70 ms to load: only a plan imported in chat needs it
    pinyin ??= (createRequire(import.meta.url)('pinyin-pro') as { pinyin: Pinyin }).pinyin;
    const list = pinyin(run, { toneType: 'none', type: 'array' }).slice(
      0,
      Math.max(0, maxSyllables - syllables),
    );
    syllables += list.length;
    out.push(list.join(''));
    run = '';
  };
  for (const c of text.normalize('NFKC')) {
    if (/\p{Script=Han}/u.test(c)) run += c;
    else {
      flush();
      out.push(/[A-Za-z0-9]/.test(c) ? c.toLowerCase() : '-');
    }
  }
  flush();
  return out.join('');
}

/** An id as a file name may be: a-z, 0-9 and single hyphens, at most 60 characters. */
function clean(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** 稷政发〔2021〕6号 → its issuer's abbreviation, year and number. */
const DOC_NUMBER = /^(.*?)\s*[〔[［(（【]?\s*(\d{4})\s*[〕\]］)）】]?\s*(?:第\s*)?(\d+)\s*号$/u;

/**
 * The id of a plan imported in chat, from its 文号 (稷政发〔2021〕6号 → jizhengfa-2021-6) or else its title's topic
 * and year (稷山县2023年校园安全提升行动实施方案 → xiaoyuananquan-2023): ASCII, safe as a file name, and
 * not `taken` (-2, -3 … added). Never derived from anything a user typed as a path.
 */
export function planIdFor(doc: { title: string; docNumber: string }, taken: (id: string) => boolean): string {
  const m = DOC_NUMBER.exec(doc.docNumber.replace(/\s+/g, ''));
  let base = '';
  if (m) base = clean(`${ascii(m[1] ?? '')}-${m[2]}-${m[3]}`);
  if (!base || /^\d/.test(base)) {
    const year = /(\d{4})/.exec(doc.title)?.[1];
    const topic = clean(ascii(titleParts(doc.title).topic, 8));
    base = clean([topic || 'plan', year].filter(Boolean).join('-'));
  }
  if (!base) base = 'plan';
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}
