import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../src/core/logger.js';
import type { Adapter, Core, Outgoing } from '../../src/core/types.js';
import { BoundedSet } from '../shared/bounded-set.js';
import { SendQueue } from '../shared/send-queue.js';
import { describeError, type RetryVerdict, withRetry } from '../shared/with-retry.js';
import type { LarkConfig } from './lark-config.js';
import { redactingSdkLogger } from './lark-logger.js';
import { renderCard } from './render-card.js';
import { type LarkMessageEvent, translateEvent } from './translate-event.js';
import { createWebhookServer } from './webhook-server.js';

/** A Lark API answer with a non-zero code (HTTP 200 but failed). */
export class LarkApiError extends Error {
  constructor(
    readonly code: number,
    msg: string,
  ) {
    super(`Lark API error ${code}: ${msg}`);
  }
}

/** Tunables, mostly for tests. */
export interface LarkAdapterOptions {
  /** Minimum gap between messages to one chat (Lark allows 5 a second). */
  sendGapMs?: number;
  retryAttempts?: number;
  retryBaseMs?: number;
  /** Interface for the webhook server (default all interfaces). */
  webhookHost?: string;
  /** How retries wait (tests pass a fake clock's sleep). */
  sleep?: (ms: number) => Promise<void>;
}

const UNSUPPORTED = '只支持文字消息，请直接输入问题或汇报，例如：任务14谁负责';

/**
 * Lark/Feishu adapter on the official SDK: events by long connection (WSClient) or webhook, acknowledged at once
 * and handled afterwards; duplicates dropped by event and message id; groups answered only when the bot is
 * @-mentioned; answers sent as cards with text fallback, files uploaded and sent; sends queued per chat and
 * retried with back-off.
 */
export class LarkAdapter implements Adapter {
  readonly name = 'lark';
  private client?: lark.Client;
  private ws?: lark.WSClient;
  private server?: http.Server;
  private botOpenId?: string;
  private readonly seen = new BoundedSet(20_000);
  private readonly inflight = new Set<Promise<void>>();
  private readonly queue: SendQueue;

  constructor(
    private readonly cfg: LarkConfig,
    private readonly log: Logger,
    private readonly opts: LarkAdapterOptions = {},
  ) {
    this.queue = new SendQueue({ gapMs: opts.sendGapMs ?? 220 });
  }

