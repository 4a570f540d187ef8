import type { Element } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';
import {
  NumberingCounter,
  type NumberingDefinitions,
  type NumberingInstance,
  type NumberingLevel,
} from './docx-numbering.js';
import { PlanFileError } from './plan-file-error.js';
import { attr, child, children, onOff, parseXml } from './xml-tree.js';

const REL_DOCUMENT = /\/officeDocument$/;
const REL_NUMBERING = /\/numbering$/;
const REL_STYLES = /\/styles$/;

/** Targets of a relationships part, by relationship type. */
function relationships(xml: string | undefined, base: string): { type: string; target: string }[] {
  if (!xml) return [];
  return children(parseXml(xml), 'Relationship').map((r) => {
    const target = attr(r, 'Target') ?? '';
    const resolved = target.startsWith('/') ? target.slice(1) : `${base}${target}`;
    return { type: attr(r, 'Type') ?? '', target: resolved.replace(/[^/]+\/\.\.\//g, '') };
  });
}

function level(l: Element): NumberingLevel {
  const restart = attr(child(l, 'lvlRestart'), 'val');
  const suff = attr(child(l, 'suff'), 'val');
  return {
    start: Number(attr(child(l, 'start'), 'val') ?? 0),
    format: attr(child(l, 'numFmt'), 'val') ?? 'decimal',
    text: attr(child(l, 'lvlText'), 'val') ?? '',
    restart: restart === undefined ? undefined : Number(restart),
    legal: onOff(child(l, 'isLgl')),
    suffix: suff === 'space' || suff === 'nothing' ? suff : 'tab',
  };
}

/** The list definitions and instances of numbering.xml. */
function numbering(xml: string | undefined): {
  defs: NumberingDefinitions;
  levelStyles: Map<string, { abstractId: string; ilvl: number }>;
} {
  const defs: NumberingDefinitions = { abstracts: new Map(), instances: new Map() };
  const levelStyles = new Map<string, { abstractId: string; ilvl: number }>();
  if (!xml) return { defs, levelStyles };
  const root = parseXml(xml);
  for (const a of children(root, 'abstractNum')) {
    const id = attr(a, 'abstractNumId') ?? '';
    const levels = new Map<number, NumberingLevel>();
    for (const l of children(a, 'lvl')) {
      const ilvl = Number(attr(l, 'ilvl') ?? 0);
      levels.set(ilvl, level(l));
      const style = attr(child(l, 'pStyle'), 'val');
      if (style) levelStyles.set(style, { abstractId: id, ilvl });
    }
    defs.abstracts.set(id, levels);
  }
  for (const n of children(root, 'num')) {
    const inst: NumberingInstance = {
      abstractId: attr(child(n, 'abstractNumId'), 'val') ?? '',
      startOverride: new Map(),
      levelOverride: new Map(),
    };
    for (const o of children(n, 'lvlOverride')) {
      const ilvl = Number(attr(o, 'ilvl') ?? 0);
      const start = attr(child(o, 'startOverride'), 'val');
      if (start !== undefined) inst.startOverride.set(ilvl, Number(start));
      const lvl = child(o, 'lvl');
      if (lvl) inst.levelOverride.set(ilvl, level(lvl));
    }
    defs.instances.set(attr(n, 'numId') ?? '', inst);
  }
  return { defs, levelStyles };
}

interface StyleNumbering {
  numId?: string;
  ilvl?: number;
}

/** The numbering each paragraph style carries (w:style/w:pPr/w:numPr), following w:basedOn. */
function styleNumbering(xml: string | undefined): (styleId: string) => StyleNumbering {
  const styles = new Map<string, { basedOn?: string; num?: StyleNumbering }>();
  let defaultStyle: string | undefined;
  if (xml) {
    for (const s of children(parseXml(xml), 'style')) {
      if (attr(s, 'type') !== 'paragraph') continue;
      const id = attr(s, 'styleId') ?? '';
      if (/^(?:1|true|on)$/.test(attr(s, 'default') ?? '')) defaultStyle = id;
      const numPr = child(child(s, 'pPr'), 'numPr');
      const ilvl = attr(child(numPr, 'ilvl'), 'val');
      styles.set(id, {
        basedOn: attr(child(s, 'basedOn'), 'val'),
        num: numPr
          ? { numId: attr(child(numPr, 'numId'), 'val'), ilvl: ilvl === undefined ? undefined : Number(ilvl) }
          : undefined,
      });
    }
  }
  return (styleId: string) => {
    const out: StyleNumbering = {};
    const seen = new Set<string>();
    for (let id: string | undefined = styleId || defaultStyle; id && !seen.has(id); ) {
      seen.add(id);
      const s = styles.get(id);
      if (out.numId === undefined) out.numId = s?.num?.numId;
      if (out.ilvl === undefined) out.ilvl = s?.num?.ilvl;
      id = s?.basedOn;
    }
    return out;
  };
}

/** Reads a paragraph's visible text: runs, tabs, breaks, field results; not deleted, hidden or field-code text. */
function paragraphText(p: Element): string {
  let out = '';
  // complex fields: the code between begin and separate is hidden, the result after separate is shown
  const fields: ('code' | 'result')[] = [];
  const walk = (e: Element) => {
    for (const c of children(e)) {
      switch (c.localName) {
        case 'pPr':
        case 'rPr':
        case 'del':
        case 'moveFrom':
        case 'drawing':
        case 'pict':
        case 'object':
        case 'AlternateContent':
        case 'instrText':
        case 'delText':
        case 'footnoteReference':
        case 'endnoteReference':
        case 'commentReference':
          break;
        case 'r':
          if (!onOff(child(child(c, 'rPr'), 'vanish'))) walk(c);
          break;
        case 'fldChar': {
          const t = attr(c, 'fldCharType');
          if (t === 'begin') fields.push('code');
          else if (t === 'separate' && fields.length) fields[fields.length - 1] = 'result';
          else if (t === 'end') fields.pop();
          break;
        }
        case 't':
          if (!fields.includes('code')) out += c.textContent ?? '';
          break;
        case 'tab':
        case 'ptab':
          if (!fields.includes('code')) out += ' ';
          break;
        case 'br':
        case 'cr':
          if (!fields.includes('code') && attr(c, 'type') !== 'page') out += '\n';
          break;
        case 'noBreakHyphen':
          out += '-';
          break;
        default:
          walk(c); // hyperlink, ins, smartTag, sdt, sdtContent, fldSimple, customXml, moveTo …
      }
    }
  };
  walk(p);
  return out;
}

/**
 * The text of a .docx plan as a reader sees it: each paragraph with its automatic number (一、 （一） 1.) taken
 * from the numbering definitions — numbering.xml's lists and levels, set on the paragraph or by its style — and a
 * table row a line of its cells. Paragraphs are separated by blank lines.
 */
export function readDocx(bytes: Uint8Array): string {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => /\.(?:xml|rels)$/.test(f.name) });
  } catch {
    throw new PlanFileError(
      '这个文件不是有效的 .docx（Word 2007 及以后的格式）：无法解压。如果是加密文档，请先取消密码；如果是旧版 .doc，请另存为 .docx。',
    );
  }
  const text = (name: string) => (files[name] ? strFromU8(files[name] as Uint8Array) : undefined);
  try {
    const mainPart =
      relationships(text('_rels/.rels'), '').find((r) => REL_DOCUMENT.test(r.type))?.target ??
      'word/document.xml';
    const dir = mainPart.replace(/[^/]*$/, '');
    const rels = relationships(text(`${dir}_rels/${mainPart.slice(dir.length)}.rels`), dir);
    const doc = text(mainPart);
    if (!doc) throw new PlanFileError('这个 .docx 文件里没有正文（word/document.xml），可能已损坏。');
    const { defs, levelStyles } = numbering(text(rels.find((r) => REL_NUMBERING.test(r.type))?.target ?? ''));
    const styleNum = styleNumbering(text(rels.find((r) => REL_STYLES.test(r.type))?.target ?? ''));
    const counter = new NumberingCounter(defs);

    const paragraph = (p: Element): string => {
      const pPr = child(p, 'pPr');
      const styleId = attr(child(pPr, 'pStyle'), 'val') ?? '';
      const own = child(pPr, 'numPr');
      const fromStyle = styleNum(styleId);
      const numId = attr(child(own, 'numId'), 'val') ?? fromStyle.numId;
      let ilvl = Number(attr(child(own, 'ilvl'), 'val') ?? fromStyle.ilvl ?? Number.NaN);
      if (Number.isNaN(ilvl)) {
        const linked = levelStyles.get(styleId);
        ilvl = linked && linked.abstractId === defs.instances.get(numId ?? '')?.abstractId ? linked.ilvl : 0;
      }
      const body = paragraphText(p);
      if (onOff(child(child(pPr, 'rPr'), 'vanish')) && !body.trim()) return '';
      const num = numId && numId !== '0' ? counter.next(numId, ilvl) : undefined;
      return num?.label ? `${num.label}${num.suffix}${body.replace(/^\s+/, '')}` : body;
    };

    const blocks: string[] = [];
    const push = (s: string) => {
      const t = s.replace(/[ \t]*\n[ \t]*/g, '\n').trim();
      if (t) blocks.push(t);
    };
    const cellText = (tc: Element): string[] => {
      const out: string[] = [];
      const walk = (e: Element) => {
        for (const c of children(e)) {
          if (c.localName === 'p') out.push(paragraph(c).replace(/\s+/g, ' ').trim());
          else if (c.localName === 'tbl') for (const row of tableRows(c)) out.push(row);
          else if (c.localName === 'sdt' || c.localName === 'sdtContent' || c.localName === 'customXml')
            walk(c);
        }
      };
      walk(tc);
      return out.filter(Boolean);
    };
    const tableRows = (tbl: Element): string[] =>
      children(tbl, 'tr').map((tr) =>
        cellsOf(tr)
          .map((tc) => cellText(tc).join(' '))
          .filter(Boolean)
          .join(' '),
      );
    const cellsOf = (tr: Element): Element[] =>
      children(tr).flatMap((c) =>
        c.localName === 'tc' ? [c] : c.localName === 'sdt' || c.localName === 'customXml' ? cellsOf(c) : [],
      );
    const table = (tbl: Element) => {
      for (const tr of children(tbl, 'tr')) {
        const cells = cellsOf(tr).map(cellText);
        const filled = cells.filter((c) => c.length);
        // a table with one filled cell a row is a frame around paragraphs: read them as paragraphs
        if (filled.length === 1) for (const para of filled[0] ?? []) push(para);
        else push(filled.map((c) => c.join(' ')).join(' '));
      }
    };
    const body = (e: Element) => {
      for (const c of children(e)) {
        if (c.localName === 'p') push(paragraph(c));
        else if (c.localName === 'tbl') table(c);
        else if (c.localName === 'sdt' || c.localName === 'sdtContent' || c.localName === 'customXml')
          body(c);
      }
    };
    const root = parseXml(doc);
    const docBody = child(root, 'body');
    if (docBody) body(docBody);
    return `${blocks.join('\n\n')}\n`;
  } catch (e) {
    if (e instanceof PlanFileError) throw e;
    throw new PlanFileError(`这个 .docx 文件的内容无法解析（${(e as Error).message}），可能已损坏。`);
  }
}
