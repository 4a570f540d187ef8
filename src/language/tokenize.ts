import { type Lexicon, spanOf } from './lexicon.js';
import { digitYears, normalizeLayout, standardizeQuestionWords } from './normalize.js';
import { CN_NUMERAL_CHARS, parseNumeral } from './numerals.js';
import { soundsLike } from './sounds-like.js';
import type { Span, Tokens } from './spans.js';
import { toSimplified } from './to-simplified.js';

const CN = `[${CN_NUMERAL_CHARS}]+`;
const NUM = `(?:\\d+|${CN})`;
const SEP = `(?:[ ]*(?:,|和|与|及|跟|或|&|and)[ ]*|[ ]+(?=\\d|[${CN_NUMERAL_CHARS}]))`;
const RANGE = `[ ]*(?:至|到|~|-|—|－|～)[ ]*`;
// 任务14、15和16 / 任务6到任务8 / 任务3至5 (a list or range after 任务, each item optionally repeating 任务)
// a figure, date or count after the task is not another task: 任务5 30% / 任务一 三成 / 任务13 6月10日 / 任务4 3个
// (each list number is whole: a digit run not cut before a digit, a Chinese numeral not cut before another)
// (nor is a number inside a name such as 3+2 or 1+x)
const LIST_NUM = `(?:\\d+(?!\\d)|${CN}(?![${CN_NUMERAL_CHARS}半]))(?![ ]*(?:%|分之|成(?!功|果|立)|\\.\\d|\\+|[月日年时点个次人场批期名家所万元天周届轮位米亩]))`;
const listOf = (sep: string) =>
  `(${NUM})((?:(?:${sep}|${RANGE})(?:(?:重点)?任务[ ]*)?(?:第[ ]*)?${LIST_NUM}(?:[ ]*(?:项|号))?)*)`;
const TASK_LIST = listOf(SEP);
// before 号任务 a space does not join a list: "三号任务八十五 四号任务五成" is a figure, then task 4
const HAO_LIST = listOf(`[ ]*(?:,|和|与|及|跟|或|&)[ ]*`);
// 一共 / 一起 / 一般 … are words, not task 1
const NOT_AFTER_CN = '(?![共起些般致样切直同体批道下项目步])';
const STICKY = (src: string) => new RegExp(src, 'y');
const RE = {
  // 任务第二多 is a place in a ranking, not task 2
  task: STICKY(`(?:重点)?任务[ ]*(?:第[ ]*)?${TASK_LIST}(?:[ ]*(?:项|条|号))?`),
  ordinal: STICKY(`第[ ]*(${NUM})((?:[ ]*(?:,|和|与|及|、)[ ]*(?:第[ ]*)?${NUM})*)[ ]*`),
  haoTask: STICKY(`${HAO_LIST}[ ]*号[ ]*(?:重点)?任务`),
  hash: STICKY(`#[ ]*(\\d+)`),
  en: STICKY(`(?:tasks?|item|no\\.?)[ ]*#?[ ]*(\\d+)((?:[ ]*(?:,|and|&)[ ]*\\d+)*)\\b`),
  paren: STICKY(`[(（][ ]*(${NUM})[ ]*[)）]`),
  percent: STICKY(`(\\d+(?:\\.\\d+)?)[ ]*%`),
  // 百分之 呃 十五: spoken fillers between 百分之 and its number
  baifen: STICKY(`百分之[ ]*(?:(?:呃|嗯|啊|额|那个)[ ]*)*(${NUM}(?:点${CN})?|\\d+(?:\\.\\d+)?)`),
  fraction: STICKY(`(${NUM})[ ]*分之[ ]*(${NUM})`),
  // 六成 = 60%, 六成五 = 65%, 两成半 = 25%
  cheng: STICKY(
    `(${CN}|\\d)[ ]*成(?!功|果|绩|效|立|为|本|员|熟|型|就|长|交|套|品|都|才|人|年|绩)(?:([一二三四五六七八九半])(?![${CN_NUMERAL_CHARS}个人名家所次场期批项]))?`,
  ),
  // a name made of numbers (3+2 贯通培养, 1+x 证书, 金融+财政): one word, never a task or a figure
  name: STICKY(`\\d+(?:[ ]*\\+[ ]*(?:\\d+|[a-z](?![a-z])))+`),
  number: STICKY(`(\\d+(?:\\.\\d+)?|${CN})`),
};

