import { writeFile } from 'node:fs/promises';
import type { ExportData } from './export-data.js';

/** Writes the full history as JSON, superseded and withdrawn records included, with what the export covered. */
export async function writeJson(data: ExportData, file: string): Promise<void> {
  const doc = {
    plan: { title: data.kb.document.title, docNumber: data.kb.document.docNumber },
    filter: data.filter,
    weeks: data.weeks,
    checkins: data.history,
    missing: data.missing,
    ...(data.supervision
      ? {
          review: data.supervision.review,
          deadlines: Object.fromEntries(data.supervision.deadlines),
          bulletin: data.supervision.bulletin,
        }
      : {}),
  };
  await writeFile(file, `${JSON.stringify(doc, null, 1)}\n`);
}
