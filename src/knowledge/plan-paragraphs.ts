/** A paragraph of a plan's text, with the 1-based line it starts on. */
export interface Para {
  line: number;
  text: string;
}

/** Chinese numerals as plans number their sections and items (一 … 十九). */
export const CN = '一二三四五六七八九十';

/** 一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 二十三 → 23. */
export const cnNum = (s: string): number => {
  const i = CN.indexOf(s);
  if (s.length === 1) return i + 1;
  if (s.startsWith('十')) return 10 + CN.indexOf(s[1] ?? '') + 1;
  return (CN.indexOf(s[0] ?? '') + 1) * 10 + (s[2] ? CN.indexOf(s[2]) + 1 : 0);
};

/** 1 → 一, 12 → 十二 (group numerals). */
export const cnOf = (n: number): string =>
  n <= 10
    ? (CN[n - 1] ?? String(n))
    : `${n >= 20 ? (CN[Math.floor(n / 10) - 1] ?? '') : ''}十${n % 10 ? (CN[(n % 10) - 1] ?? '') : ''}`;

/** Full-width digits as ASCII digits (same length, so positions stay). */
export const ascii = (s: string) =>
  s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** 一、指导思想 */
export const SECTION = new RegExp(`^([${CN}]+)、\\s*(.+)$`);
/** （一）… or (一)… */
export const ITEM = new RegExp(`^[（(]([${CN}]+)[）)]\\s*(.*)$`);
/** 1.… 1、… １．… */
export const TASK = /^([0-9０-９]{1,3})\s*[．.、]\s*(.+)$/;

const LEAD = '责任单位|责任部门|牵头单位|牵头部门';
const CO = '配合单位|配合部门|协办单位|参与单位|协同单位|责任单位|责任部门';

/** The units clause closing a task: （责任单位：A、B） or （牵头单位：A；配合单位：B、C）. */
export const UNITS_CLAUSE = new RegExp(
  `[（(]\\s*(${LEAD})\\s*[:：]\\s*([^（()）]+?)(?:\\s*[;；]\\s*(${CO})\\s*[:：]\\s*([^（()）]+?))?\\s*[）)]\\s*[。.]?\\s*$`,
);
const UNITS_LINE = new RegExp(`^[（(]\\s*(?:${LEAD})`);
const BARE_UNITS_LINE = new RegExp(`^(?:${LEAD})\\s*[:：]`);

const CHROME =
  /无障碍|登录\s*\|\s*注册|字体大小|【\s*大?\s*中\s*小\s*】|打印本页|关闭窗口|^首页\s*[>＞]|当前位置|分享到|扫一扫|^时间[:：]|^信息索引号|^发布机构|^索引号|^主题分类|^发文机关|^成文日期|^发布日期/;

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/** A line's spaces as a reader reads them: one between two pieces of Latin text or numbers and between two
 * Chinese words (units listed with spaces), none inside letter-spaced Chinese (行 动 计 划), next to a punctuation
 * mark or between Chinese and Latin text (2021 年, 标准, 推进 — a PDF or a typist puts them there by chance). */
export function tidySpaces(line: string): string {
  return (
    line
      .replace(/[\s\u3000\u00a0]+/g, ' ')
      .trim()
      // 行 动 计 划, or a justified PDF line spread out as 学 校 每 学 期: letter spacing, not word spaces
      .replace(/[\u3400-\u9fff\uf900-\ufaff](?: [\u3400-\u9fff\uf900-\ufaff]){2,}/g, (run) =>
        run.replace(/ /g, ''),
      )
      .replace(/(?<=(.)) (?=(.))/g, (_m, a: string, b: string) =>
        (/[!-~]/.test(a) && /[!-~]/.test(b)) || (HAN.test(a) && HAN.test(b)) ? ' ' : '',
      )
  );
}

/**
 * Splits raw text into paragraphs: web chrome dropped, broken sentences joined, and a units clause on a line of
 * its own — （责任单位：…） or a bare 牵头单位：…；配合单位：… — joined to the task above it (in brackets).
 */
export function paragraphs(raw: string): { paras: Para[]; lines: string[] } {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  const paras: Para[] = [];
  let blank = true;
  lines.forEach((l, i) => {
    const text = tidySpaces(l);
    if (!text) {
      blank = true;
      return;
    }
    if (CHROME.test(text)) {
      blank = true;
      return;
    }
    const prev = paras[paras.length - 1];
    const structural = SECTION.test(text) || ITEM.test(text) || TASK.test(text);
    // a heading line (一、… or a short （一）…) never takes the next line into itself
    const heading =
      prev !== undefined &&
      (SECTION.test(prev.text) || ITEM.test(prev.text)) &&
      prev.text.length < 40 &&
      !/[。；]/.test(prev.text);
    const continues =
      prev !== undefined &&
      !structural &&
      !heading &&
      !/[。；;：:！？!?）)]$/.test(prev.text) &&
      !/(?:通知|行动计划|实施方案|工作方案|意见|决定)$/.test(prev.text) &&
      (!blank || prev.text.length >= 20) &&
      !/^\d{4}年\d{1,2}月\d{1,2}日$/.test(ascii(text)) &&
      !/^[（(]此件/.test(text) &&
      !BARE_UNITS_LINE.test(text);
    // a units clause on its own line, and the lines of a task before its clause, belong to the task above
    const unitsLine = prev !== undefined && UNITS_LINE.test(text);
    const bareUnits = prev !== undefined && BARE_UNITS_LINE.test(text) && !UNITS_CLAUSE.test(prev.text);
    const openTask =
      prev !== undefined && !structural && TASK.test(prev.text) && !UNITS_CLAUSE.test(prev.text);
    if (bareUnits) prev.text += `（${text.replace(/[。.]$/, '')}）`;
    else if (continues || unitsLine || openTask) prev.text += text;
    else paras.push({ line: i + 1, text });
    blank = false;
  });
  return { paras, lines };
}

/** Splits a list of units on 、，, ; spaces, keeping names as printed. */
function splitUnits(s: string): string[] {
  return s
    .split(/[、，,\s]+/)
    .map((u) => u.trim())
    .filter(Boolean);
}

/** A units clause read: the clause as printed, the units (the lead first), and the text before it. */
export interface UnitsClause {
  clause: string;
  units: string[];
  body: string;
}

/** Parses the 责任单位 (or 牵头单位；配合单位) clause at the end of a paragraph. */
export function unitsOf(text: string): UnitsClause | undefined {
  const m = UNITS_CLAUSE.exec(text);
  if (!m) return undefined;
  const units = [...splitUnits(m[2] ?? ''), ...splitUnits(m[4] ?? '')];
  const clause = m[0].replace(/[。.]\s*$/, '').trim();
  return { clause, units, body: text.slice(0, m.index).trim() };
}
