import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Counts the regular expressions (literals and `new RegExp`) and the alternations (`|` inside them) in the .ts files
 * of a folder: `npm run build && node dist/tests/qa/count-regex.js src/qa [--files]`.
 */
function main(): void {
  const dir = process.argv[2] ?? 'src/qa';
  const perFile = process.argv.includes('--files');
  // a regex literal: a '/' after ( , = : [ ! & | ? { } ; or return or a line start, not a comment
  const literal =
    /(?<=[(,=:[!&|?{};]\s*|return\s+|^\s*)\/(?![/*])((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[])+)\/[dgimsuyv]*/gm;
  // a string that builds a pattern for new RegExp (it holds a group such as `(?:`)
  const built = /(['`])((?:\\.|(?!\1).)*?\(\?[:=!<](?:\\.|(?!\1).)*?)\1/g;
  const bars = (s: string) => (s.match(/\|/g) ?? []).length;
  let files = 0;
  let regexes = 0;
  let alternations = 0;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
    files++;
    const src = readFileSync(path.join(dir, f), 'utf8');
    let n = 0;
    let a = 0;
    for (const m of src.matchAll(literal)) {
      n++;
      a += bars((m[1] ?? '').replace(/\\./g, ''));
    }
    n += [...src.matchAll(/new RegExp\(/g)].length;
    for (const m of src.matchAll(built)) a += bars((m[2] ?? '').replace(/\\\\./g, ''));
    if (perFile && n) console.log(`${f}: ${n} regular expressions, ${a} alternations`);
    regexes += n;
    alternations += a;
  }
  console.log(`${dir}: ${files} files, ${regexes} regular expressions, ${alternations} alternations`);
}

main();
