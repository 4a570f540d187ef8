import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertWithSoffice } from '../../src/import/convert-with-soffice.js';
import { decodeText } from '../../src/import/decode-text.js';
import { PlanFileError } from '../../src/import/plan-file-error.js';
import { previewImport } from '../../src/import/preview-import.js';
import { readHtml } from '../../src/import/read-html.js';
import { readPdf } from '../../src/import/read-pdf.js';
import { readPlanFile } from '../../src/import/read-plan-file.js';
import { projectRoot } from '../../src/project-root.js';
import { runCli } from '../cli/run-cli.js';
import { encodeGb18030 } from '../helpers/encode-gb18030.js';
import { makePage } from '../helpers/make-page.js';
import { makeCjkPdf, makeScannedPdf } from '../helpers/make-pdf.js';
import { planBlocks } from '../helpers/plan-blocks.js';
import { pdfParagraphs } from '../helpers/plan-files.js';

const seed = readFileSync(
  path.join(projectRoot(), 'knowledge/source/jishan-vocational-education-plan-2021.txt'),
  'utf8',
);
const tmp = () => mkdtempSync(path.join(tmpdir(), 'plan-bot-read-'));

describe('text encodings', () => {
  it('reads UTF-8 with or without a BOM, GB18030/GBK as Chinese Windows saves it, and UTF-16 with a BOM', () => {
    const text = '稷山县人民政府关于印发的通知（责任单位：县教育局）';
    expect(decodeText(new TextEncoder().encode(text))).toBe(text);
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))).toBe(text);
    expect(decodeText(encodeGb18030(text))).toBe(text);
    expect(decodeText(encodeGb18030(text), 'gb2312')).toBe(text);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeText(new Uint8Array(utf16))).toBe(text);
  });
});

describe('a saved government web page', () => {
  const page = makePage(planBlocks(seed), {
    county: '稷山县',
    url: 'http://www.jishan.gov.cn/zwgk/zfwj/2.html',
  });
  const text = readHtml(new TextEncoder().encode(page));

  it('keeps the document and its information table and leaves the page furniture out', () => {
    expect(text).toContain('稷山县人民政府关于印发稷山县推进新时代职业教育改革发展行动计划的通知');
    expect(text).toContain('信息索引号 1114102301289005557/2021-00433 发布时间 2021-05-21');
    expect(text).toContain('发布机构 稷山县人民政府 文号 稷政发〔2021〕6号');
    for (const chrome of [
      '走进稷山县',
      '当前位置',
      '打印本页',
      '【大',
      '分享到',
      '上一篇',
      '相关文章',
      '网站标识码',
      'doZoom',
      '请输入关键字',
    ]) {
      expect(text, chrome).not.toContain(chrome);
    }
  });

  it('keeps paragraph breaks: one paragraph a block, inline markup joined', () => {
    const paras = text.split('\n\n');
    expect(paras).toContain('一、指导思想');
    expect(paras.some((p) => p.startsWith('（三）坚持问题导向,注重优化调整。'))).toBe(true);
    expect(paras.find((p) => p.startsWith('1.强化立德树人导向'))).toMatch(/\(责任单位:县教育局\)$/);
  });

  it('reads an older page: an information list (索引号, 发文字号, 成文日期), the text in one block broken by <br>', async () => {
    const text = readFileSync(
      path.join(projectRoot(), 'tests/fixtures/plans/jishan-rural-revitalization-talent-2022.txt'),
      'utf8',
    );
    const body = text
      .split('\n')
      .filter((l) => !/^(?:无障碍|时间:|信息索引号|发布机构)/.test(l.trim()))
      .map((l) => l.replace(/^ {2}/, '&nbsp;&nbsp;&nbsp;&nbsp;'))
      .join('<br>\n');
    const page = `<html><head><meta charset="utf-8"><title>稷山县人民政府</title></head><body>
      <div class="xxgk_info"><ul><li>索引号：1114102301289005557/2022-00187</li><li>发布机构：稷山县人民政府办公室</li>
      <li>发文字号：稷政办发〔2022〕15号</li><li>成文日期：2022-03-18</li><li>发布日期：2022-03-25</li></ul></div>
      <div id="content"><font face="仿宋">${body}</font></div><div class="bottom">版权所有：稷山县人民政府</div></body></html>`;
    const fromTxt = await previewImport(new TextEncoder().encode(text), 'r.txt');
    const fromPage = await previewImport(new TextEncoder().encode(page), 'r.htm');
    expect(fromPage.plan).toEqual(fromTxt.plan);
  });

  it('decodes a GB2312 page by its declared charset, and a table laid out for the page is read as paragraphs', () => {
    const layout = `<html><head><meta charset="gb2312"></head><body><table><tr><td class="left"><a href="/">首页</a> <a href="/a">政务公开</a></td></tr><tr><td><p>一、指导思想</p><p>坚持以习近平新时代中国特色社会主义思想为指导。</p></td></tr></table></body></html>`;
    expect(readHtml(encodeGb18030(layout)).trim().split('\n\n')).toEqual([
      '一、指导思想',
      '坚持以习近平新时代中国特色社会主义思想为指导。',
    ]);
  });
});

