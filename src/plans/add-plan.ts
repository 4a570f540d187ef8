import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { PlanFormat } from '../import/read-plan-file.js';
import type { PlanSet } from '../knowledge/plan-set.js';
import type { Knowledge } from '../knowledge/schema.js';
import { writeFileAtomic } from '../store/atomic-file.js';
import type { Store } from '../store/store.js';
import { planIdFor } from './plan-id.js';

/** The folder the plans are read from, or undefined when they come from one file (or from memory, in tests). */
export function planFolderOf(set: PlanSet): string | undefined {
  try {
    return set.source && statSync(set.source).isDirectory() ? set.source : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every id a new plan must not take: the plans loaded, every file of the plan folder (a plan that did not load,
 * an overlay waiting for its plan), the ids the data still holds records for (a plan removed from the folder
 * keeps them), and the files kept from earlier imports.
 */
export function takenIds(set: PlanSet, store: Store, dataDir: string): (id: string) => boolean {
  const ids = new Set(set.list.map((p) => p.id));
  const folder = planFolderOf(set);
  const names = (dir: string | undefined) => {
    try {
      return dir ? readdirSync(dir) : [];
    } catch {
      return [];
    }
  };
  for (const n of names(folder)) ids.add(n.replace(/(?:\.overlay)?\.json$/i, '').toLowerCase());
  for (const n of names(path.join(dataDir, 'imports'))) ids.add(n.toLowerCase());
  const d = store.data;
  for (const x of [
    ...d.checkins,
    ...Object.values(d.escalations ?? {}),
    ...Object.values(d.rounds ?? {}),
    ...Object.values(d.deadlines ?? {}),
  ])
    ids.add(x.plan);
  for (const id of [...d.plans.stopped, ...Object.values(d.plans.chats), d.plans.legacy ?? '']) ids.add(id);
  return (id) => ids.has(id);
}

/** A plan file received in chat, kept with the plan it became. */
export interface ImportedFile {
  name: string;
  bytes: Uint8Array;
  format: PlanFormat;
}

const EXT: Record<PlanFormat, string> = {
  txt: '.txt',
  html: '.html',
  docx: '.docx',
  pdf: '.pdf',
  doc: '.doc',
  wps: '.wps',
};

/** What adding a plan did. */
export interface AddedPlan {
  id: string;
  /** The plan file written, `<folder>/<id>.json`. */
  file: string;
  /** The folder under the data directory where the received file is kept: `imports/<id>/`. */
  kept: string;
  reload: ReturnType<PlanSet['reload']>;
}

/**
 * Adds an imported plan next to the others: the received file is kept under `<dataDir>/imports/<id>/` (as
 * `source.<ext>`, with `import.json` saying who sent what, when), the plan is written atomically as
 * `<folder>/<id>.json` (the id from its 文号 or title, see plan-id.ts), and the plan set is reloaded. When the
 * reload fails (a plan file of the folder is bad) both are removed again, the plans loaded stay, and the error is
 * thrown. Throws when the plans do not come from a folder.
 */
export async function addPlan(
  set: PlanSet,
  kb: Knowledge,
  file: ImportedFile,
  o: { store: Store; dataDir: string; by: string; at: Date },
): Promise<AddedPlan> {
  const folder = planFolderOf(set);
  if (!folder) throw new Error('the plans are not read from a folder');
  const id = planIdFor(kb.document, takenIds(set, o.store, o.dataDir));
  const kept = path.join(o.dataDir, 'imports', id);
  const target = path.join(folder, `${id}.json`);
  if (existsSync(target)) throw new Error(`${target} exists`);
  await mkdir(kept, { recursive: true });
  try {
    await writeFileAtomic(path.join(kept, `source${EXT[file.format]}`), [file.bytes]);
    const meta = {
      id,
      plan: path.resolve(target),
      title: kb.document.title,
      docNumber: kb.document.docNumber,
      fileName: file.name,
      format: file.format,
      bytes: file.bytes.length,
      by: o.by,
      at: o.at.toISOString(),
    };
    await writeFileAtomic(path.join(kept, 'import.json'), [
      Buffer.from(`${JSON.stringify(meta, null, 2)}\n`),
    ]);
    await writeFileAtomic(target, [Buffer.from(`${JSON.stringify(kb, null, 2)}\n`)]);
  } catch (e) {
    await rm(kept, { recursive: true, force: true });
    throw e;
  }
  try {
    const reload = set.reload();
    if (!set.get(id)) throw new Error(`${target} was written but is not among the plans loaded`);
    return { id, file: target, kept, reload };
  } catch (e) {
    await unlink(target).catch(() => {});
    await rm(kept, { recursive: true, force: true });
    throw e;
  }
}
