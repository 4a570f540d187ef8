import type { AdminRef } from '../../config.js';

/** Who may look: admins see everything and export; leaders named in PLAN_BOT_LEADERS only view. */
export type WebRole = 'admin' | 'leader';

/** Chinese name of a role, for the page header. */
export const ROLE_LABEL: Record<WebRole, string> = { admin: '管理员', leader: '领导（只读）' };

/** The people the web view admits, read from the configuration at each check (a removed admin is out). */
export interface WebPeople {
  admins: AdminRef[];
  leaders: AdminRef[];
}

/** `platform:id` of a person, as in PLAN_BOT_ADMINS. */
export function identity(ref: AdminRef): string {
  return `${ref.platform}:${ref.id}`;
}

/** The role a person has now: admin when listed as one, else leader when listed as one, else none. */
export function roleOf(who: string, people: WebPeople): WebRole | undefined {
  if (people.admins.some((a) => identity(a) === who)) return 'admin';
  if (people.leaders.some((a) => identity(a) === who)) return 'leader';
  return undefined;
}

/** The lesser of the role a link or session was made for and the role the person has now. */
export function effectiveRole(granted: WebRole, now: WebRole | undefined): WebRole | undefined {
  if (!now) return undefined;
  return granted === 'admin' && now === 'admin' ? 'admin' : 'leader';
}
