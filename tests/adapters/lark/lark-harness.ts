import { LarkAdapter, type LarkAdapterOptions } from '../../../adapters/lark/lark-adapter.js';
import { loadLarkConfig } from '../../../adapters/lark/lark-config.js';
import type { PlanSet } from '../../../src/knowledge/plan-set.js';
import type { Core, IncomingMessage, PlatformEvent } from '../../../src/shared/types.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { TEST_ROSTER, tempBot } from '../../helpers/temp-bot.js';
import { FakeOpenPlatform, type Recorded } from './fake-open-platform.js';
import { postEvent } from './lark-events.js';

export const ENCRYPT_KEY = 'test-encrypt-key-123';
export const APP_SECRET = 'app-secret-DO-NOT-LOG-9f8e7d';
/** The app id the fake's bot messages carry (also the adapter's). */
export const APP_ID = 'cli_a1b2c3d4e5f60718';

/** Both ways events reach the bot. */
export const MODES = ['webhook', 'ws'] as const;

/** What the platform got back for one delivered event or callback. */
export interface Delivered {
  status: number;
  /** The handler's answer: the webhook's JSON body, or the long connection's ACK data decoded. */
  result: Record<string, unknown>;
  ms: number;
}

/**
 * A bot on a temp data dir, the real Lark adapter and SDK, and the fake open platform, in webhook or long
 * connection mode; `deliver` sends an event the way the platform would in that mode and waits for the work it
 * started to finish.
 */
export async function larkHarness(
  mode: (typeof MODES)[number],
  o: {
    admins?: string[];
    env?: Record<string, string>;
    opts?: LarkAdapterOptions;
    roster?: unknown;
    /** Platform events wait for this before the core sees them (a core slower than Lark's 3 s). */
    holdEvents?: Promise<void>;
    /** The plans (default the bundled plan alone, in memory). */
    plans?: PlanSet;
  } = {},
) {
  const fake = await new FakeOpenPlatform().start({ ws: mode === 'ws' });
  const bot = await tempBot({
    roster: o.roster ?? TEST_ROSTER,
    admins: o.admins ?? ['lark:ou_admin'],
    ...(o.plans ? { plans: o.plans } : {}),
  });
  const log = captureLogger();
  const adapter = new LarkAdapter(
    loadLarkConfig({
      LARK_APP_ID: APP_ID,
      LARK_APP_SECRET: APP_SECRET,
      LARK_DOMAIN: fake.url,
      LARK_MODE: mode,
      ...(mode === 'webhook' ? { LARK_ENCRYPT_KEY: ENCRYPT_KEY, LARK_WEBHOOK_PORT: '0' } : {}),
      ...o.env,
    }),
    log,
    { webhookHost: '127.0.0.1', sendGapMs: 1, retryBaseMs: 1, ...o.opts },
  );
  // what the core was handed, to check translation (quote, mentions, attachments) as well as the replies
  const received: IncomingMessage[] = [];
  const events: PlatformEvent[] = [];
  const core: Core = {
    handle: (m) => {
      received.push(m);
      return bot.core.handle(m);
    },
    event: async (e) => {
      events.push(e);
      await o.holdEvents;
      return bot.core.event(e);
    },
  };
  await adapter.start(core);
  await adapter.ready;
  const url = `http://127.0.0.1:${adapter.port}/lark/events`;

  const deliver = async (ev: Record<string, unknown>, opt: { idle?: boolean } = {}): Promise<Delivered> => {
    const t0 = Date.now();
    let d: Delivered;
    if (mode === 'webhook') {
      const r = await postEvent(url, ev, ENCRYPT_KEY);
      d = {
        status: r.status,
        result: r.body ? (JSON.parse(r.body) as Record<string, unknown>) : {},
        ms: r.ms,
      };
    } else {
      const ack = await (fake.ws as NonNullable<typeof fake.ws>).push(ev);
      const data = typeof ack.data === 'string' ? Buffer.from(ack.data, 'base64').toString('utf8') : '{}';
      d = {
        status: Number(ack.code),
        result: JSON.parse(data) as Record<string, unknown>,
        ms: Date.now() - t0,
      };
    }
    if (opt.idle !== false) await adapter.idle();
    return d;
  };
  /** The content (parsed) of every message the bot sent, in order. */
  const sentContents = (): Record<string, unknown>[] =>
    fake.sent().map((r: Recorded) => JSON.parse(String(r.json?.content ?? '{}')) as Record<string, unknown>);
  /** Every text the bot sent (text messages' text, and the markdown of cards). */
  const sentTexts = (): string[] => fake.sent().map((r) => String(r.json?.content ?? ''));
  const stop = async () => {
    await adapter.stop();
    await fake.stop();
  };
  return { fake, bot, log, adapter, deliver, sentContents, sentTexts, stop, url, received, events };
}
