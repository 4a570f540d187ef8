import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { previewImport } from '../../src/import/preview-import.js';
import type { Knowledge } from '../../src/knowledge/schema.js';
import { projectRoot } from '../../src/project-root.js';
import { runCli } from '../cli/run-cli.js';
import { PLANS, writePlanFiles } from '../helpers/plan-files.js';
import { hasSoffice, NEEDS_SOFFICE } from '../helpers/soffice.js';

const names = Object.keys(PLANS) as (keyof typeof PLANS)[];
let files: Record<string, Record<string, string>>;
let dir: string;
const fromTxt: Record<string, Knowledge> = {};

beforeAll(async () => {
  ({ dir, files } = writePlanFiles(names, { gbkPage: ['rural'] }));
  for (const name of names) {
    const p = await previewImport(readFileSync(files[name]?.txt ?? ''), `${name}.txt`);
    if (!p.plan) throw new Error(p.text);
    fromTxt[name] = p.plan;
  }
}, 240_000);

async function importAs(name: string, format: string) {
  const file = files[name]?.[format] ?? '';
  return previewImport(readFileSync(file), path.basename(file));
}

describe('one plan in every format imports to the same JSON as its text', () => {
  for (const name of names) {
    for (const format of ['gbk.txt', 'docx', 'html', 'cjk.pdf']) {
      it(`${name}: .${format}`, async () => {
        const p = await importAs(name, format);
        expect(p.problems.filter((x) => x.severity === 'error')).toEqual([]);
        expect(p.plan).toEqual(fromTxt[name]);
      });
    }
    for (const format of ['pdf', 'doc', 'wps']) {
      it.skipIf(!hasSoffice)(
        `${name}: .${format} made by LibreOffice${NEEDS_SOFFICE}`,
        async () => {
          const p = await importAs(name, format);
          expect(p.problems.filter((x) => x.severity === 'error')).toEqual([]);
          expect(p.plan).toEqual(fromTxt[name]);
        },
        60_000,
      ); // a .doc or .wps is converted by LibreOffice (seconds on a busy machine)
    }
  }

  it('reads the formats it was given, not one of them for all', async () => {
    const formats = await Promise.all(
      ['txt', 'gbk.txt', 'docx', 'html', 'cjk.pdf'].map(async (f) => (await importAs('campus', f)).format),
    );
    expect(formats).toEqual(['txt', 'txt', 'docx', 'html', 'pdf']);
  });
});

describe('plan-bot import from the command line', () => {
  it('imports the bundled plan from its Word file with its overlay to exactly the bundled knowledge file', async () => {
    const out = path.join(dir, 'from-docx.json');
    const r = await runCli([
      'import',
      files.jishan?.docx ?? '',
      '--out',
      out,
      '--overlay',
      'knowledge/jishan-2021.overlay.json',
    ]);
    expect(r.stderr).toContain('5组20项任务，17个单位，4条保障机制');
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(
      JSON.parse(readFileSync(path.join(projectRoot(), 'knowledge/jishan-2021.json'), 'utf8')),
    );
  });

  it('imports a saved web page without an overlay and answers its figure questions from it', async () => {
    const out = path.join(dir, 'rural.json');
    const r = await runCli(['import', files.rural?.html ?? '', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('4组16项任务');
    const ask = await runCli(['ask', '--json', '--knowledge', out], {
      input: '任务16的实训基地建几个\n科技特派员每年选派多少名\n',
    });
    const [a, b] = ask.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; tasks: number[] });
    expect(a?.text).toContain('3-5个');
    expect(a?.tasks).toEqual([16]);
    expect(b?.text).toContain('80名以上');
    expect(b?.tasks).toEqual([14]);
  });

  it('--preview prints the preview of a PDF and writes nothing', async () => {
    const r = await runCli(['import', files.campus?.['cjk.pdf'] ?? '', '--preview']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('方案预览：《稷山县2023年校园安全提升行动实施方案》');
    expect(r.stdout).toContain(
      '文号：稷政办发〔2023〕7号｜印发：稷山县人民政府办公室｜成文日期：2023年2月24日',
    );
    expect(r.stdout).toContain('重点任务10项，分3组：');
    expect(r.stdout).toContain('（二）整治校园周边环境：任务5–7');
    expect(r.stdout).toContain('• 任务8：警示牌 100块以上');
  });
});