const NUMBER_NEXT = new RegExp(`^[ ]*(?:\\d|${CN}${NOT_AFTER_CN})`);
const SEPARATORS = /[\s,.;:!?()\n\r\t]/;
// a unit-like name the plan does not have (县卫健局, 民政局): refused by name, never guessed
const UNIT_SHAPE =
  /^(?:(?:县|市|省)[\u4e00-\u9fa5]{1,6}?(?:委员会|办公室|局|委|办|中心)|(?![我你他她它本该这那各的])[\u4e00-\u9fa5]{1,3}(?<![格布结大全当们])(?:局|委|办)(?=$|[在是的和与及跟负参牵配]))/;
/^(?:(?:县|市|省)[\u4e00-\u9fa5]{1,6}?(?:委员会|办公室|局|委|办|中心)|[\u4e00-\u9fa5]{1,3}(?<![格布结大全当])(?:局|委|办))$/;
const HAN = /[\u3400-\u9fff]/;

/** Numbers in a matched list or range: "14、15" → [14, 15]; "8至10" → [8, 9, 10]. */
function listNumbers(first: string, rest: string): { nums: number[]; range: boolean } | undefined {
  const head = parseNumeral(first);
  if (head === undefined) return undefined;
  const nums = [head];
  let range = false;
  const parts = rest.split(new RegExp(`(${RANGE})`));
  let pendingRange = false;
  for (const part of parts) {
    if (new RegExp(`^${RANGE}$`).test(part)) {
      pendingRange = true;
      continue;
    }
    for (const m of part.matchAll(new RegExp(NUM, 'g'))) {
      const n = parseNumeral(m[0]);
      if (n === undefined) continue;
      const prev = nums[nums.length - 1] as number;
      if (pendingRange && n > prev && n - prev <= 30) {
        for (let k = prev + 1; k <= n; k++) nums.push(k);
        range = true;
      } else nums.push(n);
      pendingRange = false;
    }
  }
  return { nums, range };
}

/** The rest of a task list up to a number already in it, said again after a space (a list never repeats a task). */
function listUntilRepeat(first: string, rest: string): string {
  const seen = new Set([parseNumeral(first)]);
  for (const m of rest.matchAll(new RegExp(`([ ]+)(${NUM})|${NUM}`, 'g'))) {
    const n = parseNumeral(m[2] ?? m[0]);
    if (m[2] !== undefined && seen.has(n)) return rest.slice(0, m.index);
    seen.add(n);
  }
  return rest;
}

/** A task span from a match of a task pattern: its list or range of numbers. */
function taskSpan(m: RegExpExecArray, i: number, norm: string): Span | undefined {
  const rest = listUntilRepeat(m[1] ?? '', m[2] ?? '');
  const l = m[1] !== undefined ? listNumbers(m[1], rest) : undefined;
  if (!l) return undefined;
  // 任务三和任务四 三是80%: a number said again after a space starts the words about it, the list ended before
  const listAt = m[0].indexOf(m[1] ?? '') + (m[1] ?? '').length;
  const end = rest.length < (m[2] ?? '').length ? i + listAt + rest.length : i + m[0].length;
  return {
    kind: 'task',
    at: i,
    end,
    text: norm.slice(i, end),
    tasks: l.nums,
    form: 'task',
    ...(l.range ? { range: true } : {}),
  };
}

/** Tries a sticky regex at `at`. */
function at(re: RegExp, text: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(text);
}

/** The counter word (项, 批, 人次 …) at `i`, if any. */
function counterAt(text: string, i: number, lex: Lexicon): string | undefined {
  const s = text.slice(i, i + 4).trimStart();
  return [...lex.counters.task, ...lex.counters.clause, ...lex.counters.other]
    .sort((a, b) => b.length - a.length)
    .find((c) => s.startsWith(c));
}

/**
 * Splits a message into typed spans (tasks, units, groups, operators, roles, question words, figures, statuses …)
 * using the lexicon; questions and reports share it. Text is converted 繁→简 and NFKC-normalised first (line breaks
 * and tabs kept, as `sep` spans: a report's lines and table columns), and the offsets of the spans refer to that
 * normalised text.
 */
