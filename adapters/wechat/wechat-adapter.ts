import { FileBox } from 'file-box';
import qrTerminal from 'qrcode-terminal';
import {
  type Message,
  qrcodeValueToImageUrl,
  ScanStatus,
  types,
  type Wechaty,
  WechatyBuilder,
} from 'wechaty';
import type { Logger } from '../../src/core/logger.js';
import type { Adapter, Core, IncomingMessage, Outgoing } from '../../src/core/types.js';
import { BoundedSet } from '../shared/bounded-set.js';
import { SendQueue } from '../shared/send-queue.js';
import { describeError, withRetry } from '../shared/with-retry.js';
import { mentionsName, stripMentions } from './mention.js';
import type { WechatConfig } from './wechat-config.js';

/** A puppet instance to use instead of the configured one (tests pass wechaty-puppet-mock). */
type PuppetInstance =
  NonNullable<Parameters<typeof WechatyBuilder.build>[0]> extends infer O
    ? O extends { puppet?: infer P }
      ? Exclude<P, string | undefined>
      : never
    : never;

/** Options for tests and tuning. */
export interface WechatAdapterOptions {
  puppet?: PuppetInstance;
  /** Where the login QR code is drawn (default stderr). */
  qrOutput?: NodeJS.WritableStream;
  retryBaseMs?: number;
}

const UNSUPPORTED = '只支持文字消息，请直接输入问题或汇报，例如：任务14谁负责';
/** Messages dated this long before login are backlog the puppet replays, not questions to answer now. */
const STALE_MS = 60_000;
/** Longest text sent in one message; longer answers are split. */
const MAX_TEXT = 3500;

/**
 * WeChat adapter on wechaty with the puppet chosen by configuration: ignores its own messages, duplicates and
 * backlog from before login; answers rooms only when @-mentioned (the puppet's mention list, or "@name" in the
 * text); sends through one serial queue with a gap and jitter, mentioning the asker in rooms; exports as files.
 */
export class WechatAdapter implements Adapter {
  readonly name = 'wechat';
  bot?: Wechaty;
  private loginAt?: number;
  private readonly seen = new BoundedSet(20_000);
  private readonly inflight = new Set<Promise<void>>();
  private readonly queue: SendQueue;
  private lastErrorLog = 0;
  private suppressedErrors = 0;

  constructor(
    private readonly cfg: WechatConfig,
    private readonly log: Logger,
    private readonly opts: WechatAdapterOptions = {},
  ) {
    this.queue = new SendQueue({ gapMs: cfg.sendGapMs, jitterMs: cfg.sendJitterMs });
  }

  /** Starts wechaty; the QR code for login is drawn in the terminal and logged as a link. */
  async start(core: Core): Promise<void> {
    const bot = this.opts.puppet
      ? WechatyBuilder.build({ name: this.cfg.sessionName, puppet: this.opts.puppet })
      : WechatyBuilder.build({
          name: this.cfg.sessionName,
          // the puppet is an npm name from configuration; wechaty types it as a union of official names
          puppet: this.cfg.puppet as never,
          puppetOptions: this.cfg.token ? { token: this.cfg.token } : {},
        });
    this.bot = bot;
    bot.on('scan', (qrcode: string, status: ScanStatus) => {
      if (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) {
        this.log.info({ status: ScanStatus[status] }, 'wechat: scan status');
        return;
      }
      this.log.info(
        { url: qrcodeValueToImageUrl(qrcode) },
        'wechat: scan this QR code with the bot account to log in',
      );
      qrTerminal.generate(qrcode, { small: true }, (art: string) => {
        (this.opts.qrOutput ?? process.stderr).write(`${art}\n`);
      });
    });
    bot.on('login', (user) => {
      this.loginAt = Date.now();
      this.log.info({ user: user.name() }, 'wechat: logged in');
    });
    bot.on('logout', (user, reason?: string) => {
      this.loginAt = undefined;
      this.log.warn({ user: user.name(), reason }, 'wechat: logged out');
    });
    bot.on('error', (err) => this.logError(err));
    bot.on('message', (m: Message) => this.track(this.onMessage(m, core)));
    await bot.start();
  }

