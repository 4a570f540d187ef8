import type ExcelJS from 'exceljs';
import { xmlSafe } from '../store/clean-text.js';
import { BULLETIN_HEADERS, bulletinSheetRows } from './bulletin-sheet.js';
import { CHECKIN_HEADERS, checkinCells } from './checkin-columns.js';
import { neutralizeFormula } from './csv-cell.js';
import type { ExportData } from './export-data.js';
import { byTask, LIGHT_LABEL, LIGHT_MEANING, type Light, taskStatusByWeek } from './task-status.js';

const FILL: Record<Light, string> = { green: 'FFC6EFCE', yellow: 'FFFFEB9C', red: 'FFFFC7CE' };
const HEADER_FILL = 'FFDDEBF7';

/** Display width of text in Excel columns: CJK characters take two. */
function textWidth(v: unknown): number {
  let w = 0;
  for (const ch of String(v ?? '')) {
    const c = ch.codePointAt(0) ?? 0;
    w += (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xff00 && c <= 0xffef) ? 2.1 : 1.1;
  }
  return w;
}

/** Column widths that fit the header and a sample of rows, within limits. */
function widths(headers: string[], rows: (string | number)[][]): number[] {
  return headers.map((h, i) => {
    let w = textWidth(h);
    for (const r of rows.slice(0, 2000)) w = Math.max(w, textWidth(r[i]));
    return Math.min(60, Math.max(8, Math.ceil(w) + 2));
  });
}

// exceljs gives every cell a fresh style object and then analyses each one; cells that share one object are
// recognised after the first, which made plain rows several times cheaper to write
const PLAIN_STYLE: Partial<ExcelJS.Style> = {};

/** Gives every cell of a row the one shared plain style. */
function plain(row: ExcelJS.Row): ExcelJS.Row {
  row.eachCell((c) => {
    c.style = PLAIN_STYLE;
  });
  return row;
}

/** A cell value that is safe in the sheet: no characters XML forbids (U+FFFE broke the file), no formula. */
function cell(v: string | number): string | number {
  return typeof v === 'string' ? neutralizeFormula(xmlSafe(v)) : v;
}

/** Print settings of every sheet: A4 landscape, as wide as one page, the title and header rows on every page. */
const PAGE_SETUP: Partial<ExcelJS.PageSetup> = {
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  printTitlesRow: '1:2',
  margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
};

/**
 * A sheet with a title row (the plan, the weeks covered, the export date) above its header row; both stay in view
 * (frozen) and are repeated on every printed page.
 */
function sheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  title: string,
  headers: string[],
  sample: (string | number)[][],
) {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: PAGE_SETUP,
    headerFooter: { oddFooter: `&L${name}&R第 &P 页，共 &N 页` },
  });
  const fit = widths(headers, sample);
  ws.columns = headers.map((_, i) => ({ width: fit[i] }));
  const top = ws.addRow([title]);
  top.font = { bold: true, size: 13 };
  top.height = 22;
  top.commit();
  const head = ws.addRow(headers);
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  head.commit();
  return ws;
}

/**
 * Writes the XLSX ledger with exceljs's streaming writer: 汇报记录 (latest version per unit/task/week with the
 * version count), 台账 (task × week: reported progress coloured red/yellow/green, then the latest status and why)
 * 未报清单 (missing reports per week and unit) and, with supervision, 督办通报 (units ranked by overdue tasks and
 * missed reports). Header rows are frozen; widths fit Chinese text.
 */
export async function writeXlsx(
  data: ExportData,
  file: string,
  onProgress?: (done: number) => void,
): Promise<void> {
  await writeXlsxSheets([{ data, prefix: '' }], file, onProgress);
}

/**
 * Writes one workbook with the three sheets of each part, their names after the part's prefix (an export of
 * several plans: a set of sheets per plan, named by the plan's short name).
 */
export async function writeXlsxSheets(
  parts: { data: ExportData; prefix: string }[],
  file: string,
  onProgress?: (done: number) => void,
): Promise<void> {
  // exceljs is large: load it only when an XLSX is written
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: true,
    useSharedStrings: false,
    // light compression keeps the zip stream up with the rows (less buffering, lower peak memory)
    zip: { zlib: { level: 1 } },
  });
  wb.creator = 'plan-bot';
  for (const { data, prefix } of parts) await addSheets(wb, data, prefix, onProgress);
  await wb.commit();
}

