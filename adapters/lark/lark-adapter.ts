import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../src/core/logger.js';
import type {
  Adapter,
  Attachment,
  Core,
  IncomingMessage,
  Outgoing,
  OutgoingText,
  PlatformEvent,
} from '../../src/shared/types.js';
import { BoundedSet } from '../shared/bounded-set.js';
import { SendQueue } from '../shared/send-queue.js';
import { describeError, withRetry } from '../shared/with-retry.js';
import { answerCardAction, type CardActionEvent } from './card-action.js';
import { textCard } from './card-parts.js';
import { larkFileType, MAX_FILE_BYTES } from './file-type.js';
import type { LarkConfig } from './lark-config.js';
import { classifyLarkError, LarkApiError, larkCode, larkReason, TOKEN_CODES } from './lark-errors.js';
import { redactingSdkLogger } from './lark-logger.js';
import type { LarkResource } from './post-content.js';
import { type LarkMessageItem, quoteOf } from './read-quote.js';
import { renderCard } from './render-card.js';
import { renderFormCard } from './render-form-card.js';
import { TokenCache } from './token-cache.js';
import { type LarkMessageEvent, translateEvent } from './translate-event.js';
import { UserNames } from './user-names.js';
import { createWebhookServer } from './webhook-server.js';

export { classifyLarkError, LarkApiError } from './lark-errors.js';

/** Tunables, mostly for tests. */
export interface LarkAdapterOptions {
  /** Minimum gap between messages to one chat (Lark allows 5 a second). */
  sendGapMs?: number;
  retryAttempts?: number;
  retryBaseMs?: number;
  /** Interface for the webhook server (default all interfaces). */
  webhookHost?: string;
  /** How long a card callback may wait for the core before answering "saving…" (Lark wants 3 s; default 1.8 s). */
  cardBudgetMs?: number;
  /** How retries wait (tests pass a fake clock's sleep). */
  sleep?: (ms: number) => Promise<void>;
  /** The report of GET /healthz on the webhook server (see plan-bot status). */
  health?: () => { ok: boolean };
}

const UNSUPPORTED = '只支持文字、图片和文件消息，请直接输入问题或汇报，例如：任务14谁负责';

/**
 * Lark/Feishu adapter on the official SDK: events by long connection (WSClient) or webhook, acknowledged at once
 * and handled afterwards; duplicates dropped by event and message id; groups answered only when the bot is
 * @-mentioned (or, with LARK_GROUP_REPLIES=unit-chat, plain replies for the core to judge); text, rich text,
 * images and files read, a reply's parent fetched as its quote; recalls, bot-added and chat-opened events and card
 * clicks passed to the core; answers sent as cards with text fallback, files uploaded and sent; sends queued per
 * chat, retried only when retrying can help, and reported to the core when refused for good.
 */
export class LarkAdapter implements Adapter {
  readonly name = 'lark';
  private client?: lark.Client;
  private ws?: lark.WSClient;
  private server?: http.Server;
  private core?: Core;
  private botOpenId?: string;
  private readonly tokens = new TokenCache();
  private readonly names: UserNames;
  private readonly seen = new BoundedSet(20_000);
  private readonly chatTypes = new Map<string, 'group' | 'direct'>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly queue: SendQueue;
  private fatalError?: (err: Error) => void;
  /** Resolves when the long connection is given up for good: the process should exit so it is restarted. */
  readonly fatal: Promise<Error>;
  private readyNow?: () => void;
  /** Resolves when events can arrive: the webhook listens, or the long connection is up (SDK onReady). */
  readonly ready: Promise<void>;

  constructor(
    private readonly cfg: LarkConfig,
    private readonly log: Logger,
    private readonly opts: LarkAdapterOptions = {},
  ) {
    this.queue = new SendQueue({ gapMs: opts.sendGapMs ?? 220 });
    this.names = new UserNames(() => this.api, log);
    this.fatal = new Promise((resolve) => {
      this.fatalError = resolve;
    });
    this.ready = new Promise((resolve) => {
      this.readyNow = resolve;
    });
  }

