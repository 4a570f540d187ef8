import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { readSnapshot } from './read-snapshot.js';

/** Dated backup file names: plan-bot-2021-06-07.json. */
const NAME = /^plan-bot-(\d{4}-\d{2}-\d{2})\.json$/;

/** How many daily and weekly backups are kept. */
export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;

/** True when a folder holds the backup of the day of `now`. */
export function hasBackupOf(dir: string, now: Date): boolean {
  return listBackups(dir).some((b) => b.day === localDay(now));
}

/** The date of an instant in China (backups are named by the local day). */
function localDay(t: Date): string {
  return new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Monday of the week of a YYYY-MM-DD day, as YYYY-MM-DD. */
function weekOfDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** In the data directory while the last backup failed: when, where to, and why (read by `plan-bot status`). */
export const BACKUP_ERROR_FILE = 'backup-error.json';

/** The last backup failure recorded in a data directory. */
export interface BackupError {
  at: string;
  dir: string;
  error: string;
}

/** Records that a backup failed (replacing an older record); never throws, the failure is also logged. */
export function recordBackupError(dataDir: string, dir: string, err: unknown, now: Date): void {
  const e = err as NodeJS.ErrnoException;
  const record: BackupError = {
    at: now.toISOString(),
    dir,
    error: `${e?.code ? `${e.code}: ` : ''}${e?.message ?? String(err)}`,
  };
  const file = path.join(dataDir, BACKUP_ERROR_FILE);
  try {
    writeFileSync(`${file}.tmp`, `${JSON.stringify(record)}\n`);
    renameSync(`${file}.tmp`, file);
  } catch {
    // the data directory itself failing is reported by the store's own writes
  }
}

/** Forgets a recorded backup failure (a backup succeeded). */
export function clearBackupError(dataDir: string): void {
  try {
    unlinkSync(path.join(dataDir, BACKUP_ERROR_FILE));
  } catch {
    // none recorded
  }
}

/** The recorded backup failure of a data directory, if the last backup failed. */
export function readBackupError(dataDir: string): BackupError | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, BACKUP_ERROR_FILE), 'utf8')) as BackupError;
  } catch {
    return undefined;
  }
}

/** The newest backup in a folder and when it was written, if there is one. */
export function newestBackup(dir: string): { file: string; at: Date } | undefined {
  const newest = listBackups(dir)[0];
  if (!newest) return undefined;
  try {
    return { file: newest.file, at: statSync(newest.file).mtime };
  } catch {
    return undefined;
  }
}

/** The dated backups in a folder, newest first. */
export function listBackups(dir: string): { day: string; file: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((n) => {
      const m = NAME.exec(n);
      return m?.[1] ? [{ day: m[1], file: path.join(dir, n) }] : [];
    })
    .sort((a, b) => b.day.localeCompare(a.day));
}

/** Which backups rotation keeps: the newest 7 days, and the newest of each of the 4 weeks before them. */
export function keptBackups(days: string[]): Set<string> {
  const sorted = [...days].sort().reverse();
  const keep = new Set(sorted.slice(0, KEEP_DAILY));
  const weeks = new Set<string>();
  for (const day of sorted.slice(KEEP_DAILY)) {
    const w = weekOfDay(day);
    if (weeks.has(w) || weeks.size >= KEEP_WEEKLY) continue;
    weeks.add(w);
    keep.add(day);
  }
  return keep;
}

/**
 * Writes the day's backup from the snapshot (a later snapshot the same day refreshes it): the snapshot is read and
 * validated first (a bad state never becomes a backup), copied with the same verified atomic write, and only then
 * are old backups rotated out, so a good backup is never replaced by a bad one. The folder may be on another disk (PLAN_BOT_BACKUP_DIR).
 */
export async function backupSnapshot(snapshot: string, dir: string, now: Date): Promise<string | undefined> {
  const day = localDay(now);
  const target = path.join(dir, `plan-bot-${day}.json`);
  if (!existsSync(snapshot)) return undefined;
  await readSnapshot(snapshot); // throws on a file that would not start the bot
  mkdirSync(dir, { recursive: true });
  await writeFileAtomic(target, createReadStream(snapshot));
  const keep = keptBackups(listBackups(dir).map((b) => b.day));
  for (const b of listBackups(dir)) if (!keep.has(b.day)) unlinkSync(b.file);
  return target;
}
