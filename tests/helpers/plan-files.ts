import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/project-root.js';
import { encodeGb18030 } from './encode-gb18030.js';
import { makeDocx } from './make-docx.js';
import { makePage } from './make-page.js';
import { makeCjkPdf } from './make-pdf.js';
import { type PlanBlock, planBlocks, typedText } from './plan-blocks.js';
import { hasSoffice, sofficeConvert } from './soffice.js';

/** The plans the format tests read: the bundled one, the two written blind by another engineer, and one with a
 * 总体要求 section holding its ideology, principles and goals. */
export const PLANS = {
  jishan: 'knowledge/source/jishan-vocational-education-plan-2021.txt',
  rural: 'tests/fixtures/plans/jishan-rural-revitalization-talent-2022.txt',
  campus: 'tests/fixtures/plans/jishan-campus-safety-2023.txt',
  water: 'tests/fixtures/plans/plan-overall-requirements.txt',
} as const;

/** The paragraphs of a plan's blocks as a PDF lays them out (an information row a line per label). */
export function pdfParagraphs(blocks: PlanBlock[]): { text: string; centre?: boolean }[] {
  return blocks.flatMap((b) =>
    b.kind === 'table'
      ? b.rows.flatMap((r) => [{ text: `${r[0]} ${r[1]}` }, { text: `${r[2]} ${r[3]}` }])
      : [{ text: typedText(b), centre: b.align === 'center' }],
  );
}

/**
 * Writes one plan in every format into a fresh folder: the .txt as published, the same text in GB18030, a .docx
 * with Word numbering, the web page (GB2312-declared and GB18030-encoded when `gbkPage`), a CJK PDF in the
 * predefined-CMap style, and — with LibreOffice — a PDF converted from the .docx, a .doc converted from a .docx
 * whose restarted lists are lists of their own (LibreOffice's .doc export loses a start override), and a .wps (the
 * .doc's bytes: WPS Office writes the same compound-file format). Returns the folder and the files by format.
 */
export function writePlanFiles(names: (keyof typeof PLANS)[], o: { gbkPage?: (keyof typeof PLANS)[] } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-formats-'));
  const files: Record<string, Record<string, string>> = {};
  const docx: string[] = [];
  const forDoc: string[] = [];
  for (const name of names) {
    const source = readFileSync(path.join(projectRoot(), PLANS[name]), 'utf8');
    const blocks = planBlocks(source);
    const f = (ext: string) => path.join(dir, `${name}.${ext}`);
    writeFileSync(f('txt'), source);
    // GBK has no no-break space (the web page's text has a few): Notepad saves it as a space
    writeFileSync(f('gbk.txt'), encodeGb18030(source.replace(/\u00a0/g, ' ')));
    writeFileSync(f('docx'), makeDocx(blocks));
    writeFileSync(f('for-doc.docx'), makeDocx(blocks, { restartAs: 'newList' }));
    const gbk = o.gbkPage?.includes(name) ?? false;
    const page = makePage(blocks, {
      county: '稷山县',
      url: `http://www.jishan.gov.cn/zwgk/zfwj/${name}.html`,
      charset: gbk ? 'gb2312' : 'UTF-8',
    });
    writeFileSync(f('html'), gbk ? encodeGb18030(page.replace(/\u00a0/g, ' ')) : page);
    writeFileSync(f('cjk.pdf'), makeCjkPdf(pdfParagraphs(blocks)));
    docx.push(f('docx'));
    forDoc.push(f('for-doc.docx'));
    files[name] = {
      txt: f('txt'),
      'gbk.txt': f('gbk.txt'),
      docx: f('docx'),
      html: f('html'),
      'cjk.pdf': f('cjk.pdf'),
    };
  }
  if (hasSoffice) {
    const pdfs = sofficeConvert(docx, 'pdf');
    const docs = sofficeConvert(forDoc, 'doc');
    names.forEach((name, i) => {
      const f = (ext: string) => path.join(dir, `${name}.${ext}`);
      writeFileSync(f('pdf'), pdfs[i] as Uint8Array);
      writeFileSync(f('doc'), docs[i] as Uint8Array);
      copyFileSync(f('doc'), f('wps'));
      Object.assign(files[name] as Record<string, string>, { pdf: f('pdf'), doc: f('doc'), wps: f('wps') });
    });
  }
  return { dir, files };
}