/** The 汇报记录, 台账 and 未报清单 sheets of one export, their names after `prefix`. */
async function addSheets(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  data: ExportData,
  prefix: string,
  onProgress?: (done: number) => void,
): Promise<void> {
  const first = data.weeks[0] ?? '—';
  const lastOne = data.weeks[data.weeks.length - 1] ?? '—';
  const day = new Date(data.exportedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const title = (what: string) =>
    `《${data.kb.document.title}》${what}　${first}至${lastOne}（${data.weeks.length}周）　导出日期 ${day}`;
  const sample = data.latest.slice(0, 2000).map((r) => checkinCells(data.kb, r));
  const records = sheet(wb, `${prefix}汇报记录`, title('汇报记录'), CHECKIN_HEADERS, sample);
  let i = 0;
  for (const row of data.latest) {
    plain(records.addRow(checkinCells(data.kb, row).map(cell))).commit();
    if (++i % 2000 === 0) {
      // let the zip and file streams drain: without a pause the rows pile up in memory ahead of the writer
      await new Promise((r) => setImmediate(r));
      if (i % 10000 === 0) onProgress?.(i);
    }
  }
  records.commit();

  // with review on (PLAN_BOT_REVIEW=on) a task's status counts only confirmed reports
  const sup = data.supervision;
  const grouped = byTask(sup ? data.history.filter((c) => sup.counts(c)) : data.history);
  const deadlineText = (no: number, fallback: string) => sup?.deadlines.get(no)?.label ?? fallback;
  const tasks =
    data.filter.task === undefined ? data.kb.tasks : data.kb.tasks.filter((t) => t.no === data.filter.task);
  const lastWeek = data.weeks[data.weeks.length - 1];
  const ledgerHeaders = [
    '任务编号',
    '任务名称',
    '牵头单位',
    '完成时限',
    ...data.weeks,
    '最新进度(%)',
    '序时进度(%)',
    '状态',
    '原因',
  ];
  const ledger = sheet(
    wb,
    `${prefix}台账`,
    title('进度台账'),
    ledgerHeaders,
    tasks.map((t) => [t.no, t.title, t.units[0] ?? '', deadlineText(t.no, t.deadline.text)]),
  );
  for (const t of tasks) {
    const own = grouped.get(t.no) ?? [];
    const d = sup?.deadlines.get(t.no);
    const perWeek = taskStatusByWeek(
      data.kb,
      own,
      data.weeks,
      data.rosterUnits,
      t,
      d ? { date: d.date, text: d.label } : t.deadline,
    );
    const last = lastWeek ? perWeek[perWeek.length - 1] : undefined;
    const row = ledger.addRow([
      t.no,
      t.title,
      t.units[0] ?? '',
      deadlineText(t.no, t.deadline.text),
      ...perWeek.map((s) => (s.progress === null ? '—' : `${s.progress}%`)),
      last?.progress ?? '',
      last?.expected ?? '',
      last ? LIGHT_LABEL[last.light] : '',
      cell(last?.reasons.join('；') ?? ''),
    ]);
    perWeek.forEach((s, k) => {
      row.getCell(5 + k).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[s.light] } };
    });
    if (last) {
      row.getCell(5 + data.weeks.length + 2).fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: FILL[last.light] },
      };
    }
    row.commit();
  }
  // the legend under the table: each light in its colour, and what makes a task that colour
  ledger.addRow([]).commit();
  const legendHead = ledger.addRow(['图例']);
  legendHead.font = { bold: true };
  legendHead.commit();
  for (const light of ['red', 'yellow', 'green'] as const) {
    const row = ledger.addRow([`${LIGHT_LABEL[light]}：${LIGHT_MEANING[light]}`]);
    row.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[light] } };
    row.commit();
  }
  ledger
    .addRow(['每周一列为该周末的进度（%），“—”为尚无汇报；序时进度为从印发日到完成时限已过时间的比例。'])
    .commit();
  ledger.commit();

  const missingRows = data.missing.map((m) => [
    m.week,
    m.unit,
    m.tasks.map((n) => `任务${n}`).join('、'),
    m.tasks.length,
  ]);
  const missing = sheet(
    wb,
    `${prefix}未报清单`,
    title('未报清单'),
    ['周次', '单位', '未报任务', '未报项数'],
    missingRows,
  );
  for (const r of missingRows) plain(missing.addRow(r.map(cell))).commit();
  missing.commit();

  if (sup) {
    const rows = bulletinSheetRows(sup.bulletin);
    const bulletin = sheet(wb, `${prefix}督办通报`, title('督办通报'), BULLETIN_HEADERS, rows);
    for (const r of rows) plain(bulletin.addRow(r.map(cell))).commit();
    bulletin.commit();
  }
}
