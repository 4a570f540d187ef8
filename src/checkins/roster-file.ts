import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Knowledge } from '../knowledge/schema.js';
import { resolveUnit } from '../qa/resolve-unit.js';
import { type RosterUnit, rosterUnitSchema } from '../store/db-schema.js';
import { UserError } from '../user-error.js';

/** Raised for a roster file that cannot be used; the message names the entry and field. */
export class RosterError extends UserError {}

/** Name of the roster seed file in the data directory. */
export const ROSTER_FILE = 'roster.json';

/**
 * Reads and validates roster.json from the data directory (undefined when there is none). Unit names may be
 * aliases (财政局) and are stored canonically; unknown units, duplicates and bad fields are errors naming the entry.
 */
export function readRosterFile(
  dataDir: string,
  kb: Knowledge,
): { units: RosterUnit[]; hash: string } | undefined {
  const file = path.join(dataDir, ROSTER_FILE);
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RosterError(`无法读取 ${file}：${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new RosterError(`${file} 不是有效的 JSON：${(e as Error).message}`);
  }
  return { units: parseRoster(data, kb, file), hash: createHash('sha256').update(raw).digest('hex') };
}

/** Validates roster data (from the file or a replay line). */
export function parseRoster(data: unknown, kb: Knowledge, source: string): RosterUnit[] {
  const list = z.array(z.unknown()).safeParse(data);
  if (!list.success) throw new RosterError(`${source}：应为单位的列表（[ … ]）`);
  const problems: string[] = [];
  const units: RosterUnit[] = [];
  const seenMembers = new Map<string, string>();
  list.data.forEach((entry, i) => {
    const r = rosterUnitSchema.safeParse(entry);
    const label = `第${i + 1}项${typeof (entry as { unit?: unknown })?.unit === 'string' ? `（${(entry as { unit: string }).unit}）` : ''}`;
    if (!r.success) {
      for (const issue of r.error.issues)
        problems.push(`${label}：${issue.path.join('.') || '（整项）'}：${issue.message}`);
      return;
    }
    const { unit, suggestions } = resolveUnit(kb, r.data.unit);
    if (!unit) {
      problems.push(
        `${label}：unit：方案中没有单位“${r.data.unit}”${suggestions.length ? `；您是不是想写：${suggestions.join('、')}？` : ''}`,
      );
      return;
    }
    if (units.some((u) => u.unit === unit)) {
      problems.push(`${label}：unit：${unit} 出现了两次`);
      return;
    }
    r.data.members.forEach((m, j) => {
      const key = `${m.platform}:${m.id}`;
      const other = seenMembers.get(key);
      if (other) problems.push(`${label}：members.${j}：${key} 已经是${other}的成员`);
      seenMembers.set(key, unit);
    });
    units.push({ ...r.data, unit });
  });
  if (problems.length)
    throw new RosterError(`${source} 有误：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return units;
}
