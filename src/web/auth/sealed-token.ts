import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/** What a token is for; a token made for one purpose never opens as another (a link is not a cookie). */
export type TokenPurpose = 'login' | 'session';

/** Keys derived from the web secret: one encrypts the contents, the other signs the token. */
export class TokenKeys {
  readonly enc: Buffer;
  readonly mac: Buffer;
  constructor(secret: Buffer) {
    this.enc = Buffer.from(hkdfSync('sha256', secret, 'plan-bot', 'web token encryption', 32));
    this.mac = Buffer.from(hkdfSync('sha256', secret, 'plan-bot', 'web token signature', 32));
  }
}

const b64 = (b: Buffer) => b.toString('base64url');

/**
 * Seals claims into a URL- and cookie-safe token: the JSON is encrypted (AES-256-GCM, so who it is for never shows
 * in a URL or a log) and the result signed with HMAC-SHA256 over the purpose and the ciphertext.
 */
export function seal(keys: TokenKeys, purpose: TokenPurpose, claims: object): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.enc, iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([
    iv,
    cipher.update(JSON.stringify(claims), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const text = b64(body);
  const sig = createHmac('sha256', keys.mac).update(`${purpose}.${text}`).digest();
  return `${text}.${b64(sig)}`;
}

/** Opens a sealed token: its claims, or undefined when it is malformed, forged or made for another purpose. */
export function unseal(keys: TokenKeys, purpose: TokenPurpose, token: string): unknown {
  if (token.length > 4096) return undefined;
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!m) return undefined;
  const text = m[1] as string;
  const sig = Buffer.from(m[2] as string, 'base64url');
  const want = createHmac('sha256', keys.mac).update(`${purpose}.${text}`).digest();
  if (sig.length !== want.length || !timingSafeEqual(sig, want)) return undefined;
  const body = Buffer.from(text, 'base64url');
  if (body.length < 12 + 16 + 2) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.enc, body.subarray(0, 12));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(body.subarray(body.length - 16));
    const plain = Buffer.concat([decipher.update(body.subarray(12, body.length - 16)), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  } catch {
    return undefined;
  }
}
