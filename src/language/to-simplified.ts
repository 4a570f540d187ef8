import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../project-root.js';

type Convert = (s: string) => string;

let convert: Convert | undefined;
let traditional: Set<string> | undefined;

/** The characters opencc-js changes from traditional to simplified (traditional-chars.txt, checked by a test). */
export function traditionalChars(): Set<string> {
  traditional ??= new Set(
    readFileSync(path.join(projectRoot(), 'src/language/traditional-chars.txt'), 'utf8').trim(),
  );
  return traditional;
}

/**
 * Converts traditional Chinese (Taiwan and Hong Kong forms: 任務, 誰, 負責, 縣) to simplified with opencc-js. Building
 * its dictionary takes about 50 ms, so it is built only for the first text that has a traditional character.
 */
export function toSimplified(text: string): string {
  const set = traditionalChars();
  let found = false;
  for (const c of text) {
    if (set.has(c)) {
      found = true;
      break;
    }
  }
  if (!found) return text;
  if (!convert) {
    // loaded on demand: most questions are typed in simplified characters
    const OpenCC = createRequire(import.meta.url)('opencc-js/t2cn') as { Converter(o: object): Convert };
    convert = OpenCC.Converter({ from: 'tw', to: 'cn' });
  }
  return convert(text);
}