export function tokenize(raw: string, lex: Lexicon, opts: { simplified?: boolean } = {}): Tokens {
  const norm = digitYears(
    standardizeQuestionWords(normalizeLayout(opts.simplified ? raw : toSimplified(raw))),
  );
  const spans: Span[] = [];
  let word = -1;
  const flushWord = (i: number) => {
    if (word >= 0 && i > word) spans.push({ kind: 'word', at: word, end: i, text: norm.slice(word, i) });
    word = -1;
  };
  const push = (s: Span) => {
    flushWord(s.at);
    spans.push(s);
  };
  let i = 0;
  while (i < norm.length) {
    const c = norm[i] as string;
    const paren = c === '(' ? readAt(norm, i, lex, false) : undefined;
    if (paren) {
      push(paren);
      i = paren.end;
      continue;
    }
    if (SEPARATORS.test(c)) {
      flushWord(i);
      if (c !== ' ') spans.push({ kind: 'sep', at: i, end: i + 1, text: c });
      i++;
      continue;
    }
    const next = readAt(norm, i, lex, word >= 0);
    if (next) {
      push(next);
      i = next.end;
      continue;
    }
    if (word < 0) word = i;
    i++;
  }
  flushWord(norm.length);
  return { norm, spans: markPlaces(markNegation(soundAlikeUnits(spans, norm, lex), lex), norm, lex) };
}

