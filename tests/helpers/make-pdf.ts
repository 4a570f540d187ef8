import { deflateSync } from 'node:zlib';

/** Assembles a PDF file from its objects (1-based, in order), with a correct cross-reference table. */
function assemble(objects: (string | Buffer)[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0]?.length ?? 0;
  objects.forEach((o, i) => {
    offsets.push(length);
    const head = Buffer.from(`${i + 1} 0 obj\n`, 'latin1');
    const body = typeof o === 'string' ? Buffer.from(o, 'latin1') : o;
    const tail = Buffer.from('\nendobj\n', 'latin1');
    parts.push(head, body, tail);
    length += head.length + body.length + tail.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(length),
    '%%EOF',
  ].join('\n');
  parts.push(Buffer.from(`${xref}\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

function stream(content: Buffer, extra = ''): Buffer {
  const data = deflateSync(content);
  return Buffer.concat([
    Buffer.from(`<< /Length ${data.length} /Filter /FlateDecode ${extra}>>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream', 'latin1'),
  ]);
}

const hex = (s: string) => Buffer.from(s, 'utf16le').swap16().toString('hex');

/**
 * A text PDF as Chinese office systems produce it: the non-embedded Adobe font STSong-Light with the predefined
 * CMap UniGB-UCS2-H — so the text can only be read with the CJK character maps — laid out on A4 pages in a grid
 * of `perLine` characters: each paragraph's first line indented two characters, short lines centred when
 * `centre` says so, a page number "- N -" at the foot of each page.
 */
export function makeCjkPdf(
  paragraphs: { text: string; centre?: boolean }[],
  o: { perLine?: number; perPage?: number; size?: number; scannedPages?: number[] } = {},
): Uint8Array {
  const size = o.size ?? 16;
  const perLine = o.perLine ?? 28;
  const perPage = o.perPage ?? 22;
  const left = 80;
  const top = 760;
  const lead = size * 1.9;
  const lines: { x: number; text: string }[] = [];
  for (const p of paragraphs) {
    const chars = [...p.text];
    if (p.centre && chars.length <= perLine) {
      lines.push({ x: left + ((perLine - chars.length) * size) / 2, text: p.text });
      continue;
    }
    let first = true;
    while (chars.length) {
      const room = first ? perLine - 2 : perLine;
      lines.push({ x: left + (first ? 2 * size : 0), text: chars.splice(0, room).join('') });
      first = false;
    }
  }
  const pages: string[] = [];
  for (let i = 0; i < lines.length; i += perPage) {
    const ops = lines
      .slice(i, i + perPage)
      .map((l, j) => `BT /F1 ${size} Tf ${l.x} ${top - j * lead} Td <${hex(l.text)}> Tj ET`);
    const n = pages.length + 1;
    ops.push(`BT /F1 ${size - 2} Tf ${left + (perLine * size) / 2 - size} 60 Td <${hex(`- ${n} -`)}> Tj ET`);
    pages.push(ops.join('\n'));
  }
  // objects: 1 catalog, 2 pages, 3 font, 4 descendant font, 5 descriptor, then a page and its content each
  const kids = pages.map((_p, i) => `${6 + 2 * i} 0 R`).join(' ');
  const objects: (string | Buffer)[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ];
  // a page in `scannedPages` (1-based) is an image with no text, as when a page was scanned into the file
  const image = objects.length + 2 * pages.length + 1;
  pages.forEach((content, i) => {
    const scanned = o.scannedPages?.includes(i + 1) ?? false;
    const resources = scanned ? `/XObject << /Im1 ${image} 0 R >>` : '/Font << /F1 3 0 R >>';
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << ${resources} >> /Contents ${7 + 2 * i} 0 R >>`,
      stream(Buffer.from(scanned ? 'q 595 0 0 842 0 0 cm /Im1 Do Q' : content, 'latin1')),
    );
  });
  if (o.scannedPages?.length) objects.push(greyImage());
  return assemble(objects);
}

/** An image XObject: grey stripes standing for lines of scanned text. */
function greyImage(): Buffer {
  const w = 200;
  const h = 280;
  const pixels = Buffer.alloc(w * h, 255);
  for (let y = 20; y < h - 20; y += 12) pixels.fill(90, y * w + 20, y * w + w - 20);
  return stream(
    pixels,
    `/Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace /DeviceGray /BitsPerComponent 8 `,
  );
}

/** A scan: pages that hold only an image and no text at all. */
export function makeScannedPdf(pageCount = 2): Uint8Array {
  const objects: (string | Buffer)[] = ['<< /Type /Catalog /Pages 2 0 R >>', ''];
  const kids: string[] = [];
  for (let i = 0; i < pageCount; i++) {
    const page = objects.length + 1;
    kids.push(`${page} 0 R`);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 ${page + 2} 0 R >> >> /Contents ${page + 1} 0 R >>`,
      stream(Buffer.from('q 595 0 0 842 0 0 cm /Im1 Do Q', 'latin1')),
      greyImage(),
    );
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pageCount} >>`;
  return assemble(objects);
}
