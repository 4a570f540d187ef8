import path from 'node:path';
import type { Knowledge } from '../knowledge/schema.js';
import type { Db } from '../store/db-schema.js';

/** A plan the web view shows: its id (the knowledge file's base name), its knowledge, and its records. */
export interface WebPlan {
  id: string;
  kb: Knowledge;
  /** The live data (read only): the check-ins and roster of this plan. */
  data: () => Db;
}

/** A plan's id from its knowledge file: knowledge/jishan-2021.json → jishan-2021. */
export function planIdOf(knowledgePath: string): string {
  return path.basename(knowledgePath).replace(/\.json$/i, '');
}
