import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import { z } from 'zod';
import { projectRoot } from '../project-root.js';
import { decodeText } from './decode-text.js';

type Node = DefaultTreeAdapterTypes.ChildNode;
type Element = DefaultTreeAdapterTypes.Element;

const chromeFile = z.object({
  skipTags: z.array(z.string()),
  chromeWords: z.array(z.string()),
  blockTags: z.array(z.string()),
  linkBlockTags: z.array(z.string()),
  breadcrumbStarts: z.array(z.string()),
});
let words:
  | { skip: Set<string>; block: Set<string>; chrome: Set<string>; linkBlock: Set<string>; crumbs: string[] }
  | undefined;

/** The tag and class-name lists of html-chrome.json, read once. */
function pageWords() {
  if (!words) {
    const f = chromeFile.parse(
      JSON.parse(readFileSync(path.join(projectRoot(), 'src/import/html-chrome.json'), 'utf8')),
    );
    words = {
      skip: new Set(f.skipTags),
      block: new Set(f.blockTags),
      chrome: new Set(f.chromeWords),
      linkBlock: new Set(f.linkBlockTags),
      crumbs: f.breadcrumbStarts,
    };
  }
  return words;
}

const isElement = (n: Node | DefaultTreeAdapterTypes.Document): n is Element => 'tagName' in n;
const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value ?? '';

/** The charset a page declares in its first bytes (<meta charset> or http-equiv Content-Type). */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
}

/** Text of a subtree, whitespace collapsed as a browser shows it (a non-breaking space is a space). */
function flatText(n: Node): string {
  if (n.nodeName === '#text') return (n as DefaultTreeAdapterTypes.TextNode).value;
  if (!isElement(n) || pageWords().skip.has(n.tagName)) return '';
  if (n.tagName === 'br') return '\n';
  return n.childNodes.map(flatText).join('');
}

/** Characters of a subtree's text, and how many of them are inside links. */
function linkShare(e: Element): { chars: number; inLinks: number; links: number } {
  let chars = 0;
  let inLinks = 0;
  let links = 0;
  const walk = (n: Node, inLink: boolean) => {
    if (n.nodeName === '#text') {
      const c = (n as DefaultTreeAdapterTypes.TextNode).value.replace(/\s/g, '').length;
      chars += c;
      if (inLink) inLinks += c;
      return;
    }
    if (!isElement(n) || pageWords().skip.has(n.tagName)) return;
    if (n.tagName === 'a') links++;
    for (const c of n.childNodes) walk(c, inLink || n.tagName === 'a');
  };
  walk(e, false);
  return { chars, inLinks, links };
}

/** True when an element holds paragraphs of its own (a table used for layout holds the whole page). */
function holdsBlocks(e: Element): boolean {
  return e.childNodes.some(
    (c) =>
      isElement(c) &&
      !pageWords().skip.has(c.tagName) &&
      (c.tagName === 'br' || c.tagName === 'table' || pageWords().block.has(c.tagName) || holdsBlocks(c)),
  );
}

/** True for an element that is the page's furniture: named as navigation, or a block of links. */
function isChrome(e: Element): boolean {
  const names = `${attr(e, 'class')} ${attr(e, 'id')}`
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  if (names.some((w) => pageWords().chrome.has(w))) return true;
  if (!pageWords().linkBlock.has(e.tagName)) return false;
  const s = linkShare(e);
  if (s.links >= 2 && s.chars > 0 && s.inLinks / s.chars >= 0.7) return true;
  // 当前位置：首页 > 政务公开 > 政府文件 — a short line; never the block that holds it and the document
  const start = flatText(e).replace(/\s/g, '').slice(0, 8);
  return s.links >= 1 && s.chars <= 80 && pageWords().crumbs.some((c) => start.startsWith(c));
}

/**
 * The text of a saved web page, one block a paragraph (blank lines between blocks, a line break for <br>), a
 * table row a line with its cells separated by spaces. Scripts, styles, forms, navigation, breadcrumbs, share and
 * font-size bars and blocks of links are left out; the page's information table (信息索引号, 发布机构, 文号…)
 * stays as rows, since the importer takes the document's facts from it.
 */
export function readHtml(bytes: Uint8Array): string {
  const doc = parse(decodeText(bytes, declaredCharset(bytes)));
  const blocks: string[] = [];
  let line = '';
  const flush = () => {
    const t = line.replace(/[ \t\r\f\v\u00a0]*\n[ \t\r\f\v\u00a0]*/g, '\n').trim();
    if (t) blocks.push(t);
    line = '';
  };
  const walk = (n: Node) => {
    if (n.nodeName === '#text') {
      line += (n as DefaultTreeAdapterTypes.TextNode).value.replace(/[ \t\n\r\f\u00a0]+/g, ' ');
      return;
    }
    if (!isElement(n) || pageWords().skip.has(n.tagName) || isChrome(n)) return;
    if (n.tagName === 'br') {
      line += '\n';
      return;
    }
    if (n.tagName === 'tr' && !holdsBlocks(n)) {
      flush();
      const cells = n.childNodes
        .filter((c): c is Element => isElement(c) && (c.tagName === 'td' || c.tagName === 'th'))
        .map((c) => flatText(c).replace(/\s+/g, ' ').trim())
        .filter(Boolean);
      line = cells.join(' ');
      flush();
      return;
    }
    const block = pageWords().block.has(n.tagName);
    if (block) flush();
    for (const c of n.childNodes) walk(c);
    if (block) flush();
  };
  for (const c of doc.childNodes) walk(c);
  flush();
  return `${blocks.join('\n\n')}\n`;
}
