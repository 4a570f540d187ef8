import { decodeText } from './decode-text.js';

/** The text of a .txt plan: UTF-8, UTF-16 with a BOM, or GB18030/GBK as saved by Chinese Windows. */
export function readTxt(bytes: Uint8Array): string {
  return decodeText(bytes);
}