  // Puppets can emit an error every fraction of a second while offline: log at most one every 10 s.
  private logError(err: unknown): void {
    const now = Date.now();
    if (now - this.lastErrorLog < 10_000) {
      this.suppressedErrors++;
      return;
    }
    this.log.error({ err: describeError(err), suppressed: this.suppressedErrors }, 'wechat: puppet error');
    this.lastErrorLog = now;
    this.suppressedErrors = 0;
  }

  private track(p: Promise<void>): void {
    const q = p.catch((err: unknown) =>
      this.log.error({ err: describeError(err) }, 'wechat: handling failed'),
    );
    this.inflight.add(q);
    void q.finally(() => this.inflight.delete(q));
  }

  /** Resolves when every message received so far has been handled and its replies sent. */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.all([...this.inflight]);
    await this.queue.idle();
  }

  /** Translates one wechaty message and hands it to the core. */
  async onMessage(m: Message, core: Core): Promise<void> {
    const bot = this.bot as Wechaty;
    if (this.seen.has(m.id)) {
      this.log.info({ id: m.id }, 'wechat: duplicate message ignored');
      return;
    }
    this.seen.add(m.id);
    if (m.self()) return;
    if (this.loginAt === undefined || m.date().getTime() < this.loginAt - STALE_MS) {
      this.log.debug({ id: m.id }, 'wechat: message from before login ignored');
      return;
    }
    const room = m.room();
    const talker = m.talker();
    const text = m.text() ?? '';
    const names = [bot.currentUser.name()];
    if (room) {
      const alias = await room.alias(bot.currentUser).catch(() => undefined);
      if (alias) names.push(alias);
    }
    const mentioned = !room || (await m.mentionSelf().catch(() => false)) || mentionsName(text, names);
    if (!mentioned) return;
    const chatId = room ? room.id : talker.id;
    if (m.type() !== types.Message.Text) {
      await this.send({
        to: { platform: 'wechat', chatId, ...(room ? { mention: talker.id } : {}) },
        text: UNSUPPORTED,
      });
      return;
    }
    const msg: IncomingMessage = {
      platform: 'wechat',
      id: m.id,
      chatId,
      chatType: room ? 'group' : 'direct',
      sender: { id: talker.id, name: talker.name() },
      text: stripMentions(text, names),
      mentionsBot: true,
      at: m.date(),
    };
    for (const o of await core.handle(msg)) await this.send(o);
  }

  /** Queues one message: all sends go out one at a time, in order, with a gap and jitter. */
  send(o: Outgoing): Promise<void> {
    return this.queue.run('wechat', () =>
      withRetry(() => this.deliver(o), {
        attempts: 3,
        baseMs: this.opts.retryBaseMs ?? 2000,
        classify: () => ({ retry: true }),
        log: this.log,
        what: 'wechat send',
      }).catch(() => {
        // already logged by withRetry; one failed message must not stop the queue
      }),
    );
  }

  private async deliver(o: Outgoing): Promise<void> {
    const bot = this.bot as Wechaty;
    const id = o.to.userId ?? o.to.chatId;
    const room = o.to.userId ? undefined : await bot.Room.find({ id });
    const target = room ?? (await bot.Contact.find({ id }));
    if (!target) throw new Error(`wechat: no room or contact ${id}`);
    if ('file' in o) {
      if (o.text) await target.say(o.text);
      // base64 boxes serialise everywhere (the mock puppet only accepts serialisable boxes)
      await target.say(FileBox.fromBase64(Buffer.from(o.file.bytes).toString('base64'), o.file.name));
      return;
    }
    const asker = room && o.to.mention ? await bot.Contact.find({ id: o.to.mention }) : undefined;
    const parts = splitText(o.text, MAX_TEXT);
    for (const [i, part] of parts.entries()) {
      if (room && asker && i === 0) await room.say(part, asker);
      else await target.say(part);
    }
  }

  /** Stops wechaty after the work in hand is sent. */
  async stop(): Promise<void> {
    await this.idle();
    await this.bot?.stop();
  }
}

/** Splits long text at line breaks into parts of at most `max` characters. */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let cur = '';
  for (const line of text.split('\n')) {
    for (let i = 0; i < line.length || i === 0; i += max) {
      const piece = line.slice(i, i + max);
      if (cur.length + piece.length + 1 > max && cur) {
        parts.push(cur);
        cur = '';
      }
      cur = cur ? `${cur}\n${piece}` : piece;
      if (line.length === 0) break;
    }
  }
  if (cur) parts.push(cur);
  return parts;
}