/** The span that starts at `i`, or undefined when `i` is inside a plain word. */
function readAt(norm: string, i: number, lex: Lexicon, inWord: boolean): Span | undefined {
  const c = norm[i] as string;
  const base = (end: number) => ({ at: i, end, text: norm.slice(i, end) });
  const isDigit = c >= '0' && c <= '9';
  const isCn = CN_NUMERAL_CHARS.includes(c);
  let m: RegExpExecArray | null;
  if (c === '任' || c === '重') {
    m = at(RE.task, norm, i);
    const after = m ? norm.slice(i + m[0].length) : '';
    // 任务一共 / 任务一起: 一 starts a word there; 任务十四共同的 is task 14
    const wordAfterOne = m !== null && /一$/.test(m[0]) && !new RegExp(`^${NOT_AFTER_CN}`).test(after);
    // 任务第二多 is a place in a ranking, not task 2
    const place = m !== null && /第/.test(m[0]) && /^[多少]/.test(after);
    const task = m && !wordAfterOne && !place ? taskSpan(m, i, norm) : undefined;
    if (task) return task;
  }
  if (c === '第') {
    // 第一责任单位 is a role, not an ordinal
    const word = phraseAt(norm, i, lex);
    if (word && word.text.length >= 3) return word;
    m = at(RE.ordinal, norm, i);
    if (m?.[1] !== undefined) {
      const end = i + m[0].length;
      const counter = counterAt(norm, end, lex);
      const l = listNumbers(m[1], m[2] ?? '');
      if (l) {
        const stop = end + (counter?.length ?? 0);
        if (counter && lex.counters.task.includes(counter) && counter !== '号') {
          // 第十四项(重点)(任务)
          const tail = /^\s*(?:重点)?(?:任务)?/.exec(norm.slice(stop))?.[0] ?? '';
          return { kind: 'task', ...base(stop + tail.length), tasks: l.nums, form: 'ordinal' };
        }
        if (!counter && /^\s*(?:重点)?任务/.test(norm.slice(end))) {
          const tail = /^\s*(?:重点)?任务/.exec(norm.slice(end))?.[0] ?? '';
          return { kind: 'task', ...base(end + tail.length), tasks: l.nums, form: 'ordinal' };
        }
        if (counter === '部分' || counter === '组' || counter === ('大类' as string)) {
          return { kind: 'group', ...base(stop), no: l.nums[0] as number, nos: l.nums };
        }
        return { kind: 'ordinal', ...base(stop), n: l.nums[0] as number, counter: counter ?? '' };
      }
    }
  }
  if (c === '(' || c === '（') {
    m = at(RE.paren, norm, i);
    if (m?.[1] !== undefined) {
      const n = parseNumeral(m[1]);
      if (n !== undefined) return { kind: 'paren', ...base(i + m[0].length), n, cn: !/\d/.test(m[1]) };
    }
  }
  if (c === '#') {
    m = at(RE.hash, norm, i);
    if (m?.[1]) return { kind: 'task', ...base(i + m[0].length), tasks: [Number(m[1])], form: 'task' };
  }
  if (!inWord && /[tin]/.test(c)) {
    m = at(RE.en, norm, i);
    if (m?.[1]) {
      const l = listNumbers(m[1], m[2] ?? '');
      if (l) return { kind: 'task', ...base(i + m[0].length), tasks: l.nums, form: 'task' };
    }
  }
  if (c === '百') {
    m = at(RE.baifen, norm, i);
    if (m?.[1]) {
      const [whole, frac] = m[1].split('点');
      const v = /^\d/.test(m[1])
        ? Number(m[1])
        : (parseNumeral(whole ?? '') ?? Number.NaN) +
          (frac ? Number(`0.${[...frac].map((d) => parseNumeral(d)).join('')}`) : 0);
      if (Number.isFinite(v)) return { kind: 'percent', ...base(i + m[0].length), value: v };
    }
  }
  if (isDigit) {
    m = at(RE.name, norm, i);
    if (m) return { kind: 'word', ...base(i + m[0].length) };
  }
  if (isDigit || isCn) {
    m = at(RE.percent, norm, i);
    if (m?.[1]) return { kind: 'percent', ...base(i + m[0].length), value: Number(m[1]) };
    m = at(RE.fraction, norm, i);
    if (m?.[1] && m[2]) {
      const d = parseNumeral(m[1]);
      const n = parseNumeral(m[2]);
      if (d && n !== undefined && n <= d) {
        return { kind: 'percent', ...base(i + m[0].length), value: Math.round((n / d) * 1000) / 10 };
      }
    }
    m = at(RE.cheng, norm, i);
    // 进度六成 / 完成三成: a figure written straight after the word it measures
    if (
      m?.[1] &&
      (!inWord || /(?:进度|完成|达到|大概|大约|约|有|是|到|了|近)$/.test(norm.slice(Math.max(0, i - 2), i)))
    ) {
      const n = parseNumeral(m[1]);
      const tenth = m[2] === '半' ? 5 : m[2] ? (parseNumeral(m[2]) ?? 0) : 0;
      if (n !== undefined && n <= 10 && n * 10 + tenth <= 100)
        return { kind: 'percent', ...base(i + m[0].length), value: n * 10 + tenth };
    }
    m = at(RE.haoTask, norm, i);
    const task = m ? taskSpan(m, i, norm) : undefined;
    if (task) return task;
    m = at(RE.number, norm, i);
    if (m?.[1]) {
      const end = i + m[0].length;
      const counter = counterAt(norm, end, lex);
      // a Chinese numeral inside a word (统一, 一体化) is not a number unless a counter follows
      if (isCn && !counter && (inWord || HAN.test(norm[end] ?? ''))) {
        const fraction = phraseAt(norm, i, lex);
        if (fraction) return fraction;
        return undefined;
      }
      const value = /^\d/.test(m[1]) ? Number(m[1]) : parseNumeral(m[1]);
      if (value !== undefined) {
        const stop = counter ? norm.indexOf(counter, end) + counter.length : end;
        return { kind: 'number', ...base(stop), value, ...(counter ? { counter } : {}) };
      }
    }
  }
  return phraseAt(norm, i, lex);
}

/** The longest lexicon phrase at `i` (fractions such as 一半 included). */
function phraseAt(norm: string, i: number, lex: Lexicon): Span | undefined {
  const two = lex.byFirst.get(norm.slice(i, i + 2));
  const one = lex.byFirst.get(norm[i] as string);
  for (const p of two && one ? [...two, ...one] : (two ?? one ?? [])) {
    if (!norm.startsWith(p.text, i)) continue;
    // 那个任务十四: a phrase ending in 任务 leaves the number after it to the task reader
    if (p.text.endsWith('任务') && NUMBER_NEXT.test(norm.slice(i + p.text.length))) continue;
    // an English alias must stand as a word
    if (
      /^[a-z]/.test(p.text) &&
      (/[a-z]/.test(norm[i - 1] ?? '') || /[a-z]/.test(norm[i + p.text.length] ?? ''))
    )
      continue;
    return spanOf(p.meaning, i, p.text);
  }
  return undefined;
}