describe('PDF', () => {
  it('reads Chinese text in a predefined CMap (UniGB-UCS2-H) with the character maps that ship with pdf.js', async () => {
    const blocks = planBlocks(seed);
    const r = await readPdf(makeCjkPdf(pdfParagraphs(blocks)));
    expect(r.warnings).toEqual([]);
    expect(r.text).toContain('稷山县推进新时代职业教育改革发展行动计划');
    // lines were joined into paragraphs, page numbers left out
    expect(r.text).toContain(
      '2.实施职业教育铸魂育人计划。推进职业教育领域“三全育人”综合改革试点工作,实施职业教育铸魂育人工程,到2022年底,建设1个市级思政教育工作室、打造1个特色文化育人品牌,建设30个以上思政微课。',
    );
    expect(r.text).not.toMatch(/^- \d+ -$/m);
  });

  it('refuses a scanned PDF (images, no text layer) with a message saying so, and nothing is imported', async () => {
    await expect(readPdf(makeScannedPdf())).rejects.toThrow(PlanFileError);
    await expect(readPdf(makeScannedPdf())).rejects.toThrow(/没有文字层（看起来是扫描件或图片）.*OCR/);
    const p = await previewImport(makeScannedPdf(), '扫描件.pdf');
    expect(p.plan).toBeUndefined();
    expect(p.text).toMatch(/^无法导入“扫描件\.pdf”：\n1\. 这个 PDF 没有文字层/);
    const dir = tmp();
    writeFileSync(path.join(dir, 'scan.pdf'), makeScannedPdf());
    const cli = await runCli(['import', path.join(dir, 'scan.pdf'), '--out', path.join(dir, 'out.json')]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('没有文字层');
  });

  it('imports a PDF with a scanned page, and the preview names the page that could not be read', async () => {
    const pdf = makeCjkPdf(pdfParagraphs(planBlocks(seed)), { scannedPages: [3] });
    const r = await readPdf(pdf);
    expect(r.warnings).toEqual(['PDF 第3页没有文字层（可能是扫描的图片），这一页的内容没有读到，请核对。']);
    const p = await previewImport(pdf, 'plan.pdf');
    // the page held the 重点任务 heading and the first tasks: nothing is imported, and the preview says why
    expect(p.plan).toBeUndefined();
    expect(p.problems.at(-1)).toEqual({ severity: 'warning', message: r.warnings[0] });
    expect(p.text).toContain('\n另外：PDF 第3页没有文字层');
  });

  it('refuses a damaged PDF in Chinese', async () => {
    await expect(readPdf(new TextEncoder().encode('%PDF-1.7\nbroken'))).rejects.toThrow(/不是可以读取的 PDF/);
  });
});

describe('files by content and extension', () => {
  it('refuses an unknown extension and a file whose content is not what its name says', async () => {
    await expect(readPlanFile(new TextEncoder().encode('x'), 'plan.xlsx')).rejects.toThrow(
      /不支持 \.xlsx 文件。可以导入的格式/,
    );
    await expect(readPlanFile(new TextEncoder().encode('plain text'), 'plan.docx')).rejects.toThrow(
      /文件名是 \.docx，但内容不是 \.docx 文件/,
    );
  });

  it('reads a PDF or a .docx by its content whatever its name', async () => {
    const r = await readPlanFile(makeCjkPdf([{ text: '一、指导思想' }]), 'download');
    expect(r.format).toBe('pdf');
  });
});

describe('.doc and .wps through LibreOffice', () => {
  it('refuses with a message naming the Debian package when LibreOffice is not installed', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    await expect(convertWithSoffice(ole, '.doc', { command: '/nonexistent/soffice' })).rejects.toThrow(
      /没有安装 LibreOffice（找不到 soffice）.*libreoffice-writer-nogui.*另存为 \.docx/,
    );
    const dir = tmp();
    writeFileSync(path.join(dir, 'old.wps'), ole);
    const cli = await runCli(['import', path.join(dir, 'old.wps'), '--preview'], {
      env: { PLAN_BOT_SOFFICE: '/nonexistent/soffice' },
    });
    expect(cli.code).toBe(2);
    expect(cli.stdout).toContain('.wps 文件需要用 LibreOffice 转换');
  });

  it('stops a conversion that takes too long', async () => {
    const dir = tmp();
    const slow = path.join(dir, 'slow-soffice');
    writeFileSync(slow, '#!/bin/sh\nsleep 30\n');
    chmodSync(slow, 0o755);
    const t0 = Date.now();
    await expect(
      convertWithSoffice(new Uint8Array([1]), '.doc', { command: slow, timeoutMs: 300 }),
    ).rejects.toThrow(/超过 0 秒仍未完成，已停止/);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
