import { z } from 'zod';
import { seal, type TokenKeys, unseal } from './sealed-token.js';
import { effectiveRole, roleOf, type WebPeople, type WebRole } from './web-access.js';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'plan_bot_session';
/** A session lasts 8 hours from the login. */
export const SESSION_TTL_MS = 8 * 3600_000;

const claimsSchema = z.object({
  v: z.literal(1),
  sub: z.string().min(1),
  role: z.enum(['admin', 'leader']),
  exp: z.number().int(),
});

/** A signed-in viewer. */
export interface Session {
  /** `platform:id`, never shown in a page or URL. */
  sub: string;
  role: WebRole;
  expiresAt: Date;
}

/** The cookie value of a new session for a person. */
export function issueSession(keys: TokenKeys, sub: string, role: WebRole, now: Date): string {
  return seal(keys, 'session', { v: 1, sub, role, exp: now.getTime() + SESSION_TTL_MS });
}

/**
 * The session a cookie value stands for, or undefined when it is forged, expired, or its person is no longer an
 * admin or leader in the configuration (an admin who became a leader is a leader from then on).
 */
export function readSession(
  keys: TokenKeys,
  value: string | undefined,
  now: Date,
  people: WebPeople,
): Session | undefined {
  if (!value) return undefined;
  const r = claimsSchema.safeParse(unseal(keys, 'session', value));
  if (!r.success || r.data.exp <= now.getTime()) return undefined;
  const role = effectiveRole(r.data.role, roleOf(r.data.sub, people));
  return role ? { sub: r.data.sub, role, expiresAt: new Date(r.data.exp) } : undefined;
}
