import type { ExportData } from './export-data.js';
import { writeCsv } from './write-csv.js';
import { writeJson } from './write-json.js';
import { writeXlsx } from './write-xlsx.js';

/** Export formats. */
export const FORMATS = ['csv', 'xlsx', 'json'] as const;
/** One export format. */
export type Format = (typeof FORMATS)[number];

/** Writes an export in a format to a file. */
export async function writeExport(
  format: Format,
  data: ExportData,
  file: string,
  onProgress?: (done: number) => void,
): Promise<void> {
  if (format === 'csv') return writeCsv(data, file, onProgress);
  if (format === 'xlsx') return writeXlsx(data, file, onProgress);
  return writeJson(data, file);
}