  /** The webhook's bound port (tests listen on port 0). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  private get api(): lark.Client {
    if (!this.client) throw new Error('Lark adapter not started');
    return this.client;
  }

  /** Connects: bot info, then the long connection or the webhook server. */
  async start(core: Core): Promise<void> {
    this.core = core;
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
      cache: this.tokens,
    });
    const info = await this.call('bot info', () =>
      this.api.request<{ code: number; msg?: string; bot?: { open_id?: string } }>({
        method: 'GET',
        url: '/open-apis/bot/v3/info',
      }),
    );
    this.botOpenId = info.bot?.open_id;
    if (!this.botOpenId)
      throw new Error(
        '飞书返回的机器人信息中没有 open_id：这个应用开通了机器人能力吗（应用能力 › 机器人）？',
      );
    const dispatcher = new lark.EventDispatcher({
      ...(this.cfg.encryptKey ? { encryptKey: this.cfg.encryptKey } : {}),
      ...(this.cfg.verificationToken ? { verificationToken: this.cfg.verificationToken } : {}),
      logger: sdkLogger,
      loggerLevel: lark.LoggerLevel.warn,
    }).register({
      'im.message.receive_v1': (data) => this.onEvent(data as LarkMessageEvent, core),
      'im.message.recalled_v1': (d) =>
        this.onPlatformEvent(
          d.event_id,
          d.message_id && d.chat_id
            ? { kind: 'recalled', platform: 'lark', chatId: d.chat_id, messageId: d.message_id }
            : undefined,
        ),
      'im.chat.member.bot.added_v1': (d) => {
        if (d.chat_id) this.chatTypes.set(d.chat_id, 'group');
        return this.onPlatformEvent(
          d.event_id,
          d.chat_id ? { kind: 'welcome', platform: 'lark', chatId: d.chat_id, chatType: 'group' } : undefined,
        );
      },
      'im.chat.access_event.bot_p2p_chat_entered_v1': (d) => {
        const user = d.operator_id?.open_id;
        if (d.chat_id) this.chatTypes.set(d.chat_id, 'direct');
        return this.onPlatformEvent(
          d.event_id,
          d.chat_id
            ? {
                kind: 'welcome',
                platform: 'lark',
                chatId: d.chat_id,
                chatType: 'direct',
                ...(user ? { userId: user } : {}),
              }
            : undefined,
        );
      },
      'card.action.trigger': (d: CardActionEvent) => this.onCardAction(d),
    });
    if (this.cfg.mode === 'webhook') {
      this.server = createWebhookServer({
        path: this.cfg.webhookPath,
        encryptKey: this.cfg.encryptKey as string,
        ...(this.cfg.verificationToken ? { verificationToken: this.cfg.verificationToken } : {}),
        dispatcher,
        log: this.log,
        ...(this.opts.health ? { health: this.opts.health } : {}),
      });
      const server = this.server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.cfg.webhookPort, this.opts.webhookHost ?? '0.0.0.0', () => resolve());
      });
      this.log.info({ port: this.port, path: this.cfg.webhookPath }, 'lark webhook listening');
      this.readyNow?.();
    } else {
      this.ws = new lark.WSClient({
        appId: this.cfg.appId,
        appSecret: this.cfg.appSecret,
        domain,
        logger: sdkLogger,
        loggerLevel: lark.LoggerLevel.warn,
        wsConfig: { pingTimeout: 60 },
        onReady: () => {
          this.log.info({}, 'lark long connection ready');
          this.readyNow?.();
        },
        onReconnected: () => this.log.info({}, 'lark long connection reconnected'),
        onError: (err: unknown) => {
          // the SDK stops trying here; a process that stays up would be deaf, so let the service manager restart it
          this.log.error(
            { err: describeError(err) },
            'lark long connection gave up; exiting so that it restarts',
          );
          this.fatalError?.(err instanceof Error ? err : new Error(String(err)));
        },
      });
      this.ws.start({ eventDispatcher: dispatcher });
      this.log.info({}, 'lark long connection starting');
    }
  }

  /** True the first time an event or message key is seen. */
  private fresh(...keys: (string | undefined | false)[]): boolean {
    const ks = keys.filter((k): k is string => Boolean(k));
    if (ks.some((k) => this.seen.has(k))) return false;
    for (const k of ks) this.seen.add(k);
    return true;
  }

  /**
   * Event handler: stores the message in the durable inbox (one fsync), then answers (Lark wants an answer within
   * 3 s and does not re-deliver after 200); the work continues in the background and a restart finishes it.
   */
  async onEvent(data: LarkMessageEvent, core: Core): Promise<{ queued: boolean; duplicate?: boolean }> {
    if (
      !this.fresh(
        data?.event_id && `e:${data.event_id}`,
        data?.message?.message_id && `m:${data.message.message_id}`,
      )
    ) {
      this.log.info({ eventId: data?.event_id }, 'lark: duplicate event ignored');
      return { queued: false, duplicate: true };
    }
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
    this.chatTypes.set(t.msg.chatId, t.msg.chatType);
    // without im:message.group_msg only @-messages arrive; with it, plain replies go to the core only when asked
    if (t.msg.chatType === 'group' && !t.msg.mentionsBot && this.cfg.groupReplies !== 'unit-chat')
      return { queued: false };
    const msg: IncomingMessage = {
      ...t.msg,
      ...(t.resources.length ? { attachments: t.resources.map((r) => this.attachment(t.msg.id, r)) } : {}),
    };
    await core.receive?.(msg);
    this.track(
      (async () => {
        if (t.parentId) {
          const quote = await this.quote(t.parentId);
          if (quote) msg.quote = quote;
        }
        const name = await this.names.nameOf(msg.sender.id);
        if (name) msg.sender = { ...msg.sender, name };
        for (const o of await core.handle(msg)) await this.send(o);
      })(),
    );
    return { queued: true };
  }

  /** Recall, bot added, chat opened: dedupe, hand to the core in the background, answer at once. */
  private onPlatformEvent(eventId: string | undefined, ev: PlatformEvent | undefined): { queued: boolean } {
    if (!ev || !this.fresh(eventId && `e:${eventId}`)) return { queued: false };
    const core = this.core;
    if (!core?.event) return { queued: false };
    this.track(
      (async () => {
        for (const o of await (core.event as NonNullable<Core['event']>)(ev)) await this.send(o);
      })(),
    );
    return { queued: true };
  }

  /** A card click (card.action.trigger), answered within Lark's 3 s: see answerCardAction. */
  onCardAction(d: CardActionEvent): Promise<Record<string, unknown>> {
    return answerCardAction(d, {
      ...(this.core ? { core: this.core } : {}),
      fresh: (key) => this.fresh(key),
      chatTypeOf: (id) => this.chatTypeOf(id),
      track: (p) => this.track(p),
      send: (o) => this.send(o),
      budgetMs: this.opts.cardBudgetMs ?? 1800,
    });
  }

  /**
   * The chat's type: seen in an event, or asked from im.chat.get within 800 ms (a card click must be answered in
   * 3 s); a group when unknown, the cautious choice (an export then goes to the clicker directly).
   */
  private async chatTypeOf(chatId: string): Promise<'group' | 'direct'> {
    const known = this.chatTypes.get(chatId);
    if (known) return known;
    let timer: NodeJS.Timeout | undefined;
    const ask = this.api.im.chat
      .get({ path: { chat_id: chatId } })
      .then((r) => {
        const type: 'group' | 'direct' = r?.data?.chat_mode === 'p2p' ? 'direct' : 'group';
        this.chatTypes.set(chatId, type);
        return type;
      })
      .catch((err: unknown) => {
        this.log.warn({ err: describeError(err), chatId }, 'lark: chat type unknown, treated as a group');
        return 'group' as const;
      });
    const slow = new Promise<'group'>((r) => {
      timer = setTimeout(() => r('group'), 800);
    });
    const type = await Promise.race([ask, slow]);
    clearTimeout(timer);
    return type;
  }

  /** The parent of a reply as a quote, through im.message.get; none when it cannot be read. */
  private async quote(parentId: string): Promise<IncomingMessage['quote']> {
    try {
      const r = await this.call('get parent message', () =>
        this.api.im.message.get({ path: { message_id: parentId } }),
      );
      return quoteOf(r.data?.items?.[0] as LarkMessageItem | undefined, this.cfg.appId);
    } catch {
      return undefined;
    }
  }

  /** An attachment whose download goes through im.messageResource.get. */
  private attachment(messageId: string, r: LarkResource): Attachment {
    return {
      kind: r.kind,
      key: r.key,
      ...(r.name ? { name: r.name } : {}),
      download: async () => {
        const res = await withRetry(
          () =>
            this.api.im.messageResource.get({
              path: { message_id: messageId, file_key: r.key },
              params: { type: r.kind },
            }),
          this.retryOptions('download resource'),
        );
        const chunks: Buffer[] = [];
        for await (const c of res.getReadableStream()) chunks.push(Buffer.from(c as Uint8Array));
        return new Uint8Array(Buffer.concat(chunks));
      },
    };
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

  /**
   * Delivers one message: a card (text fallback) or text, replying to the asking message when there is one.
   * Resolves when Lark accepted it, or refused it for good (then reported as undelivered, for the digest);
   * rejects when it failed in a way that may pass later, so that the outbox retries it.
   */
  async send(o: Outgoing): Promise<void> {
    const key = o.to.userId ?? o.to.chatId;
    await this.queue.run(key, async () => {
      try {
        if ('file' in o) return await this.sendFile(o);
        await this.sendText(o);
        if (o.form) {
          const form = o.form;
          await this.deliver(o, 'interactive', renderFormCard(form), 'form').catch((err: unknown) =>
            this.log.warn(
              { err: describeError(err) },
              'lark: form card not accepted; the text says how to type it',
            ),
          );
        }
      } catch (err) {
        this.log.error({ err: describeError(err), chat: key }, 'lark: message could not be delivered');
        // may succeed later (5xx, a cut connection, rate limit): reject, and the outbox retries it from the store
        if (classifyLarkError(err).retry) throw err;
        // refused for good (bot not in the chat, user out of range, no permission): reported in the digest
        const text = 'file' in o ? `文件 ${o.file.name}` : o.text;
        void this.core
          ?.event?.({ kind: 'undelivered', to: o.to, text: text ?? '', reason: larkReason(err) })
          .catch(() => {});
      }
    });
  }

  private async sendText(o: OutgoingText): Promise<void> {
    const card = o.card
      ? renderCard(o.card, o.text)
      : o.buttons?.length
        ? textCard(o.text.split('\n')[0]?.slice(0, 30) ?? '', o.text, o.buttons)
        : undefined;
    if (card && !o.to.mentions?.length) {
      try {
        await this.deliver(o, 'interactive', card);
        return;
      } catch (err) {
        this.log.warn({ err: describeError(err) }, 'lark: card not accepted, sending text instead');
      }
    }
    const ats = (o.to.mentions ?? []).map((id) => `<at user_id="${id.replace(/"/g, '')}"></at>`).join(' ');
    await this.deliver(o, 'text', { text: ats ? `${ats}\n${o.text}` : o.text });
  }

  private async sendFile(o: Extract<Outgoing, { file: unknown }>): Promise<void> {
    const file = o.file;
    if (file.bytes.length === 0 || file.bytes.length > MAX_FILE_BYTES) {
      const mb = (file.bytes.length / 1048576).toFixed(1);
      await this.deliver(o, 'text', {
        text:
          file.bytes.length === 0
            ? `文件 ${file.name} 是空的，没有发送。`
            : `文件 ${file.name}（${mb} MB）超过飞书单个文件30 MB的上限，没有发送。请缩小范围（周次、单位或任务）重新导出；文件已保存在服务器的数据目录。`,
      });
      return;
    }
    if (o.text) await this.deliver(o, 'text', { text: o.text });
    const up = await this.call('file upload', async () => {
      const r = await this.api.im.file.create({
        data: { file_type: larkFileType(file.name), file_name: file.name, file: Buffer.from(file.bytes) },
      });
      if (!r?.file_key) throw new LarkApiError(-1, 'upload returned no file_key');
      return { code: 0, file_key: r.file_key };
    });
    await this.deliver(o, 'file', { file_key: up.file_key });
  }

  /**
   * Sends one Lark message. A message from the outbox carries its entry's id as Lark's uuid (with the part: text,
   * card, form), which Lark dedupes for an hour: sent again after a crash, it is shown once.
   */
  private deliver(o: Outgoing, msgType: string, content: unknown, part = msgType) {
    const body = JSON.stringify(content);
    const replyTo = o.to.replyTo;
    const uuid = 'id' in o && o.id ? { uuid: `${o.id}:${part}`.slice(0, 50) } : {};
    if (replyTo && !o.to.userId) {
      return this.call(`reply ${msgType}`, () =>
        this.api.im.message.reply({
          path: { message_id: replyTo },
          data: { msg_type: msgType, content: body, ...uuid },
        }),
      );
    }
    const byUser = Boolean(o.to.userId);
    return this.call(`send ${msgType}`, () =>
      this.api.im.message.create({
        params: { receive_id_type: byUser ? 'open_id' : 'chat_id' },
        data: {
          receive_id: (o.to.userId ?? o.to.chatId) as string,
          msg_type: msgType,
          content: body,
          ...uuid,
        },
      }),
    );
  }

  private retryOptions(what: string) {
    return {
      attempts: this.opts.retryAttempts ?? 4,
      baseMs: this.opts.retryBaseMs ?? 500,
      classify: (err: unknown) => {
        const code = larkCode(err);
        // the SDK keeps an invalid or expired token until its own expiry: drop it so the retry fetches a new one
        if (code !== undefined && TOKEN_CODES.has(code)) this.tokens.clear();
        return classifyLarkError(err);
      },
      log: this.log,
      what: `lark ${what}`,
      ...(this.opts.sleep ? { sleep: this.opts.sleep } : {}),
    };
  }

  /** One API call: a non-zero code becomes an error; retried only when retrying can help (classifyLarkError). */
  private call<T extends { code?: number; msg?: string }>(what: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(async () => {
      const res = await fn();
      if (res && typeof res.code === 'number' && res.code !== 0)
        throw new LarkApiError(res.code, res.msg ?? '');
      return res;
    }, this.retryOptions(what));
  }

  /** Closes the connection or server after the work in hand is done. */
  async stop(): Promise<void> {
    await this.idle();
    this.ws?.close({ force: true });
    const server = this.server;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}
