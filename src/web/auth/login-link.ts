import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { seal, type TokenKeys, unseal } from './sealed-token.js';
import type { WebRole } from './web-access.js';

/** A login link works for 10 minutes, once. */
export const LINK_TTL_MS = 10 * 60_000;

const claimsSchema = z.object({
  v: z.literal(1),
  /** The link's id: recorded as used by the store when the link is used. */
  jti: z.string().min(16),
  /** `platform:id` of the person the link was made for (encrypted in the token). */
  sub: z.string().min(1),
  role: z.enum(['admin', 'leader']),
  /** Expiry, ms since the epoch. */
  exp: z.number().int(),
});

/** What a valid login link carries. */
export type LinkClaims = z.infer<typeof claimsSchema>;

/** Makes a one-time login link for a person: the URL (under `base`, ending in '/') and when it expires. */
export function mintLoginLink(
  keys: TokenKeys,
  who: { sub: string; role: WebRole },
  now: Date,
  base: string,
): { url: string; token: string; expiresAt: Date } {
  const exp = now.getTime() + LINK_TTL_MS;
  const claims: LinkClaims = {
    v: 1,
    jti: randomBytes(16).toString('base64url'),
    sub: who.sub,
    role: who.role,
    exp,
  };
  const token = seal(keys, 'login', claims);
  return { url: `${base}login?t=${token}`, token, expiresAt: new Date(exp) };
}

/** Checks a login token's signature and age (not whether it was used: the store knows that). */
export function checkLoginToken(
  keys: TokenKeys,
  token: string,
  now: Date,
): { ok: true; claims: LinkClaims } | { ok: false; reason: 'invalid' | 'expired' } {
  const r = claimsSchema.safeParse(unseal(keys, 'login', token));
  if (!r.success) return { ok: false, reason: 'invalid' };
  if (r.data.exp <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims: r.data };
}
