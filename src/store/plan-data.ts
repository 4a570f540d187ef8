import type { Db } from './db-schema.js';

/** The database as one plan sees it (read only): its own check-ins, everything else shared. */
export function planData(db: Db, plan: string): Db {
  return { ...db, checkins: db.checkins.filter((c) => c.plan === plan) };
}
