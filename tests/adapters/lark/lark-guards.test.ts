import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LarkAdapter } from '../../../adapters/lark/lark-adapter.js';
import { loadLarkConfig } from '../../../adapters/lark/lark-config.js';
import type { Core, IncomingMessage } from '../../../src/shared/types.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { TEST_ROSTER, tempBot } from '../../helpers/temp-bot.js';
import { FakeOpenPlatform } from './fake-open-platform.js';
import { encryptEvent, messageEvent, postEvent } from './lark-events.js';

// Each test here fails when one guard of the adapter is removed (see tests/mutations/mutations.json): the
// store's own dedupe, a silent group and a zero reset must not be able to hide the adapter's mistakes.

const ENCRYPT_KEY = 'guard-encrypt-key-456';
const VERIFICATION_TOKEN = 'vtoken-guard-789';

describe('Lark adapter guards (webhook mode, real SDK, fake open platform)', () => {
  const fake = new FakeOpenPlatform();
  const log = captureLogger();
  /** Every message the adapter hands to the core, before the core's own dedupe. */
  const handled: IncomingMessage[] = [];
  /** The waits the retry asked for, on a fake clock that advances by each wait instead of sleeping. */
  const waits: number[] = [];
  const clock = { now: 0 };
  let adapter: LarkAdapter;
  let url = '';

  beforeAll(async () => {
    await fake.start();
    const bot = await tempBot({ roster: TEST_ROSTER });
    const core: Core = {
      handle: (msg) => {
        handled.push(msg);
        return bot.core.handle(msg);
      },
    };
    adapter = new LarkAdapter(
      loadLarkConfig({
        LARK_APP_ID: 'cli_a1b2c3d4e5f607aa',
        LARK_APP_SECRET: 'guard-secret',
        LARK_MODE: 'webhook',
        LARK_ENCRYPT_KEY: ENCRYPT_KEY,
        LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
        LARK_DOMAIN: fake.url,
        LARK_WEBHOOK_PORT: '0',
      }),
      log,
      {
        webhookHost: '127.0.0.1',
        sendGapMs: 0,
        retryBaseMs: 7,
        sleep: async (ms) => {
          waits.push(ms);
          clock.now += ms;
        },
      },
    );
    await adapter.start(core);
    url = `http://127.0.0.1:${adapter.port}/lark/events`;
  });
  afterEach(() => {
    fake.reset();
    handled.length = 0;
    waits.length = 0;
  });
  afterAll(async () => {
    await adapter.stop();
    await fake.stop();
  });

  const post = async (ev: Record<string, unknown>, o = {}) => {
    const r = await postEvent(url, ev, ENCRYPT_KEY, o);
    await adapter.idle();
    return r;
  };

  it('stays silent in a group when the message @-mentions someone else, and answers when it mentions the bot', async () => {
    const ev = messageEvent({ text: '任务14谁负责' }) as { event: { message: Record<string, unknown> } };
    ev.event.message.content = JSON.stringify({ text: '@_user_1 任务14谁负责' });
    ev.event.message.mentions = [{ key: '@_user_1', id: { open_id: 'ou_zhangsan' }, name: '张三' }];
    expect((await post(ev)).status).toBe(200);
    expect(handled).toEqual([]);
    expect(fake.sent()).toHaveLength(0);
    await post(messageEvent({ text: '任务14谁负责', mentionBot: fake.botOpenId }));
    expect(fake.sent()).toHaveLength(1);
  });

  it('hands a message re-delivered under a new event id to the core once (dedupe by message id)', async () => {
    const first = messageEvent({ text: '文号', chatType: 'p2p', messageId: 'om_same', eventId: 'ev_a' });
    const again = messageEvent({ text: '文号', chatType: 'p2p', messageId: 'om_same', eventId: 'ev_b' });
    await post(first);
    await post(again);
    expect(handled.map((m) => m.id)).toEqual(['om_same']);
  });

  it('rejects timestamps more than 5 minutes in the future or the past with 401, accepts 4 minutes either way', async () => {
    const ev = () => messageEvent({ text: '文号', chatType: 'p2p' });
    expect((await post(ev(), { ageS: -6 * 60 })).status).toBe(401);
    expect((await post(ev(), { ageS: 6 * 60 })).status).toBe(401);
    expect(handled).toEqual([]);
    expect(fake.sent()).toHaveLength(0);
    expect((await post(ev(), { ageS: -4 * 60 })).status).toBe(200);
    expect((await post(ev(), { ageS: 4 * 60 })).status).toBe(200);
    expect(handled).toHaveLength(2);
  });

  it('waits the 1 s the server gives in x-ogw-ratelimit-reset before retrying a 429', async () => {
    fake.fail(
      '/open-apis/im/v1/messages',
      1,
      429,
      { code: 99991400, msg: 'rate limit' },
      { 'x-ogw-ratelimit-reset': '1' },
    );
    const before = clock.now;
    await post(messageEvent({ text: '文号', chatType: 'p2p' }));
    expect(waits).toEqual([1000]);
    expect(clock.now - before).toBe(1000);
    expect(fake.sent()).toHaveLength(2); // the refused attempt and the retry
  });

  it('answers the URL challenge only with the configured LARK_VERIFICATION_TOKEN', async () => {
    const challenge = (token: string) =>
      fetch(url, {
        method: 'POST',
        body: JSON.stringify({
          encrypt: encryptEvent({ type: 'url_verification', challenge: 'ch-7', token }, ENCRYPT_KEY),
        }),
      });
    expect((await challenge('wrong-token')).status).toBe(401);
    const ok = await challenge(VERIFICATION_TOKEN);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ challenge: 'ch-7' });
  });
});
