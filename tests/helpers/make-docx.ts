import { strToU8, zipSync } from 'fflate';
import { type PlanBlock, typedText } from './plan-blocks.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The numbering of a Chinese official document as Word stores it: an outline list whose level 0 is "一、"
 * (chineseCounting, carried by the Heading1 style); a list "（一）" (chineseCounting) and a list "1." (decimal) for
 * the items and the tasks. Numbering that goes on (tasks 1–20 through the groups, （一）…（十） through three
 * sections) stays in one list instance; numbering that starts again at 1 is a new instance of the same
 * definition with a start override — what Word writes for "restart at 1".
 */
interface Instance {
  numId: number;
  abstractId: number;
  /** The definition it copies (8 "1." or 9 "（一）") when it is a list of its own. */
  copyOf?: number;
  override: boolean;
}

function numbering(instances: Instance[]): string {
  const nums = instances
    .map((n) =>
      n.override
        ? `<w:num w:numId="${n.numId}"><w:abstractNumId w:val="${n.abstractId}"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>`
        : `<w:num w:numId="${n.numId}"><w:abstractNumId w:val="${n.abstractId}"/></w:num>`,
    )
    .join('\n  ');
  const single = (id: number, fmt: string, text: string) => `<w:abstractNum w:abstractNumId="${id}">
    <w:multiLevelType w:val="singleLevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:suff w:val="nothing"/><w:lvlText w:val="${text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:firstLine="640"/></w:pPr></w:lvl>
  </w:abstractNum>`;
  const copies = instances
    .filter((n) => n.copyOf !== undefined)
    .map((n) =>
      n.copyOf === 8
        ? single(n.abstractId, 'decimal', '%1.')
        : single(n.abstractId, 'chineseCounting', '（%1）'),
    )
    .join('\n  ');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="${W}">
  <w:abstractNum w:abstractNumId="7">
    <w:multiLevelType w:val="multilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading1"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:firstLine="640"/></w:pPr></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
  </w:abstractNum>
  ${single(8, 'decimal', '%1.')}
  ${single(9, 'chineseCounting', '（%1）')}
  ${copies}
  <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
  ${nums}
</w:numbering>`;
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${W}">
  <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="WenQuanYi Zen Hei" w:hAnsi="Times New Roman"/><w:sz w:val="28"/><w:lang w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:overflowPunct w:val="0"/><w:spacing w:after="0" w:line="360" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="36"/></w:rPr></w:style>
  <w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr></w:style>
</w:styles>`;

/** Runs of a paragraph: split at commas, so that the reader must join runs as Word does. */
function runs(text: string): string {
  const parts = text.split(/(?=[，,、])/);
  return parts.map((p) => `<w:r><w:t xml:space="preserve">${esc(p)}</w:t></w:r>`).join('');
}

function paragraph(b: Extract<PlanBlock, { kind: 'p' }>, numId?: number): string {
  let pPr = '';
  if (b.level === 0) pPr = '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>';
  else if (numId !== undefined) {
    pPr = `<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr><w:overflowPunct w:val="0"/><w:ind w:firstLine="640"/></w:pPr>`;
  } else if (b.align === 'center') pPr = '<w:pPr><w:pStyle w:val="Title"/></w:pPr>';
  else pPr = '<w:pPr><w:overflowPunct w:val="0"/><w:ind w:firstLine="640"/></w:pPr>';
  return `<w:p>${pPr}${runs(b.text)}</w:p>`;
}

/** An information table: labels narrow, values wide, in a smaller type so that no value wraps. */
function table(rows: string[][]): string {
  const widths = [1300, 3600, 1300, 2600];
  const grid = widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('');
  const small = '<w:rPr><w:sz w:val="20"/></w:rPr>';
  const tr = rows
    .map(
      (r) =>
        `<w:tr>${r.map((c, i) => `<w:tc><w:tcPr><w:tcW w:w="${widths[i] ?? 2000}" w:type="dxa"/></w:tcPr><w:p><w:pPr>${small}</w:pPr>${runs(c).replaceAll('<w:r>', `<w:r>${small}`)}</w:p></w:tc>`).join('')}</w:tr>`,
    )
    .join('');
  return `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${tr}</w:tbl>`;
}

/**
 * A real .docx (Office Open XML package) of the blocks, numbered by Word's list definitions (numbering.xml) and
 * a numbered heading style rather than typed numbers — the way a drafting office's file carries 一、 （一） 1.
 * Numbering that starts again at 1 is a new instance of the definition with a start override (what Word writes
 * for "restart at 1"), or with `restartAs: 'newList'` a list definition of its own (what LibreOffice keeps when
 * it saves a .doc: its .doc export loses a start override). With `typed`, the numbers are typed instead.
 */
export function makeDocx(
  blocks: PlanBlock[],
  o: { typed?: boolean; restartAs?: 'override' | 'newList' } = {},
): Uint8Array {
  // a list instance per run of numbering: a paragraph numbered 1 (or 一) starts a new one
  const instances: Instance[] = [];
  const current = new Map<number, number>();
  const body = blocks
    .map((b) => {
      if (b.kind === 'table') return table(b.rows);
      // typed numbers, as many drafters type them: the text as printed, no list
      if (o.typed && b.level !== undefined) return paragraph({ kind: 'p', text: typedText(b) });
      if (b.level !== 1 && b.level !== 2) return paragraph(b);
      const definition = b.level === 1 ? 9 : 8;
      const first = b.numeral === '1' || b.numeral === '一';
      if (first || !current.has(definition)) {
        const numId = 10 + instances.length;
        const again = instances.some((n) => n.abstractId === definition || n.copyOf === definition);
        if (again && o.restartAs === 'newList') {
          instances.push({ numId, abstractId: 100 + instances.length, copyOf: definition, override: false });
        } else instances.push({ numId, abstractId: definition, override: again });
        current.set(definition, numId);
      }
      return paragraph(b, current.get(definition));
    })
    .join('\n');
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<w:body>
${body}
<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>
</w:body>
</w:document>`;
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zipSync({
    '[Content_Types].xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="xml" ContentType="application/xml"/>
  <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
  <Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
  <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>`),
    '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/>
</Relationships>`),
    'word/_rels/document.xml.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="${R}/styles" Target="styles.xml"/>
  <Relationship Id="rId2" Type="${R}/numbering" Target="numbering.xml"/>
</Relationships>`),
    'word/document.xml': strToU8(document),
    'word/numbering.xml': strToU8(numbering(instances)),
    'word/styles.xml': strToU8(STYLES),
  });
}
