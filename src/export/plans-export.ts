import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Plan, PlanSet } from '../knowledge/plan-set.js';
import type { Db } from '../store/db-schema.js';
import type { ExportSupervision } from '../supervision/export-view.js';
import { CHECKIN_HEADERS, checkinCells } from './checkin-columns.js';
import { csvField } from './csv-cell.js';
import { type ExportData, type ExportFilter, selectExport } from './export-data.js';
import { type Format, writeExport } from './run-export.js';
import { writeXlsxSheets } from './write-xlsx.js';

/** An export of one plan or of several, each plan's records selected on their own. */
export interface PlansExport {
  parts: { plan: Plan; data: ExportData }[];
}

/**
 * Selects an export: of one plan (`filter.plan`), or of every plan when several are loaded, each with its own
 * tasks, ledger and missing reports (and, with `supervision`, its deadlines, 督办通报 and review). With a single
 * plan it is that plan's export as before.
 */
export function selectPlansExport(
  db: Db,
  set: PlanSet,
  filter: ExportFilter,
  now: Date,
  supervision?: (plan: Plan) => ExportSupervision,
): PlansExport {
  const plans = filter.plan ? set.list.filter((p) => p.id === filter.plan) : set.list;
  return {
    parts: plans.map((plan) => ({
      plan,
      data: selectExport(
        db,
        plan.kb,
        set.size > 1 ? { ...filter, plan: plan.id } : filter,
        now,
        supervision?.(plan),
      ),
    })),
  };
}

/** Rows across the parts (the latest versions). */
export function rowCount(x: PlansExport): number {
  return x.parts.reduce((n, p) => n + p.data.latest.length, 0);
}

/** A sheet name from a plan's short name: at most 31 characters with the sheet's own name, none Excel forbids. */
function sheetPrefix(plan: Plan): string {
  return `${plan.short.replace(/[\\/?*[\]:]/g, '').slice(0, 24)}-`;
}

/**
 * Writes an export. One plan: the format as it always was. Several: CSV with a 方案 column first, JSON with the
 * plans listed and every record and missing report carrying its plan, XLSX with the three sheets of each plan
 * named after it.
 */
export async function writePlansExport(
  format: Format,
  x: PlansExport,
  file: string,
  onProgress?: (done: number) => void,
): Promise<void> {
  if (x.parts.length === 1)
    return writeExport(format, (x.parts[0] as PlansExport['parts'][number]).data, file, onProgress);
  if (format === 'xlsx')
    return writeXlsxSheets(
      x.parts.map((p) => ({ data: p.data, prefix: sheetPrefix(p.plan) })),
      file,
      onProgress,
    );
  if (format === 'json') {
    const doc = {
      plans: x.parts.map(({ plan }) => ({
        id: plan.id,
        name: plan.short,
        title: plan.kb.document.title,
        docNumber: plan.kb.document.docNumber,
      })),
      filter: x.parts[0]?.data.filter ?? {},
      weeks: [...new Set(x.parts.flatMap((p) => p.data.weeks))].sort(),
      checkins: x.parts.flatMap((p) => p.data.history.map((c) => ({ ...c, 方案: p.plan.short }))),
      missing: x.parts.flatMap((p) =>
        p.data.missing.map((m) => ({ plan: p.plan.id, 方案: p.plan.short, ...m })),
      ),
    };
    await writeFile(file, `${JSON.stringify(doc, null, 1)}\n`);
    return;
  }
  const out = createWriteStream(file);
  const line = (cells: (string | number)[]) => `${cells.map(csvField).join(',')}\r\n`;
  let buf = `\uFEFF${line(['方案', ...CHECKIN_HEADERS])}`;
  let i = 0;
  for (const { plan, data } of x.parts) {
    for (const row of data.latest) {
      buf += line([plan.short, ...checkinCells(data.kb, row)]);
      if (++i % 5000 === 0) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
        onProgress?.(i);
      }
    }
  }
  out.end(buf);
  await once(out, 'finish');
}
