import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PlanFileError } from './plan-file-error.js';

/** How long a conversion may take before it is stopped. */
export const SOFFICE_TIMEOUT_MS = 90_000;

/** The LibreOffice program: $PLAN_BOT_SOFFICE, else `soffice` on the PATH. */
export function sofficeCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.PLAN_BOT_SOFFICE || 'soffice';
}

/**
 * Converts an old Word (.doc) or WPS (.wps) file to .docx with LibreOffice (`soffice --headless --convert-to
 * docx`), in a temporary folder with its own LibreOffice profile (so that it never waits on a running
 * LibreOffice), stopped after a timeout; refused with a message naming the Debian package when LibreOffice is
 * not installed.
 */
export async function convertWithSoffice(
  bytes: Uint8Array,
  ext: string,
  o: { command?: string; timeoutMs?: number } = {},
): Promise<Uint8Array> {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-convert-'));
  try {
    const input = path.join(dir, `plan${ext}`);
    writeFileSync(input, bytes);
    const out = path.join(dir, 'out');
    const profile = `file://${path.join(dir, 'profile')}`;
    await new Promise<void>((resolve, reject) => {
      execFile(
        o.command ?? sofficeCommand(),
        [
          `-env:UserInstallation=${profile}`,
          '--headless',
          '--norestore',
          '--convert-to',
          'docx',
          '--outdir',
          out,
          input,
        ],
        { timeout: o.timeoutMs ?? SOFFICE_TIMEOUT_MS, killSignal: 'SIGKILL' },
        (err) => {
          if (!err) return resolve();
          const e = err as NodeJS.ErrnoException & { killed?: boolean };
          if (e.code === 'ENOENT') {
            reject(
              new PlanFileError(
                `${ext} 文件需要用 LibreOffice 转换，但这台服务器上没有安装 LibreOffice（找不到 soffice）。请管理员安装 Debian 软件包 libreoffice-writer-nogui（apt-get install -y libreoffice-writer-nogui），或把文件另存为 .docx 后再导入。`,
              ),
            );
          } else if (e.killed) {
            reject(
              new PlanFileError(
                `LibreOffice 转换 ${ext} 文件超过 ${Math.round((o.timeoutMs ?? SOFFICE_TIMEOUT_MS) / 1000)} 秒仍未完成，已停止。请把文件另存为 .docx 后再导入。`,
              ),
            );
          } else {
            reject(
              new PlanFileError(`LibreOffice 无法转换这个 ${ext} 文件（${e.message.split('\n')[0]}）。`),
            );
          }
        },
      );
    });
    const made = readdirSync(out).find((f) => f.endsWith('.docx'));
    if (!made) {
      throw new PlanFileError(
        `LibreOffice 没有把这个 ${ext} 文件转换出来：文件可能已损坏或不是 Word/WPS 文档。`,
      );
    }
    return readFileSync(path.join(out, made));
  } catch (e) {
    if (e instanceof PlanFileError) throw e;
    throw new PlanFileError(`LibreOffice 无法转换这个 ${ext} 文件（${(e as Error).message}）。`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
