/** A piece of text at its place on the page (PDF user space: y grows upwards). */
export interface PlacedText {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size (glyph height) in user-space units. */
  size: number;
}

interface Line {
  x: number;
  end: number;
  y: number;
  size: number;
  text: string;
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const PAGE_NUMBER =
  /^(?:[-—–－_\s]*[0-9０-９]+[-—–－_\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)$/;

/** Joins two pieces of a line: a space only where a gap separates two pieces of Latin text or table cells. */
function joinPieces(left: string, right: string, gap: number, size: number): string {
  const a = left.slice(-1);
  const b = right.slice(0, 1);
  if (!a || !b || /\s/.test(a) || /\s/.test(b)) return left + right;
  const cjk = CJK.test(a) || CJK.test(b);
  // a gap of several characters is a column (a table cell, a signature and its date) whatever the script
  if (gap > size * (cjk ? 1.8 : 0.25)) return `${left} ${right}`;
  return left + right;
}

/** Groups the text pieces of one page into lines, top to bottom, each line's pieces left to right. */
export function pageLines(items: PlacedText[]): Line[] {
  const sorted = items.filter((i) => i.str.length > 0).sort((p, q) => q.y - p.y || p.x - q.x);
  const lines: { y: number; size: number; items: PlacedText[] }[] = [];
  for (const it of sorted) {
    const line = lines.find((l) => Math.abs(l.y - it.y) <= Math.max(l.size, it.size) * 0.4);
    if (line) line.items.push(it);
    else lines.push({ y: it.y, size: it.size, items: [it] });
  }
  return lines
    .map((l) => {
      const parts = l.items.sort((p, q) => p.x - q.x);
      let text = '';
      let end = parts[0]?.x ?? 0;
      for (const p of parts) {
        text = text ? joinPieces(text, p.str, p.x - end, l.size) : p.str;
        end = Math.max(end, p.x + p.width);
      }
      const first = parts.find((p) => p.str.trim()) ?? parts[0];
      return { x: first?.x ?? 0, end, y: l.y, size: l.size, text: text.trim() };
    })
    .filter((l) => l.text.length > 0)
    .sort((p, q) => q.y - p.y);
}

/** The most common value of a list, rounded to whole units. */
function mode(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(Math.round(v), (counts.get(Math.round(v)) ?? 0) + 1);
  let best = values[0] ?? 0;
  let n = 0;
  for (const [v, c] of counts) {
    if (c > n) {
      best = v;
      n = c;
    }
  }
  return best;
}

/**
 * Rebuilds paragraphs from the lines of a document's pages: a paragraph starts where a line is indented (the
 * first-line indent of Chinese official documents, or a centred title), where the line before it ended short of
 * the right margin, or after a larger vertical gap; page numbers at the top or bottom of a page are left out and
 * a paragraph running over a page break is joined.
 */
export function paragraphsOf(pages: Line[][]): string[] {
  const all = pages.flat();
  // the left margin: the smallest start shared by two lines or more (most lines may be indented first lines)
  const starts = new Map<number, number>();
  for (const l of all) starts.set(Math.round(l.x), (starts.get(Math.round(l.x)) ?? 0) + 1);
  const shared = [...starts].filter(([, n]) => n >= 2).map(([x]) => x);
  const left = shared.length ? Math.min(...shared) : Math.min(...all.map((l) => l.x));
  const right = Math.max(...all.map((l) => l.end));
  const paras: string[] = [];
  let prev: Line | undefined;
  let prevPage = -1;
  pages.forEach((lines, pageNo) => {
    const body = lines.filter((l, i) => !((i === 0 || i === lines.length - 1) && PAGE_NUMBER.test(l.text)));
    const spacing = mode(body.slice(1).map((l, i) => (body[i] as Line).y - l.y));
    body.forEach((line) => {
      const size = line.size;
      const samePage = prevPage === pageNo;
      const indented = line.x - left > size * 0.8;
      const prevShort = prev !== undefined && prev.end < right - size * 1.5;
      const gap = samePage && prev !== undefined && prev.y - line.y > Math.max(spacing, size) * 1.6;
      const sizeChange = prev !== undefined && Math.abs(prev.size - size) > size * 0.2;
      // a centred title over two lines: the first as wide as the text block, the second centred under it
      const centred = (l: Line) => Math.abs(l.x - left - (right - l.end)) < l.size;
      const titleGoesOn = prev !== undefined && !prevShort && centred(prev) && centred(line);
      if (prev === undefined || (indented && !titleGoesOn) || prevShort || gap || sizeChange) {
        paras.push(line.text);
      } else {
        const last = paras.pop() ?? '';
        // an English word wraps at a space; a number or Chinese text wraps anywhere
        const latin = /[A-Za-z]$/.test(last) && /^[A-Za-z]/.test(line.text);
        paras.push(latin ? `${last} ${line.text}` : last + line.text);
      }
      prev = line;
      prevPage = pageNo;
    });
  });
  return paras;
}
