import { CN_NUMERAL_CHARS, EN_NUMBER_WORDS, parseNumeral } from '../language/numerals.js';

/** What a number in a question points at. */
export type RefKind = 'task' | 'safeguard' | 'principle' | 'group' | 'groupTask';

/** Numbered references found in a question, and the question with them cut out. */
export interface Refs {
  kind: RefKind;
  numbers: number[];
  rest: string;
}

const N = `(-?\\d+|[${CN_NUMERAL_CHARS}]+|${EN_NUMBER_WORDS.join('|')})`;
const LIST = `${N}(?:\\s*(?:,|和|与|及|跟|、|and|&)\\s*(?:第\\s*)?${N})*`;

// Each pattern needs something that says "task" (or 第…项) so that 2022年, 1+X or 3+2 are never task numbers.
const PATTERNS: RegExp[] = [
  // 任务一共 / 任务一起 are words, not task 1
  new RegExp(`(?:重点)?任务\\s*(?:第\\s*)?${LIST}(?![共起些般致样切直同体批道])\\s*(?:项|条|个|号)?`, 'g'),
  // "18项任务责任单位": a number of tasks followed at once by who is responsible is a task number, not a count
  new RegExp(`^${N}\\s*(?:项|条|号)\\s*(?:重点)?任务\\s*(?=谁|由|的责任|责任|负责|牵头|配合)`, 'g'),
  // 第三方, 第一责任单位, 第二批 … are not task numbers
  new RegExp(
    `第\\s*${LIST}(?![${CN_NUMERAL_CHARS}\\d]|方|者|届|次|批|年|季|阶段|章|节|期|名|轮|代|位|责任|把手|时间|步|线|课堂)\\s*(?:项|条|个|号)?\\s*(?:重点)?(?:任务)?`,
    'g',
  ),
  new RegExp(`${LIST}\\s*号\\s*(?:重点)?任务`, 'g'),
  new RegExp(`\\b(?:task|tsk|taks|item|no\\.?)\\s*#?\\s*${LIST}\\b`, 'g'),
  /\b(?:task|item)\s+([ivx]{1,5})\b/g,
  new RegExp(
    `\\b(?:the\\s+)?(${EN_NUMBER_WORDS.filter((w) => w.endsWith('th') || /^(?:first|second|third)$/.test(w)).join('|')})\\s+task\\b`,
    'g',
  ),
  new RegExp(`#\\s*${LIST}`, 'g'),
  new RegExp(`[(（]\\s*${N}\\s*[)）]`, 'g'),
  new RegExp(`\\bgroup\\s*${N}\\b`, 'g'),
  // 在14项里, 14号哪些单位 — but not 6月14号 (a date) or 国发〔2019〕4号 (a document number)
  new RegExp(`(?:在|对|于)\\s*${N}\\s*(?:项|条|号)`, 'g'),
  new RegExp(`(?<![月〕\\]\\d${CN_NUMERAL_CHARS}])${N}\\s*号(?!文|令|楼|院|线|通知|\\d)`, 'g'),
  /\b(\d+)(?:st|nd|rd|th)\s*(?:task\b|任务|项)/g,
];
// A message that starts with a bare number followed by a question about it: "14谁负责", "十四".
const BARE = new RegExp(
  `^${N}\\s*(?:项|条|号)?(?:\\s*(?:那个|这个|那项|这项|那条|这条)\\s*(?:任务|工作)?)?(?=$|\\s*(?:谁|的|由|是|归|负责|责任|牵头|讲|什么|内容|配合|$))`,
);

// "(二)里面第4个任务", "第三组的第2项": a position inside a group, numbers [group, position]
const GROUP_TASK = new RegExp(
  `(?:[(（]\\s*${N}\\s*[)）]|第\\s*${N}\\s*(?:组|部分|方面|类|大类))\\s*(?:里面|里的|里|中的|中|内|的)?\\s*第\\s*${N}\\s*(?:个|项|条)`,
);

/** Finds task (or safeguard / principle / group) numbers written in any form the plan's readers use. */
export function findRefs(text: string): Refs | undefined {
  const gt = GROUP_TASK.exec(text);
  if (gt) {
    const group = parseNumeral(gt[1] ?? gt[2] ?? '');
    const pos = parseNumeral(gt[3] ?? '');
    if (group !== undefined && pos !== undefined) {
      return { kind: 'groupTask', numbers: [group, pos], rest: text.replace(gt[0], ' ').trim() };
    }
  }
  let rest = text;
  const found: number[] = [];
  for (const re of PATTERNS) {
    rest = rest.replace(re, (m) => {
      const nums = numbersIn(m);
      if (nums.length === 0) return m;
      found.push(...nums);
      return ' ';
    });
  }
  if (found.length === 0) {
    const m = BARE.exec(rest);
    if (m?.[1] !== undefined) {
      const n = parseNumeral(m[1]);
      if (n !== undefined) {
        found.push(n);
        rest = rest.slice(m[0].length);
      }
    }
  }
  if (found.length === 0) return undefined;
  return { kind: kindOf(text), numbers: [...new Set(found)], rest: rest.trim() };
}

function numbersIn(fragment: string): number[] {
  const out: number[] = [];
  for (const m of fragment.matchAll(new RegExp(N, 'g'))) {
    const raw = m[1] ?? '';
    // "-1" only counts as negative when the minus sign directly follows 任务/第/#
    const n = parseNumeral(raw);
    if (n !== undefined) out.push(n);
  }
  const roman = out.length ? undefined : /\b([ivx]{1,5})\b/.exec(fragment)?.[1];
  const r = roman ? parseNumeral(roman) : undefined;
  if (r !== undefined) out.push(r);
  return out;
}

function kindOf(text: string): RefKind {
  if (/保障|safeguard/.test(text)) return 'safeguard';
  if (/原则|principle/.test(text)) return 'principle';
  if (/(?:组|类|大类|板块|部分)(?!织)|group/.test(text) && !/任务\s*\d|\d+\s*号/.test(text)) return 'group';
  return 'task';
}
