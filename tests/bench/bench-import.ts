import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { previewImport } from '../../src/import/preview-import.js';
import { projectRoot } from '../../src/project-root.js';
import { writePlanFiles } from '../helpers/plan-files.js';

/** The formats measured, by the name of the file writePlanFiles makes. */
export const IMPORT_FORMATS = ['txt', 'gbk.txt', 'html', 'docx', 'cjk.pdf', 'pdf', 'doc'] as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const key = (format: string) => format.replace('.', '_');

/**
 * Time and peak memory of importing the bundled plan from each format: the real `plan-bot import FILE --out`
 * process (start included; peak RSS of the Node process — LibreOffice's own, for .doc, is not counted), median of
 * 5 runs; and `previewImport` alone in this process, median of 10 (after one warm-up). PDF, .doc are made with
 * LibreOffice and left out when it is not installed.
 */
export async function benchImport(): Promise<Record<string, number>> {
  const root = projectRoot();
  const { dir, files } = writePlanFiles(['jishan']);
  const f: Record<string, number> = {};
  try {
    for (const format of IMPORT_FORMATS) {
      const file = files.jishan?.[format];
      if (!file) continue;
      const bytes = readFileSync(file);
      await previewImport(bytes, path.basename(file));
      const inProcess: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now();
        const p = await previewImport(bytes, path.basename(file));
        inProcess.push(performance.now() - t0);
        if (!p.plan) throw new Error(`${format}: ${p.text}`);
      }
      const cli: number[] = [];
      const rss: number[] = [];
      for (let i = 0; i < 5; i++) {
        const rssFile = path.join(dir, `maxrss-${i}.txt`);
        const t0 = performance.now();
        const r = spawnSync(
          process.execPath,
          [
            '--import',
            path.join(root, 'dist/tests/bench/report-maxrss.js'),
            path.join(root, 'dist/src/cli/plan-bot.js'),
            'import',
            file,
            '--out',
            path.join(dir, 'out.json'),
          ],
          {
            encoding: 'utf8',
            env: { ...process.env, PLAN_BOT_MAXRSS_FILE: rssFile, PLAN_BOT_LOG_LEVEL: 'warn' },
          },
        );
        cli.push(performance.now() - t0);
        if (r.status !== 0) throw new Error(`plan-bot import ${format} failed: ${r.stderr}`);
        rss.push(Number(readFileSync(rssFile, 'utf8')));
      }
      f[`import_${key(format)}_ms`] = median(inProcess);
      f[`import_cli_${key(format)}_ms`] = median(cli);
      f[`import_cli_${key(format)}_peak_rss_mb`] = Math.max(...rss);
      f[`import_${key(format)}_kb`] = bytes.length / 1024;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return f;
}

/** The table rows of the import benchmark, one a format (for bench-all and this script). */
export function importRows(f: Record<string, number>): string[][] {
  const n0 = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(0));
  const n1 = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(1));
  const names: Record<string, string> = {
    txt: '.txt (UTF-8)',
    'gbk.txt': '.txt (GB18030)',
    html: 'saved web page',
    docx: '.docx (Word numbering)',
    'cjk.pdf': 'PDF (UniGB-UCS2-H CMap)',
    pdf: 'PDF (LibreOffice)',
    doc: '.doc (via LibreOffice)',
  };
  return IMPORT_FORMATS.filter((fmt) => f[`import_cli_${key(fmt)}_ms`] !== undefined).map((fmt) => [
    `import ${names[fmt]}`,
    '`plan-bot import FILE --out` process, incl. start; in-process `previewImport`',
    '1',
    `bundled plan, ${n0(f[`import_${key(fmt)}_kb`])} KB file, 20 tasks`,
    '—',
    `${n0(f[`import_cli_${key(fmt)}_ms`])} ms (in-process ${n1(f[`import_${key(fmt)}_ms`])} ms), peak RSS ${n0(f[`import_cli_${key(fmt)}_peak_rss_mb`])} MB${fmt === 'doc' ? ' (Node only)' : ''}`,
    '—',
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await benchImport();
  console.log('| benchmark | path | concurrency | data | throughput | latency / time / memory | goal |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of importRows(f)) console.log(`| ${r.join(' | ')} |`);
  console.log(JSON.stringify(f));
}
