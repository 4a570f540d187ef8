import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Db, Evidence } from '../store/db-schema.js';

/** Photo types shown in the page; every other file is only downloaded (an SVG or HTML file could carry a script). */
const INLINE: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

/** A kept evidence file that may be served: where it is on disk, how to send it, and its name as sent. */
export interface EvidenceFile {
  file: string;
  type: string;
  inline: boolean;
  name: string;
  size: number;
}

/**
 * The evidence file of a check-in, by the check-in's id and the file's position: only a regular file inside the data
 * directory's evidence/ folder (after resolving links), never any other path; undefined otherwise.
 */
export function evidenceFile(
  db: Db,
  dataDir: string,
  checkinId: string,
  index: number,
): EvidenceFile | undefined {
  const record = db.checkins.find((c) => c.id === checkinId);
  const e: Evidence | undefined = record?.evidence?.[index];
  if (!e) return undefined;
  try {
    const root = realpathSync(path.join(dataDir, 'evidence'));
    const file = realpathSync(path.resolve(dataDir, e.file));
    if (!file.startsWith(root + path.sep)) return undefined;
    const st = statSync(file);
    if (!st.isFile()) return undefined;
    const type = INLINE[path.extname(file).toLowerCase()];
    return {
      file,
      type: type ?? 'application/octet-stream',
      inline: type !== undefined && e.kind === 'image',
      name: e.name,
      size: st.size,
    };
  } catch {
    return undefined;
  }
}

/** A Content-Disposition header for a file name in any script (RFC 6266 / 5987), with an ASCII fallback. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'file';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
