import { readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';

/** How many chat exports are kept in exports/, and for how long. */
export const EXPORTS_KEEP = { count: 50, maxAgeMs: 30 * 86400_000 };

/** Removes old chat exports: beyond the newest 50, and any older than 30 days; `keep` (just written) stays. */
export function pruneExports(dir: string, keep: string, now: Date, limits = EXPORTS_KEEP): string[] {
  const files = readdirSync(dir)
    .filter((n) => n.startsWith('plan-bot-'))
    .map((n) => ({ file: path.join(dir, n), mtime: statSync(path.join(dir, n)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const removed: string[] = [];
  files.forEach((f, i) => {
    if (f.file === keep) return;
    if (i >= limits.count || now.getTime() - f.mtime > limits.maxAgeMs) {
      try {
        unlinkSync(f.file);
        removed.push(f.file);
      } catch {
        // already gone
      }
    }
  });
  return removed;
}
