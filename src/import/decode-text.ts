/**
 * Decodes the bytes of a text file: a BOM decides (UTF-8, UTF-16); then UTF-8 when the bytes are valid UTF-8 (a
 * page saved by a browser is re-encoded as UTF-8 but may keep its old charset declaration; GBK text of any length
 * is almost never valid UTF-8); then the declared charset; then GB18030 (a superset of GBK and GB2312), the
 * encoding of text saved by Chinese Windows.
 */
export function decodeText(bytes: Uint8Array, declared?: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // not UTF-8: the declared charset, else GB18030
  }
  const label = declared?.trim().toLowerCase();
  if (label && !/^(?:gb2312|gbk|x-gbk|gb_2312-80|gb18030|utf-?8)$/.test(label)) {
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // a label Node does not know: GB18030 below
    }
  }
  // GB2312 and GBK pages often hold characters only GB18030 has: decode them all with the superset
  return new TextDecoder('gb18030').decode(bytes);
}
