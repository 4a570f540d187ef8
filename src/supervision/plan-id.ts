import path from 'node:path';
import type { Checkin } from '../store/db-schema.js';

/** A plan's stable id: its knowledge file's base name (knowledge/jishan-2021.json → jishan-2021). */
export function planIdOf(knowledgeFile: string): string {
  return path.basename(knowledgeFile).replace(/\.json$/i, '');
}

/**
 * The plan a check-in belongs to: its own `plan` once check-ins carry one (several plans), otherwise the one plan
 * the bot holds. Every supervision rule reads check-ins through this, so that they stay per plan.
 */
export function checkinPlan(c: Checkin, only: string): string {
  const own = (c as Checkin & { plan?: unknown }).plan;
  return typeof own === 'string' && own ? own : only;
}
