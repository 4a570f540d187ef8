import path from 'node:path';
import { convertWithSoffice } from './convert-with-soffice.js';
import { PlanFileError } from './plan-file-error.js';
import { readDocx } from './read-docx.js';
import { readHtml } from './read-html.js';
import { readPdf } from './read-pdf.js';
import { readTxt } from './read-txt.js';

/** The formats a plan is accepted in. */
export type PlanFormat = 'txt' | 'html' | 'docx' | 'pdf' | 'doc' | 'wps';

/** A plan file's text, the format it was read as, and what could not be read. */
export interface PlanText {
  text: string;
  format: PlanFormat;
  warnings: string[];
}

/** The extensions accepted, as a reader would name them. */
export const ACCEPTED = '.txt、.html/.htm、.docx、.pdf，以及 .doc/.wps（需要 LibreOffice）';

/** The extensions a plan file may have; a file without one is read as text. */
const EXTENSIONS = ['.txt', '.text', '.html', '.htm', '.shtml', '.xhtml', '.docx', '.doc', '.wps', '.pdf'];

const unsupported = (ext: string) => `不支持 ${ext || '没有扩展名的'} 文件。可以导入的格式：${ACCEPTED}。`;

/** Why a file cannot be a plan by its name alone (an .xlsx, a .zip …), before it is downloaded; else undefined. */
export function unsupportedName(fileName: string): string | undefined {
  const ext = path.extname(fileName).toLowerCase();
  return ext === '' || EXTENSIONS.includes(ext) ? undefined : unsupported(ext);
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isPdf = (b: Uint8Array) => new TextDecoder('latin1').decode(b.subarray(0, 1024)).includes('%PDF-');
const isOle = (b: Uint8Array) =>
  b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0 && b[4] === 0xa1 && b[5] === 0xb1;

/** The format of a file: by its first bytes when they tell (zip, PDF, OLE), else by its extension. */
export function formatOf(bytes: Uint8Array, fileName: string): PlanFormat | undefined {
  const ext = path.extname(fileName).toLowerCase();
  if (isPdf(bytes)) return 'pdf';
  if (isZip(bytes)) return ext === '.wps' ? 'wps' : 'docx';
  if (isOle(bytes)) return ext === '.wps' ? 'wps' : 'doc';
  if (ext === '.txt' || ext === '.text' || ext === '') return 'txt';
  if (ext === '.html' || ext === '.htm' || ext === '.shtml' || ext === '.xhtml') return 'html';
  if (ext === '.docx' || ext === '.doc' || ext === '.wps' || ext === '.pdf') return undefined; // wrong content
  return undefined;
}

/**
 * Reads a plan file of any accepted format into the plain text the importer parses: .txt (UTF-8 or GB18030),
 * a saved web page, a .docx with its automatic numbering, a text PDF, and .doc/.wps through LibreOffice.
 */
export async function readPlanFile(bytes: Uint8Array, fileName: string): Promise<PlanText> {
  const format = formatOf(bytes, fileName);
  const ext = path.extname(fileName).toLowerCase();
  switch (format) {
    case 'txt':
      return { text: readTxt(bytes), format, warnings: [] };
    case 'html':
      return { text: readHtml(bytes), format, warnings: [] };
    case 'docx':
      return { text: readDocx(bytes), format, warnings: [] };
    case 'pdf':
      return { ...(await readPdf(bytes)), format };
    case 'doc':
    case 'wps':
      return { text: readDocx(await convertWithSoffice(bytes, `.${format}`)), format, warnings: [] };
    default:
      throw new PlanFileError(
        ext && ['.docx', '.doc', '.wps', '.pdf'].includes(ext)
          ? `文件名是 ${ext}，但内容不是 ${ext} 文件，可能已损坏或被改了扩展名。`
          : unsupported(ext),
      );
  }
}
