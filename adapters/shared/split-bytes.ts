/** UTF-8 length of a string in bytes. */
export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * Splits text into parts of at most `maxBytes` UTF-8 bytes (platforms cut by bytes: WeCom at 2,048), preferring
 * line breaks; a line longer than the limit is cut between characters, never inside a surrogate pair.
 */
export function splitBytes(text: string, maxBytes: number): string[] {
  if (utf8Bytes(text) <= maxBytes) return [text];
  const parts: string[] = [];
  let cur = '';
  const push = () => {
    if (cur) parts.push(cur);
    cur = '';
  };
  for (const line of text.split('\n')) {
    const joined = cur ? `${cur}\n${line}` : line;
    if (utf8Bytes(joined) <= maxBytes) {
      cur = joined;
      continue;
    }
    push();
    let piece = '';
    for (const ch of line) {
      if (utf8Bytes(piece) + utf8Bytes(ch) > maxBytes) {
        parts.push(piece);
        piece = '';
      }
      piece += ch;
    }
    cur = piece;
  }
  push();
  return parts;
}
