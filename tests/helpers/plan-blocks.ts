/** A paragraph of a plan with its list position (the typed number taken off), or a table. */
export type PlanBlock =
  | { kind: 'p'; text: string; level?: 0 | 1 | 2; numeral?: string; align?: 'center' }
  | { kind: 'table'; rows: string[][] };

const CN = '一二三四五六七八九十';
const SECTION = new RegExp(`^([${CN}]+)、\\s*(.+)$`);
const ITEM = new RegExp(`^[（(]([${CN}]+)[）)]\\s*(.+)$`);
const TASK = /^([0-9０-９]{1,3})\s*[．.、]\s*(.+)$/;
const CHROME = /无障碍|字体大小|^时间[:：]|登录\s*\|/;

/**
 * The blocks a drafting office's Word file of a plan holds, from the plan's text: the web page's furniture left
 * out, the information lines (信息索引号 … / 发布机构 …) as a two-row table, and 一、 （一） 1. taken off the
 * paragraphs as list levels 0, 1 and 2, so that a writer can number them automatically.
 */
export function planBlocks(text: string): PlanBlock[] {
  const blocks: PlanBlock[] = [];
  const info: string[][] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\u3000/g, ' ').trim();
    if (!line || CHROME.test(line)) continue;
    if (/^(?:信息索引号|发布机构)/.test(line)) {
      info.push(line.split(/\s+/));
      if (info.length === 2) blocks.push({ kind: 'table', rows: info.splice(0) });
      continue;
    }
    const s = SECTION.exec(line);
    const i = ITEM.exec(line);
    const t = TASK.exec(line);
    if (s) blocks.push({ kind: 'p', text: s[2] ?? '', level: 0, numeral: s[1] });
    else if (i) blocks.push({ kind: 'p', text: i[2] ?? '', level: 1, numeral: i[1] });
    else if (t) blocks.push({ kind: 'p', text: t[2] ?? '', level: 2, numeral: t[1] });
    else {
      // a title line is short and has no punctuation; a units line (牵头单位：…；…) is not a title
      const title = line.length < 40 && !/[。，,:：;；、]/.test(line);
      blocks.push({ kind: 'p', text: line, ...(title ? { align: 'center' as const } : {}) });
    }
  }
  return blocks;
}

/** The text of a block as a reader sees it, with its number typed (一、 (一) 1.). */
export function typedText(b: Extract<PlanBlock, { kind: 'p' }>): string {
  if (b.level === 0) return `${b.numeral}、${b.text}`;
  if (b.level === 1) return `（${b.numeral}）${b.text}`;
  if (b.level === 2) return `${b.numeral}.${b.text}`;
  return b.text;
}
