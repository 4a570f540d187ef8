import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config.js';
import { previewImport } from '../import/preview-import.js';
import { problemLine } from '../import/render-preview.js';
import { type Overlay, overlaySchema } from '../knowledge/overlay-schema.js';
import { UserError } from '../user-error.js';

/** Raised when a plan file cannot be imported; lists the problems with their lines. */
export class ImportError extends UserError {}

/** The overlay that belongs to an output file: knowledge/NAME.json → knowledge/NAME.overlay.json. */
export function overlayPathFor(out: string): string {
  return `${out.replace(/\.json$/i, '')}.overlay.json`;
}

function readOverlay(file: string): Overlay {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ImportError(`无法读取补充文件 ${file}：${(e as Error).message}`);
  }
  const r = overlaySchema.safeParse(data);
  if (!r.success) {
    throw new ImportError(
      `${file} 不是有效的补充文件：\n${r.error.issues.map((i) => `  - ${i.path.join('.')}：${i.message}`).join('\n')}`,
    );
  }
  return r.data;
}

/**
 * `plan-bot import FILE --out knowledge/NAME.json [--overlay FILE] [--preview]`: reads a plan from a .txt, a saved
 * web page, a .docx, a PDF or (with LibreOffice) a .doc/.wps, parses it into the knowledge schema with its curated
 * overlay, and writes the file only if the result is valid (atomically). With --preview it prints what the chat
 * preview shows and writes nothing.
 */
export async function importCommand(
  source: string | undefined,
  o: { out?: string; overlay?: string; preview?: boolean },
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  if (!source || (!o.out && !o.preview)) {
    throw new ConfigError(
      '缺少参数。用法：plan-bot import 方案文件 --out knowledge/NAME.json [--overlay FILE] [--preview]',
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(source);
  } catch (e) {
    throw new ImportError(`无法读取 ${source}：${(e as Error).message}`);
  }
  const overlayFile = o.overlay ?? (o.out ? overlayPathFor(o.out) : undefined);
  const useOverlay = overlayFile !== undefined && (o.overlay !== undefined || existsSync(overlayFile));
  const overlay = useOverlay ? readOverlay(overlayFile) : {};
  const p = await previewImport(bytes, path.basename(source), { overlay });
  if (o.preview) {
    io.stdout.write(`${p.text}\n`);
    return p.plan ? 0 : 2;
  }
  if (!p.plan || !o.out) {
    const list = p.problems
      .filter((x) => x.severity === 'error')
      .map((x) => `  ${source}${x.line ? `:${x.line}` : ''}: ${problemLine({ ...x, line: undefined })}`);
    throw new ImportError(`${source}: 无法导入，什么都没有写：\n${list.join('\n')}`);
  }
  const k = p.plan;
  const tmp = `${o.out}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(k, null, 2)}\n`);
  renameSync(tmp, o.out);
  io.stderr.write(
    `已写入 ${o.out}：《${k.document.title}》${k.document.docNumber || '（无文号）'}，${k.groups.length}组${k.tasks.length}项任务，${k.units.length}个单位，${k.safeguards.length}条保障机制${useOverlay ? `，补充文件 ${overlayFile}` : ''}（按 ${p.format} 读取）\n`,
  );
  for (const w of p.problems.filter((x) => x.severity === 'warning'))
    io.stderr.write(`  注意：${problemLine(w)}\n`);
  return 0;
}
