import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { CHECKIN_HEADERS, checkinCells } from './checkin-columns.js';
import { csvField } from './csv-cell.js';
import type { ExportData } from './export-data.js';

/** Writes the latest check-ins as CSV that Excel opens: UTF-8 with BOM, CRLF, RFC 4180 quoting, no formulas. */
export async function writeCsv(
  data: ExportData,
  file: string,
  onProgress?: (done: number) => void,
): Promise<void> {
  const out = createWriteStream(file);
  const line = (cells: (string | number)[]) => `${cells.map(csvField).join(',')}\r\n`;
  let buf = `\uFEFF${line(CHECKIN_HEADERS)}`;
  let i = 0;
  for (const row of data.latest) {
    buf += line(checkinCells(data.kb, row));
    if (++i % 5000 === 0) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
      onProgress?.(i);
    }
  }
  out.end(buf);
  await once(out, 'finish');
}
