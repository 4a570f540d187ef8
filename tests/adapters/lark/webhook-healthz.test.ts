import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import { describe, expect, it } from 'vitest';
import { createWebhookServer } from '../../../adapters/lark/webhook-server.js';
import { silentLogger } from '../../../src/core/logger.js';

async function healthz(health: () => { ok: boolean }) {
  const server = createWebhookServer({
    path: '/lark/events',
    encryptKey: 'k',
    dispatcher: new lark.EventDispatcher({}),
    log: silentLogger,
    health,
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } finally {
    await new Promise((r) => server.close(r));
  }
}

describe('GET /healthz on the Lark webhook server', () => {
  it('answers 200 with the report when healthy, 503 when not, and 503 when the report itself fails', async () => {
    expect(await healthz(() => ({ ok: true, records: 3 }) as { ok: boolean })).toEqual({
      status: 200,
      body: { ok: true, records: 3 },
    });
    expect((await healthz(() => ({ ok: false }))).status).toBe(503);
    const broken = await healthz(() => {
      throw new Error('disk gone');
    });
    expect(broken).toEqual({ status: 503, body: { ok: false, error: 'Error: disk gone' } });
  });
});
