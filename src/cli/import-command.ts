import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../config.js';
import { importPlan } from '../knowledge/import-plan.js';
import { overlaySchema } from '../knowledge/overlay-schema.js';
import { UserError } from '../user-error.js';

/** Raised when a plan text cannot be imported; lists the problems with their line numbers. */
export class ImportError extends UserError {}

/** The overlay that belongs to an output file: knowledge/NAME.json → knowledge/NAME.overlay.json. */
export function overlayPathFor(out: string): string {
  return out.replace(/\.json$/i, '') + '.overlay.json';
}

/**
 * `plan-bot import SOURCE.txt --out knowledge/NAME.json [--overlay FILE]`: parses a plan's text into the knowledge
 * schema with its curated overlay, and writes the file only if the result is valid (atomically).
 */
export function importCommand(
  source: string | undefined,
  o: { out?: string; overlay?: string },
  stderr: NodeJS.WritableStream,
): number {
  if (!source || !o.out)
    throw new ConfigError(
      '缺少参数。用法：plan-bot import 方案原文.txt --out knowledge/NAME.json [--overlay FILE]',
    );
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (e) {
    throw new ImportError(`无法读取 ${source}：${(e as Error).message}`);
  }
  const overlayFile = o.overlay ?? overlayPathFor(o.out);
  let overlay = {};
  if (o.overlay || existsSync(overlayFile)) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(overlayFile, 'utf8'));
    } catch (e) {
      throw new ImportError(`无法读取补充文件 ${overlayFile}：${(e as Error).message}`);
    }
    const r = overlaySchema.safeParse(data);
    if (!r.success) {
      throw new ImportError(
        `${overlayFile} 不是有效的补充文件：\n${r.error.issues.map((i) => `  - ${i.path.join('.')}：${i.message}`).join('\n')}`,
      );
    }
    overlay = r.data;
  }
  const result = importPlan(text, overlay);
  if (!result.ok) {
    throw new ImportError(
      `${source}：无法导入，没有写入任何文件：\n${result.problems.map((p) => `  ${source}:${p.line}：${p.message}`).join('\n')}`,
    );
  }
  const k = result.knowledge;
  const tmp = `${o.out}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(k, null, 2)}\n`);
  renameSync(tmp, o.out);
  stderr.write(
    `已写入 ${o.out}：《${k.document.title}》${k.document.docNumber || '（无文号）'}，${k.groups.length}组${k.tasks.length}项任务，${k.units.length}个单位，${k.safeguards.length}条保障机制${existsSync(overlayFile) ? `，补充文件 ${overlayFile}` : ''}\n`,
  );
  return 0;
}
