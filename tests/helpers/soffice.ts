import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** True when LibreOffice (soffice) is on the PATH; tests that need it skip otherwise. */
export const hasSoffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;

/** Why a test was skipped, for its name. */
export const NEEDS_SOFFICE = hasSoffice
  ? ''
  : ' [skipped: LibreOffice is not installed — apt-get install -y libreoffice-writer-nogui fonts-wqy-zenhei]';

/** Converts files with LibreOffice in one run (`soffice --headless --convert-to FORMAT`); returns the outputs. */
export function sofficeConvert(files: string[], format: string): Uint8Array[] {
  const out = mkdtempSync(path.join(tmpdir(), 'plan-bot-soffice-'));
  const profile = mkdtempSync(path.join(tmpdir(), 'plan-bot-soffice-profile-'));
  try {
    const r = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        format,
        '--outdir',
        out,
        ...files,
      ],
      { encoding: 'utf8', timeout: 180_000 },
    );
    if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
    const ext = format.split(':')[0] ?? format;
    return files.map((f) => readFileSync(path.join(out, `${path.basename(f, path.extname(f))}.${ext}`)));
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}
