import path from 'node:path';
import { projectRoot } from '../project-root.js';
import { type PlacedText, pageLines, paragraphsOf } from './pdf-lines.js';
import { PlanFileError } from './plan-file-error.js';

/** The text of a PDF plan and what could not be read (pages that are only images). */
export interface PdfText {
  text: string;
  warnings: string[];
}

/** The folder of the pdfjs-dist package, for its CJK character maps and standard fonts. */
function pdfjsDir(): string {
  return path.join(projectRoot(), 'node_modules', 'pdfjs-dist');
}

/**
 * Reads a text PDF with pdf.js (the legacy build, which runs on Node 20), with the Adobe CJK character maps and
 * the standard fonts that ship with it, so that Chinese text in predefined encodings (UniGB-UCS2-H …) comes back
 * as characters; lines and paragraphs are rebuilt from the positions of the text. A PDF with no text at all
 * (a scan) is refused: there is nothing to read without OCR.
 */
export async function readPdf(bytes: Uint8Array): Promise<PdfText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const dir = pdfjsDir();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes), // pdf.js takes ownership of (detaches) the buffer it is given
    cMapUrl: `${path.join(dir, 'cmaps')}${path.sep}`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(dir, 'standard_fonts')}${path.sep}`,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'PasswordException') {
      throw new PlanFileError('这个 PDF 设置了打开密码，无法读取。请提供没有密码的文件。');
    }
    throw new PlanFileError(`这个文件不是可以读取的 PDF（${(e as Error).message}），可能已损坏。`);
  }
  try {
    const pages = [];
    const empty: number[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items: PlacedText[] = [];
      for (const it of content.items) {
        if (!('str' in it)) continue;
        const [a, b, c, d, x, y] = it.transform as number[];
        items.push({
          str: it.str,
          x: x ?? 0,
          y: y ?? 0,
          width: it.width,
          size: Math.hypot(c ?? 0, d ?? 0) || Math.hypot(a ?? 0, b ?? 0) || it.height,
        });
      }
      const lines = pageLines(items);
      if (!lines.some((l) => l.text.replace(/\s/g, '').length > 0)) empty.push(n);
      pages.push(lines);
      page.cleanup();
    }
    if (empty.length === doc.numPages) {
      throw new PlanFileError(
        '这个 PDF 没有文字层（看起来是扫描件或图片），无法读取其中的文字。请提供 Word 文件、网页或可以选中文字的 PDF；扫描件需要先做文字识别（OCR）。',
      );
    }
    const warnings = empty.map(
      (n) => `PDF 第${n}页没有文字层（可能是扫描的图片），这一页的内容没有读到，请核对。`,
    );
    return { text: `${paragraphsOf(pages).join('\n\n')}\n`, warnings };
  } finally {
    await doc.destroy();
  }
}
