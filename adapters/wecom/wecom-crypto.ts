import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Raised when a callback cannot be trusted: bad signature, bad padding, or a different receive id. */
export class WecomCryptoError extends Error {}

/** WeCom pads to 32-byte blocks (PKCS#7 with k = 32), not AES's 16. */
const BLOCK = 32;

/** msg_signature: sha1 of token, timestamp, nonce and the encrypted text, sorted and joined, as hex. */
export function wecomSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/**
 * WeCom's callback scheme (WXBizMsgCrypt): AES-256-CBC with key = base64(EncodingAESKey + "="), IV = its first
 * 16 bytes; plaintext = 16 random bytes + 4-byte big-endian length + message + receive id (the CorpID for an
 * app, empty for an AI bot).
 */
export class WecomCrypto {
  private readonly key: Buffer;

  constructor(
    private readonly token: string,
    encodingAesKey: string,
    private readonly receiveId: string,
  ) {
    this.key = Buffer.from(`${encodingAesKey}=`, 'base64');
    if (encodingAesKey.length !== 43 || this.key.length !== 32) {
      throw new WecomCryptoError('EncodingAESKey must be 43 characters of base64 (32 bytes)');
    }
  }

  /** True when the signature over (timestamp, nonce, encrypt) is ours; compared in constant time. */
  verify(signature: string, timestamp: string, nonce: string, encrypt: string): boolean {
    const want = Buffer.from(wecomSignature(this.token, timestamp, nonce, encrypt));
    const got = Buffer.from(signature.toLowerCase());
    return got.length === want.length && timingSafeEqual(got, want);
  }

  /** Decrypts an `Encrypt` value (or echostr); throws WecomCryptoError on bad padding or another receive id. */
  decrypt(encrypt: string): string {
    let plain: Buffer;
    try {
      const d = createDecipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16));
      d.setAutoPadding(false);
      plain = Buffer.concat([d.update(Buffer.from(encrypt, 'base64')), d.final()]);
    } catch {
      throw new WecomCryptoError('cannot decrypt');
    }
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > BLOCK || plain.length < 20 + pad) throw new WecomCryptoError('bad padding');
    const body = plain.subarray(16, plain.length - pad);
    const len = body.readUInt32BE(0);
    if (4 + len > body.length) throw new WecomCryptoError('bad length');
    const receiveId = body.subarray(4 + len).toString('utf8');
    if (receiveId !== this.receiveId) throw new WecomCryptoError('receive id does not match');
    return body.subarray(4, 4 + len).toString('utf8');
  }

  /** Encrypts a message (the fake platform in tests, and passive replies); `random` is for sample vectors. */
  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const msg = Buffer.from(message, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length, 0);
    const raw = Buffer.concat([random, len, msg, Buffer.from(this.receiveId, 'utf8')]);
    const pad = BLOCK - (raw.length % BLOCK);
    const c = createCipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16));
    c.setAutoPadding(false);
    return Buffer.concat([c.update(Buffer.concat([raw, Buffer.alloc(pad, pad)])), c.final()]).toString(
      'base64',
    );
  }

  /** Signs an encrypted text with this token (for the fake platform and replies). */
  sign(timestamp: string, nonce: string, encrypt: string): string {
    return wecomSignature(this.token, timestamp, nonce, encrypt);
  }
}