  /** The webhook's bound port (tests listen on port 0). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  /** Connects: bot info, then the long connection or the webhook server. */
  async start(core: Core): Promise<void> {
    const sdkLogger = redactingSdkLogger(this.log, [this.cfg.appSecret, this.cfg.encryptKey ?? '']);
    const domain =
      this.cfg.domain === 'feishu'
        ? lark.Domain.Feishu
        : this.cfg.domain === 'lark'
          ? lark.Domain.Lark
          : this.cfg.domain;
    lark.defaultHttpInstance.defaults.timeout = 15_000;
    this.client = new lark.Client({
      appId: this.cfg.appId,
      appSecret: this.cfg.appSecret,
      domain,
      logger: sdkLogger,
      loggerLevel: lark.LoggerLevel.warn,
      cache: new lark.DefaultCache(),
    });
    const info = await this.call('bot info', () =>
      (this.client as lark.Client).request<{ code: number; msg?: string; bot?: { open_id?: string } }>({
        method: 'GET',
        url: '/open-apis/bot/v3/info',
      }),
    );
    this.botOpenId = info.bot?.open_id;
    if (!this.botOpenId)
      throw new Error('Lark bot info has no open_id: is the app a bot (应用能力 › 机器人)?');
    const dispatcher = new lark.EventDispatcher({
      ...(this.cfg.encryptKey ? { encryptKey: this.cfg.encryptKey } : {}),
      ...(this.cfg.verificationToken ? { verificationToken: this.cfg.verificationToken } : {}),
      logger: sdkLogger,
      loggerLevel: lark.LoggerLevel.warn,
    }).register({
      'im.message.receive_v1': (data) => this.onEvent(data as LarkMessageEvent, core),
    });
    if (this.cfg.mode === 'webhook') {
      this.server = createWebhookServer({
        path: this.cfg.webhookPath,
        encryptKey: this.cfg.encryptKey as string,
        ...(this.cfg.verificationToken ? { verificationToken: this.cfg.verificationToken } : {}),
        dispatcher,
        log: this.log,
      });
      const server = this.server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.cfg.webhookPort, this.opts.webhookHost ?? '0.0.0.0', () => resolve());
      });
      this.log.info({ port: this.port, path: this.cfg.webhookPath }, 'lark webhook listening');
    } else {
      this.ws = new lark.WSClient({
        appId: this.cfg.appId,
        appSecret: this.cfg.appSecret,
        domain,
        logger: sdkLogger,
        loggerLevel: lark.LoggerLevel.warn,
        wsConfig: { pingTimeout: 60 },
        onReady: () => this.log.info({}, 'lark long connection ready'),
        onError: (err: unknown) =>
          this.log.error({ err: describeError(err) }, 'lark long connection gave up'),
      });
      this.ws.start({ eventDispatcher: dispatcher });
      this.log.info({}, 'lark long connection starting');
    }
  }

  /** Event handler: returns at once (Lark wants an answer within 3 s); the work continues in the background. */
  onEvent(data: LarkMessageEvent, core: Core): { queued: boolean; duplicate?: boolean } {
    const keys = [
      data?.event_id && `e:${data.event_id}`,
      data?.message?.message_id && `m:${data.message.message_id}`,
    ];
    if (keys.some((k) => k && this.seen.has(k))) {
      this.log.info({ eventId: data?.event_id }, 'lark: duplicate event ignored');
      return { queued: false, duplicate: true };
    }
    for (const k of keys) if (k) this.seen.add(k);
    const t = translateEvent(data, this.botOpenId);
    if (t.kind === 'ignore') {
      this.log.debug({ why: t.why }, 'lark: event ignored');
      return { queued: false };
    }
    if (t.kind === 'unsupported') {
      if (t.group && !t.mentioned) return { queued: false };
      this.track(
        this.send({ to: { platform: 'lark', chatId: t.chatId, replyTo: t.messageId }, text: UNSUPPORTED }),
      );
      return { queued: true };
    }
    if (t.msg.chatType === 'group' && !t.msg.mentionsBot) return { queued: false };
    this.track(
      (async () => {
        for (const o of await core.handle(t.msg)) await this.send(o);
      })(),
    );
    return { queued: true };
  }

  private track(p: Promise<void>): void {
    const q = p.catch((err: unknown) => this.log.error({ err: describeError(err) }, 'lark: handling failed'));
    this.inflight.add(q);
    void q.finally(() => this.inflight.delete(q));
  }

  /** Resolves when every event received so far has been handled and its replies sent. */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.all([...this.inflight]);
    await this.queue.idle();
  }

  /** Delivers one message: a card (text fallback) or text, replying to the asking message when there is one. */
  async send(o: Outgoing): Promise<void> {
    const key = o.to.userId ?? o.to.chatId;
    await this.queue.run(key, async () => {
      try {
        if ('file' in o) {
          if (o.text) await this.deliver(o, 'text', { text: o.text });
          const file = o.file;
          const up = await this.call('file upload', async () => {
            const r = await (this.client as lark.Client).im.file.create({
              data: { file_type: 'stream', file_name: file.name, file: Buffer.from(file.bytes) },
            });
            if (!r?.file_key) throw new LarkApiError(-1, 'upload returned no file_key');
            return { code: 0, file_key: r.file_key };
          });
          await this.deliver(o, 'file', { file_key: up.file_key });
          return;
        }
        if (o.card) {
          try {
            await this.deliver(o, 'interactive', renderCard(o.card, o.text));
            return;
          } catch (err) {
            this.log.warn({ err: describeError(err) }, 'lark: card not accepted, sending text instead');
          }
        }
        await this.deliver(o, 'text', { text: o.text });
      } catch (err) {
        this.log.error({ err: describeError(err), chat: key }, 'lark: message could not be delivered');
      }
    });
  }

  private deliver(o: Outgoing, msgType: string, content: unknown) {
    const client = this.client as lark.Client;
    const body = JSON.stringify(content);
    const replyTo = o.to.replyTo;
    if (replyTo && !o.to.userId) {
      return this.call(`reply ${msgType}`, () =>
        client.im.message.reply({
          path: { message_id: replyTo },
          data: { msg_type: msgType, content: body },
        }),
      );
    }
    const byUser = Boolean(o.to.userId);
    return this.call(`send ${msgType}`, () =>
      client.im.message.create({
        params: { receive_id_type: byUser ? 'open_id' : 'chat_id' },
        data: { receive_id: (o.to.userId ?? o.to.chatId) as string, msg_type: msgType, content: body },
      }),
    );
  }

  /** One API call: a non-zero code becomes an error; 429, 5xx, network errors and API errors are retried. */
  private call<T extends { code?: number; msg?: string }>(what: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(
      async () => {
        const res = await fn();
        if (res && typeof res.code === 'number' && res.code !== 0)
          throw new LarkApiError(res.code, res.msg ?? '');
        return res;
      },
      {
        attempts: this.opts.retryAttempts ?? 4,
        baseMs: this.opts.retryBaseMs ?? 500,
        classify: classifyLarkError,
        log: this.log,
        what: `lark ${what}`,
        ...(this.opts.sleep ? { sleep: this.opts.sleep } : {}),
      },
    );
  }

  /** Closes the connection or server after the work in hand is done. */
  async stop(): Promise<void> {
    await this.idle();
    this.ws?.close({ force: true });
    const server = this.server;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}

/** Which failures are worth retrying, and after how long (Lark's x-ogw-ratelimit-reset on 429). */
export function classifyLarkError(err: unknown): RetryVerdict {
  if (err instanceof LarkApiError) return { retry: true };
  const e = err as { response?: { status?: number; headers?: Record<string, string> } };
  const status = e?.response?.status;
  if (status === 429) {
    const reset = Number(e.response?.headers?.['x-ogw-ratelimit-reset']);
    return { retry: true, ...(Number.isFinite(reset) && reset > 0 ? { afterMs: reset * 1000 } : {}) };
  }
  if (status === undefined || status >= 500) return { retry: true };
  return { retry: false };
}
