const ascii = (s: string) => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** A deadline a plan sets: the last day it allows (none for 2023年汛期前), as written (2022年底, 2023年6月底),
 * and where it stands. */
export interface Deadline {
  date: string | null;
  text: string;
  index: number;
}

// 到2022年底, 2023年6月底前, 于2022年12月31日前, 截至2024年, 2022年上半年, 2023年汛期前: a year with a lead word
// (到/至/于/截至) or a closing word (底/末/前) or a part of the year; a bare 2021年 or a date (2021年4月28日) is not one
const DEADLINE =
  /(?:(截至|截止|到|至|于|在|力争|争取)\s*)?(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日\s*)?)?(?:(年底前|底前|年底|底|末|以前|前)|(上半年|下半年|第?[一二三四]季度)(?:末|底|前)?|([\u4e00-\u9fa5]{2,3}?)前)?/g;

// the last day of each part of a year, as month-day
const PARTS: Record<string, string> = {
  上半年: '06-30',
  下半年: '12-31',
  一季度: '03-31',
  二季度: '06-30',
  三季度: '09-30',
  四季度: '12-31',
};

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The first deadline in a text (全角 digits read as digits), or undefined. */
export function findDeadline(text: string): Deadline | undefined {
  for (const m of ascii(text).matchAll(DEADLINE)) {
    const [, lead, ys, ms, ds, tail, part, season] = m;
    const y = Number(ys);
    if (part) {
      return { date: `${y}-${PARTS[part.replace(/^第/, '')]}`, text: `${y}年${part}`, index: m.index ?? 0 };
    }
    // 2023年汛期前, 2022年开学前: a time of the year the text names but no date
    if (season && !ms) return { date: null, text: `${y}年${season}前`, index: m.index ?? 0 };
    if (!lead && !tail) continue;
    const month = ms ? Number(ms) : undefined;
    const day = ds ? Number(ds) : undefined;
    if (month !== undefined && (month < 1 || month > 12)) continue;
    const end = tail !== undefined && /底|末/.test(tail);
    const before = tail !== undefined && !end && /前/.test(tail);
    let date: string;
    if (day !== undefined && month !== undefined) date = `${y}-${pad(month)}-${pad(day)}`;
    else if (month !== undefined) {
      const [yy, mm] = before ? (month === 1 ? [y - 1, 12] : [y, month - 1]) : [y, month];
      date = `${yy}-${pad(mm)}-${pad(lastDay(yy, mm))}`;
    } else date = before ? `${y - 1}-12-31` : `${y}-12-31`;
    const written = `${y}年${month !== undefined ? `${month}月` : ''}${day !== undefined ? `${day}日` : ''}`;
    return { date, text: `${written}${end ? '底' : before ? '前' : ''}`, index: m.index ?? 0 };
  }
  return undefined;
}

/** The sentence around position `at` (between 。 or ；), starting at its deadline (到2022年底…) when it has one. */
export function sentenceAt(text: string, at: number): string {
  const start = Math.max(text.lastIndexOf('。', at - 1), text.lastIndexOf('；', at - 1)) + 1;
  const endDot = text.indexOf('。', at);
  const end = endDot < 0 ? text.length : endDot + 1;
  let s = text.slice(start, end);
  const by = ascii(s).search(/(?:截至|截止|到|至|于)\s*\d{4}\s*年/);
  if (by > 0 && by <= at - start) s = s.slice(by);
  return s.trim();
}
