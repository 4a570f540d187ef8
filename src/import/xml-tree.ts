import { DOMParser, type Element } from '@xmldom/xmldom';

const W_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);

/** Parses an XML part; throws on XML that is not well-formed. */
export function parseXml(xml: string): Element {
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(message);
    },
  }).parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (!root) throw new Error('empty XML part');
  return root;
}

/** The element children of `e`, optionally only those with a local name in `names`. */
export function children(e: Element, ...names: string[]): Element[] {
  const out: Element[] = [];
  for (let c = e.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && (names.length === 0 || names.includes((c as Element).localName ?? ''))) {
      out.push(c as Element);
    }
  }
  return out;
}

/** The first element child with local name `name`. */
export function child(e: Element | undefined, name: string): Element | undefined {
  return e ? children(e, name)[0] : undefined;
}

/** An attribute by local name, whatever its prefix (w:val, r:id …). */
export function attr(e: Element | undefined, name: string): string | undefined {
  if (!e) return undefined;
  for (let i = 0; i < e.attributes.length; i++) {
    const a = e.attributes.item(i);
    if (a && (a.localName ?? a.name) === name) return a.value;
  }
  return undefined;
}

/** True for an element of WordprocessingML (transitional or strict) with local name `name`. */
export function isW(e: Element, name: string): boolean {
  return e.localName === name && W_NAMESPACES.has(e.namespaceURI ?? '');
}

/** A WordprocessingML on/off property (w:vanish, w:isLgl): present and not set to false/0/off. */
export function onOff(e: Element | undefined): boolean {
  if (!e) return false;
  const v = attr(e, 'val');
  return v === undefined || !/^(?:false|0|off)$/.test(v);
}
