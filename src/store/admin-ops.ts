import type { AdminEntry, Db } from './db-schema.js';

/** Adds an admin; false when they are one already. */
export function addAdmin(db: Db, entry: AdminEntry): boolean {
  const list = db.admins ?? [];
  if (list.some((a) => a.platform === entry.platform && a.id === entry.id)) return false;
  db.admins = [...list, entry];
  return true;
}

/** Removes an admin added in chat; false when there was none with that id. */
export function removeAdmin(db: Db, platform: string, id: string): boolean {
  const list = db.admins ?? [];
  const kept = list.filter((a) => !(a.platform === platform && a.id === id));
  if (kept.length === list.length) return false;
  db.admins = kept;
  return true;
}
