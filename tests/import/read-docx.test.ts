import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { PlanFileError } from '../../src/import/plan-file-error.js';
import { readDocx } from '../../src/import/read-docx.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A .docx from the XML of its body, numbering definitions and styles. */
function docx(body: string, numbering = '', styles = ''): Uint8Array {
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const parts: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/></Relationships>`,
    ),
    'word/_rels/document.xml.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="${R}/styles" Target="styles.xml"/></Relationships>`,
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`,
    ),
  };
  if (numbering)
    parts['word/numbering.xml'] = strToU8(
      `<?xml version="1.0"?><w:numbering xmlns:w="${W}">${numbering}</w:numbering>`,
    );
  if (styles)
    parts['word/styles.xml'] = strToU8(`<?xml version="1.0"?><w:styles xmlns:w="${W}">${styles}</w:styles>`);
  return zipSync(parts);
}

const lvl = (ilvl: number, fmt: string, text: string, extra = '') =>
  `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/>${extra}<w:lvlText w:val="${text}"/></w:lvl>`;
const p = (text: string, numId?: number, ilvl = 0, pPr = '') =>
  `<w:p><w:pPr>${pPr}${numId !== undefined ? `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>` : ''}</w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
const lines = (bytes: Uint8Array) => readDocx(bytes).trim().split(/\n+/);

describe('Word numbering as a reader sees it', () => {
  const outline = `<w:abstractNum w:abstractNumId="0">${lvl(0, 'chineseCounting', '%1、', '<w:suff w:val="nothing"/>')}${lvl(1, 'chineseCounting', '（%2）', '<w:suff w:val="nothing"/>')}${lvl(2, 'decimal', '%3.', '<w:lvlRestart w:val="1"/><w:suff w:val="nothing"/>')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`;

  it('numbers levels per definition: （一） starts again under each 一、, and 1. (lvlRestart 1) only under a new 一、', () => {
    const body = [
      p('总体要求', 1, 0),
      p('重点任务', 1, 0),
      p('第一组', 1, 1),
      p('甲', 1, 2),
      p('乙', 1, 2),
      p('第二组', 1, 1),
      p('丙', 1, 2),
      p('保障', 1, 0),
      p('加强领导', 1, 1),
      p('丁', 1, 2),
    ].join('');
    expect(lines(docx(body, outline))).toEqual([
      '一、总体要求',
      '二、重点任务',
      '（一）第一组',
      '1.甲',
      '2.乙',
      '（二）第二组',
      '3.丙',
      '三、保障',
      '（一）加强领导',
      '1.丁',
    ]);
  });

  it('counts past ten in Chinese and restarts a list where a second instance overrides its start', () => {
    const defs = `<w:abstractNum w:abstractNumId="3">${lvl(0, 'chineseCounting', '（%1）')}</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num><w:num w:numId="6"><w:abstractNumId w:val="3"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num><w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num>`;
    const body = [
      ...Array.from({ length: 12 }, (_x, i) => p(`任务${i + 1}`, 5)),
      p('要求甲', 6),
      p('要求乙', 6),
      p('接着数', 7),
    ].join('');
    const got = lines(docx(body, defs));
    // no w:suff: Word puts a tab after the number, read as a space
    expect(got.slice(9, 12)).toEqual(['（十） 任务10', '（十一） 任务11', '（十二） 任务12']);
    // a list instance without an override goes on counting its definition (Word's behaviour)
    expect(got.slice(12)).toEqual(['（一） 要求甲', '（二） 要求乙', '（三） 接着数']);
  });

  it('takes numbering from a paragraph style (and its basedOn chain); numId 0 switches it off', () => {
    const defs = `<w:abstractNum w:abstractNumId="0">${lvl(0, 'chineseCounting', '%1、')}</w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>`;
    const styles = `<w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="H1b"><w:basedOn w:val="H1"/></w:style>`;
    const body = [
      p('指导思想', undefined, 0, '<w:pStyle w:val="H1"/>'),
      p('基本原则', undefined, 0, '<w:pStyle w:val="H1b"/>'),
      `<w:p><w:pPr><w:pStyle w:val="H1"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>不编号</w:t></w:r></w:p>`,
      p('发展目标', undefined, 0, '<w:pStyle w:val="H1"/>'),
    ].join('');
    expect(lines(docx(body, defs, styles))).toEqual([
      '一、 指导思想',
      '二、 基本原则',
      '不编号',
      '三、 发展目标',
    ]);
  });

  it('writes decimal, legal, circled, letter and roman formats as Word shows them', () => {
    const defs = `<w:abstractNum w:abstractNumId="0">${lvl(0, 'decimal', '%1.')}${lvl(1, 'decimal', '%1.%2', '<w:isLgl/>')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:abstractNum w:abstractNumId="1">${lvl(0, 'decimalEnclosedCircle', '%1')}</w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
      <w:abstractNum w:abstractNumId="2">${lvl(0, 'upperRoman', '%1.')}</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
      <w:abstractNum w:abstractNumId="4">${lvl(0, 'lowerLetter', '(%1)')}</w:abstractNum><w:num w:numId="4"><w:abstractNumId w:val="4"/></w:num>`;
    const body = [
      p('甲', 1),
      p('甲一', 1, 1),
      p('甲二', 1, 1),
      p('圈', 2),
      p('圈', 2),
      p('罗马', 3),
      p('罗马', 3),
      p('罗马', 3),
      p('字母', 4),
    ].join('');
    expect(lines(docx(body, defs))).toEqual([
      '1. 甲',
      '1.1 甲一',
      '1.2 甲二',
      '① 圈',
      '② 圈',
      'I. 罗马',
      'II. 罗马',
      'III. 罗马',
      '(a) 字母',
    ]);
  });

  it('reads what is shown: runs joined, tabs, field results but not codes, no deleted or hidden text; a table row a line', () => {
    const body = [
      '<w:p><w:r><w:t>到</w:t></w:r><w:r><w:t xml:space="preserve">2022</w:t></w:r><w:ins><w:r><w:t>年底</w:t></w:r></w:ins><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r></w:p>',
      '<w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>',
      '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>信息索引号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>11141/2021-00433</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>发布机构</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>稷山县人民政府</w:t></w:r></w:p></w:tc></w:tr></w:tbl>',
      '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>一段。</w:t></w:r></w:p><w:p><w:r><w:t>又一段。</w:t></w:r></w:p></w:tc></w:tr></w:tbl>',
    ].join('');
    expect(lines(docx(body))).toEqual([
      '到2022年底',
      '第3页链接',
      '信息索引号 11141/2021-00433',
      '发布机构 稷山县人民政府',
      '一段。',
      '又一段。',
    ]);
  });

  it('refuses a file that is not a .docx, in Chinese', () => {
    expect(() => readDocx(new TextEncoder().encode('not a zip'))).toThrow(PlanFileError);
    expect(() => readDocx(new TextEncoder().encode('not a zip'))).toThrow(/不是有效的 \.docx/);
    expect(() => readDocx(zipSync({ 'a.txt': strToU8('x') }))).toThrow(/没有正文/);
  });
});
