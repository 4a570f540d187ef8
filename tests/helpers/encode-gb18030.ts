let table: Map<string, number[]> | undefined;

/** Encodes text as GB18030 two-byte sequences (what Chinese Windows saves), via the decoder's own table. */
export function encodeGb18030(text: string): Uint8Array {
  if (!table) {
    table = new Map();
    const dec = new TextDecoder('gb18030');
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const c = dec.decode(new Uint8Array([a, b]));
        if (c.length === 1 && c !== '\ufffd' && !table.has(c)) table.set(c, [a, b]);
      }
    }
  }
  const out: number[] = [];
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(c);
      if (!bytes) throw new Error(`no two-byte GB18030 code for ${c}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}
