import { createRequire } from 'node:module';
import { crc32, deflateSync } from 'node:zlib';

interface QrMatrix {
  addData(s: string): void;
  make(): void;
  getModuleCount(): number;
  isDark(row: number, col: number): boolean;
}

const require = createRequire(import.meta.url);
// qrcode-terminal (a direct dependency) carries a plain QR encoder; it has no typings of its own
const QRCode = require('qrcode-terminal/vendor/QRCode/index.js') as new (
  type: number,
  level: number,
) => QrMatrix;
const LEVEL = require('qrcode-terminal/vendor/QRCode/QRErrorCorrectLevel.js') as { M: number };

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0, 0);
  return Buffer.concat([len, body, crc]);
}

/** A black-on-white PNG of a QR code for `text`, drawn locally (no web service sees the login code). */
export function qrPng(text: string, scale = 8, border = 4): Buffer {
  const qr = new QRCode(-1, LEVEL.M);
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  const size = (n + 2 * border) * scale;
  const raw = Buffer.alloc((size + 1) * size, 0xff);
  for (let y = 0; y < size; y++) {
    raw[y * (size + 1)] = 0; // filter: none
    const r = Math.floor(y / scale) - border;
    for (let x = 0; x < size; x++) {
      const c = Math.floor(x / scale) - border;
      if (r >= 0 && r < n && c >= 0 && c < n && qr.isDark(r, c)) raw[y * (size + 1) + 1 + x] = 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
