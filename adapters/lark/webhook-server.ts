import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../src/core/logger.js';

/** Options of the webhook receiver. */
export interface WebhookOptions {
  path: string;
  encryptKey: string;
  verificationToken?: string;
  dispatcher: lark.EventDispatcher;
  log: Logger;
  /** Oldest accepted request timestamp, in ms (default 5 minutes). */
  maxAgeMs?: number;
  now?: () => number;
  maxBodyBytes?: number;
  /** Answers GET /healthz: 200 with the report when ok, 503 otherwise. */
  health?: () => { ok: boolean };
}

/** X-Lark-Signature: sha256(timestamp + nonce + encryptKey + raw body), hex. */
export function larkSignature(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + body)
    .digest('hex');
}

function reply(res: http.ServerResponse, status: number, body?: unknown): void {
  res.statusCode = status;
  if (body !== undefined) res.setHeader('content-type', 'application/json');
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

/**
 * The HTTP receiver for Lark events. The SDK alone accepts any event when no encrypt key is set, answers a bad
 * signature with 200 and has no replay window, so this server checks first: the URL challenge is answered; every
 * other request needs a valid signature over the raw body and a timestamp no older than 5 minutes, or it gets
 * 401 and nothing is processed. Valid events go to the SDK's dispatcher, whose answer is returned at once.
 */
export function createWebhookServer(o: WebhookOptions): http.Server {
  const maxAge = o.maxAgeMs ?? 5 * 60_000;
  const now = o.now ?? Date.now;
  const cipher = new lark.AESCipher(o.encryptKey);
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/healthz' && o.health) {
      let report: { ok: boolean; error?: string };
      try {
        report = o.health();
      } catch (err) {
        report = { ok: false, error: String(err) };
      }
      return reply(res, report.ok ? 200 : 503, report);
    }
    if (req.method !== 'POST' || url.pathname !== o.path) return reply(res, 404);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > (o.maxBodyBytes ?? 1 << 20)) {
        reply(res, 413);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      void handle(Buffer.concat(chunks).toString('utf8'), req, res).catch((err: unknown) => {
        o.log.error({ err: String(err) }, 'lark webhook failed');
        if (!res.headersSent) reply(res, 500);
        else res.end();
      });
    });
  });

  async function handle(raw: string, req: http.IncomingMessage, res: http.ServerResponse) {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return reply(res, 400, { error: 'body is not JSON' });
    }
    const plain = typeof body.encrypt === 'string' ? decrypt(body.encrypt) : body;
    if (plain === undefined) return reply(res, 400, { error: 'cannot decrypt' });
    if (plain.type === 'url_verification') {
      // Feishu sends the challenge unsigned; the verification token, when configured, must match
      if (o.verificationToken && plain.token !== o.verificationToken)
        return reply(res, 401, { error: 'bad token' });
      return reply(res, 200, { challenge: plain.challenge });
    }
    const ts = String(req.headers['x-lark-request-timestamp'] ?? '');
    const nonce = String(req.headers['x-lark-request-nonce'] ?? '');
    const sig = String(req.headers['x-lark-signature'] ?? '');
    const expected = larkSignature(ts, nonce, o.encryptKey, raw);
    if (
      !ts ||
      !sig ||
      sig.length !== expected.length ||
      !timingSafeEqual(Buffer.from(sig), Buffer.from(expected))
    ) {
      o.log.warn({ path: o.path }, 'lark webhook: missing or bad signature, rejected');
      return reply(res, 401, { error: 'bad signature' });
    }
    const age = now() - Number(ts) * 1000;
    if (!Number.isFinite(age) || age > maxAge || age < -maxAge) {
      o.log.warn({ ageMs: age }, 'lark webhook: timestamp outside the 5-minute window, rejected');
      return reply(res, 401, { error: 'stale request' });
    }
    // signature already checked over the raw body; the SDK's own check hashes re-serialised JSON
    const result = await o.dispatcher.invoke(Object.assign(Object.create({ headers: req.headers }), body), {
      needCheck: false,
    });
    return reply(res, 200, result ?? {});
  }

  function decrypt(encrypted: string): Record<string, unknown> | undefined {
    try {
      return JSON.parse(cipher.decrypt(encrypted)) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
}