/** Homophone typos of unit names (人设局 → 人社局, 发该局 → 发改局) inside plain words. */
function soundAlikeUnits(spans: Span[], norm: string, lex: Lexicon): Span[] {
  if (!spans.some((s) => s.kind === 'word' && s.text.length >= 2)) return spans;
  const out: Span[] = [];
  for (const s of spans) {
    if (s.kind !== 'word' || s.text.length < 2 || !HAN.test(s.text)) {
      out.push(s);
      continue;
    }
    const hit = soundsLike(s.text, lex);
    if (!hit) {
      const shape = UNIT_SHAPE.exec(s.text);
      if (!shape) {
        out.push(s);
        continue;
      }
      const start = s.at + shape.index;
      const end = start + shape[0].length;
      if (start > s.at) out.push({ kind: 'word', at: s.at, end: start, text: norm.slice(s.at, start) });
      out.push({ kind: 'unknownUnit', at: start, end, text: norm.slice(start, end) });
      if (end < s.end) out.push({ kind: 'word', at: end, end: s.end, text: norm.slice(end, s.end) });
      continue;
    }
    const start = s.at + hit.offset;
    const end = start + hit.length;
    if (start > s.at) out.push({ kind: 'word', at: s.at, end: start, text: norm.slice(s.at, start) });
    out.push({
      kind: 'unit',
      at: start,
      end,
      text: norm.slice(start, end),
      name: hit.name,
      weak: false,
      fuzzy: 'pinyin',
    });
    if (end < s.end) out.push({ kind: 'word', at: end, end: s.end, text: norm.slice(end, s.end) });
  }
  return out;
}

/** A status right after a negator (未出现滞后, 没有受阻, 不存在困难) is negated; the negator is folded into it. */
function markNegation(spans: Span[], lex: Lexicon): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    if (s.kind === 'status' && prev) {
      const neg =
        prev.kind === 'op' && (prev.op === 'not' || prev.op === 'neither') && prev.end === s.at
          ? prev.text
          : prev.kind === 'word' && prev.end === s.at
            ? lex.negators.find((n) => prev.text.endsWith(n))
            : undefined;
      if (neg) {
        if (prev.kind === 'op' || neg.length === prev.text.length) out.pop();
        else {
          out.pop();
          out.push({ ...prev, end: prev.end - neg.length, text: prev.text.slice(0, -neg.length) });
        }
        out.push({ ...s, at: s.at - neg.length, text: `${neg}${s.text}`, negated: true });
        continue;
      }
    }
    out.push(s);
  }
  return out;
}

/**
 * A unit name after another place (河津市教育局, 新绛县人社局, 市教育局) belongs to that place, not to the plan:
 * the place and the unit become one `place` span.
 */
function markPlaces(spans: Span[], norm: string, lex: Lexicon): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    if (s.kind !== 'unit' && s.kind !== 'unknownUnit') {
      out.push(s);
      continue;
    }
    // 新绛县人社局: the tokenizer read 县人社局; the word before it names the county
    const countyPrefix =
      prev?.kind === 'word' && prev.end === s.at && s.text.startsWith('县') ? prev.text : '';
    const levelPrefix =
      prev?.kind === 'word' && prev.end === s.at && lex.placeSuffixes.some((x) => prev.text.endsWith(x))
        ? prev.text
        : '';
    const prefix = countyPrefix || levelPrefix;
    const name = /([\u4e00-\u9fa5]{0,3})$/.exec(prefix)?.[1] ?? '';
    const place = countyPrefix ? `${name}县` : name;
    const bareLevel = name.length < 2 && !lex.levels.includes(name);
    // 实训基地建设县发改局: a word of the plan's titles ends right before 县, so no county is named
    const planWord = countyPrefix !== '' && lex.titlePairs.has(name.slice(-2));
    if (
      name &&
      !bareLevel &&
      !planWord &&
      !/[的在是由和了中里给让对把被与及跟也都就还那这其它各请问哪些个全本我该每外两所几入要有为从向到至或等加务列出查看说找告诉帮显示]/.test(
        name,
      ) &&
      place !== lex.home
    ) {
      out.pop();
      if (prefix.length > name.length)
        out.push({
          ...(prev as Span),
          end: s.at - name.length,
          text: prefix.slice(0, prefix.length - name.length),
        });
      out.push({
        kind: 'place',
        at: s.at - name.length,
        end: s.end,
        text: norm.slice(s.at - name.length, s.end),
      });
      continue;
    }
    out.push(s);
  }
  return out;
}
