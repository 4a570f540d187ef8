import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileBox } from 'file-box';
import qrTerminal from 'qrcode-terminal';
import {
  type Contact,
  type Message,
  type Room,
  ScanStatus,
  types,
  type Wechaty,
  WechatyBuilder,
} from 'wechaty';
import type { Logger } from '../../src/core/logger.js';
import type { Adapter, Core, IncomingMessage, Outgoing } from '../../src/shared/types.js';
import type { AlertAdmins } from '../shared/admin-alert.js';
import { BoundedSet } from '../shared/bounded-set.js';
import { Inflight } from '../shared/inflight.js';
import { MY_ID } from '../shared/my-id.js';
import { OncePer } from '../shared/once-per.js';
import { SendQueue } from '../shared/send-queue.js';
import { splitBytes } from '../shared/split-bytes.js';
import { describeError, withRetry } from '../shared/with-retry.js';
import { idPolicyFor, WechatIdentities } from './identity.js';
import { mentionsName, stripMentions } from './mention.js';
import { qrPng } from './qr-png.js';
import { splitQuote } from './quote.js';
import { checkPuppetLoads, maxBytesFor, type WechatConfig } from './wechat-config.js';

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
  /** Tells admins on another platform that the account logged out or needs a scan. */
  alert?: AlertAdmins;
}

const UNSUPPORTED = '只支持文字消息，请直接输入问题或汇报，例如：任务14谁负责';
/** Messages dated this long before login are backlog the puppet replays after an outage. */
const STALE_MS = 60_000;
/** Backlog older than this is not taken at all. */
const BACKLOG_MAX_MS = 3 * 86400_000;
const GUIDANCE_MS = 24 * 3600_000;
const ROOM_ID = /^(?:本群ID|本群id|群ID|群id|room ?id)$/i;
/** Never answered: recalls, stickers, voice, links and 公众号 articles, mini programs, transfers, system notices. */
const SILENT = new Set<types.Message>([
  types.Message.Recalled,
  types.Message.Emoticon,
  types.Message.Audio,
  types.Message.Url,
  types.Message.MiniProgram,
  types.Message.Unknown,
  types.Message.Transfer,
  types.Message.RedEnvelope,
  types.Message.GroupNote,
  types.Message.Post,
]);
const EVIDENCE: Partial<Record<types.Message, string>> = {
  [types.Message.Image]: '图片',
  [types.Message.Attachment]: '文件',
};
/** WeChat's own system accounts. */
const SYSTEM_CONTACTS = new Set(['weixin', 'filehelper', 'fmessage', 'newsapp', 'floatbottle']);

/**
 * WeChat adapter on wechaty with the puppet chosen by configuration. Ignores its own messages, duplicates and
 * noise; takes a bound liaison's check-ins from the backlog after an outage (marked delayed); answers rooms only
 * when @-mentioned; passes a quoted message as `quote`, never as content; names people by 备注 where the
 * puppet's ids change at login; sends through one serial queue, each part retried on its own; draws the login
 * QR code locally (terminal and a PNG) and alerts admins elsewhere when the account logs out.
 */
export class WechatAdapter implements Adapter {
  readonly name = 'wechat';
  bot?: Wechaty;
  readonly ids: WechatIdentities;
  private loginAt?: number;
  private wasLoggedIn = false;
  private scanAlerted = false;
  private readonly seen = new BoundedSet(20_000);
  private readonly guided = new OncePer(GUIDANCE_MS);
  private readonly inflight: Inflight;
  private readonly queue: SendQueue;
  private readonly maxBytes: number;
  private lastErrorLog = 0;
  private suppressedErrors = 0;

  constructor(
    private readonly cfg: WechatConfig,
    private readonly log: Logger,
    private readonly opts: WechatAdapterOptions = {},
  ) {
    this.queue = new SendQueue({ gapMs: cfg.sendGapMs, jitterMs: cfg.sendJitterMs });
    this.inflight = new Inflight((err) => log.error({ err: describeError(err) }, 'wechat: handling failed'));
    this.ids = new WechatIdentities(cfg.ids ?? idPolicyFor(cfg.puppet), log);
    this.maxBytes = cfg.maxBytes ?? maxBytesFor(cfg.puppet);
  }

  /** Where the login QR code PNG goes. */
  qrPath(): string | undefined {
    return this.cfg.dataDir ? path.join(this.cfg.dataDir, 'wechat-login-qr.png') : undefined;
  }

  /** Checks the puppet, then starts wechaty; the login QR code is drawn in the terminal and as a PNG. */
  async start(core: Core): Promise<void> {
    if (!this.opts.puppet) await checkPuppetLoads(this.cfg.puppet);
    const bot = this.opts.puppet
      ? WechatyBuilder.build({ name: this.cfg.sessionName, puppet: this.opts.puppet })
      : WechatyBuilder.build({
          name: this.cfg.sessionName,
          // the puppet is an npm name from configuration; wechaty types it as a union of official names
          puppet: this.cfg.puppet as never,
          puppetOptions: this.cfg.token ? { token: this.cfg.token } : {},
        });
    this.bot = bot;
    bot.on('scan', (qrcode: string, status: ScanStatus) => this.track(this.onScan(qrcode, status)));
    bot.on('login', (user) => this.track(this.onLogin(bot, user.name())));
    bot.on('logout', (user, reason?: string) => this.track(this.onLogout(user.name(), reason)));
    bot.on('error', (err) => this.logError(err));
    bot.on('message', (m: Message) => this.track(this.onMessage(m, core)));
    await bot.start();
  }

  private async onScan(qrcode: string, status: ScanStatus): Promise<void> {
    if (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) {
      this.log.info({ status: ScanStatus[status] }, 'wechat: scan status');
      return;
    }
    // the code is drawn here only: a link to a web renderer would hand the login to a third party
    const png = this.qrPath();
    if (png) {
      mkdirSync(path.dirname(png), { recursive: true });
      writeFileSync(png, qrPng(qrcode), { mode: 0o600 });
    }
    qrTerminal.generate(qrcode, { small: true }, (art: string) => {
      (this.opts.qrOutput ?? process.stderr).write(`${art}\n`);
    });
    this.log.warn(
      { png },
      'wechat: scan the QR code in the terminal (or the PNG in the data directory) with the bot account to log in',
    );
    if (!this.scanAlerted) {
      this.scanAlerted = true;
      await this.alert(
        `【plan-bot】微信机器人需要扫码登录${this.wasLoggedIn ? '（已掉线）' : ''}：请在服务器终端或数据目录的 wechat-login-qr.png 查看二维码，用机器人微信号扫码。登录前微信消息不会被处理。`,
      );
    }
  }

  private async onLogin(bot: Wechaty, user: string): Promise<void> {
    this.loginAt = Date.now();
    this.scanAlerted = false;
    this.log.info({ user }, 'wechat: logged in');
    // a used login code is of no further use: do not leave it lying in the data directory
    const png = this.qrPath();
    if (png) rmSync(png, { force: true });
    await this.ids.rebuild(bot).catch((err: unknown) => {
      this.log.error({ err: describeError(err) }, 'wechat: could not rebuild the id map');
    });
    if (this.wasLoggedIn) await this.alert('【plan-bot】微信机器人已重新登录，恢复收发消息。');
    this.wasLoggedIn = true;
    // what waited in the outbox during the outage goes out now
    for (const l of this.reconnectListeners) l();
  }

  private readonly reconnectListeners: (() => void)[] = [];

  /** Calls back at every login, so that the outbox sends what waited during an outage. */
  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  private async onLogout(user: string, reason?: string): Promise<void> {
    this.loginAt = undefined;
    this.log.error(
      { user, reason },
      'wechat: LOGGED OUT: messages are not received until the account logs in again',
    );
    await this.alert(
      `【plan-bot】微信机器人已退出登录${reason ? `（${reason}）` : ''}，需要重新扫码登录。在此之前微信上的提问和汇报不会被处理；登录后离线期间的汇报会补记为逾期。`,
    );
  }

  /** Sends an alert to admins elsewhere, or logs it loudly when nobody could be told. */
  private async alert(text: string): Promise<void> {
    const told = await (this.opts.alert?.(text) ?? Promise.resolve(false)).catch(() => false);
    if (!told) this.log.error({ alert: text }, 'wechat: ALERT (no admin on another platform could be told)');
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
    this.inflight.track(p);
  }

  /** Resolves when every message received so far has been handled and its replies sent. */
  async idle(): Promise<void> {
    await this.inflight.idle();
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
    if (m.self() || this.loginAt === undefined) return;
    const sentAt = m.date().getTime();
    if (sentAt < this.loginAt - BACKLOG_MAX_MS) return;
    const delayed = sentAt < this.loginAt - STALE_MS;
    const room = m.room();
    const talker = m.talker();
    if (talker.type() === types.Contact.Official || SYSTEM_CONTACTS.has(talker.id)) return;
    const type = m.type();
    if (SILENT.has(type)) return;
    const raw = m.text() ?? '';
    const names = [bot.currentUser.name()];
    if (room) {
      const alias = await room.alias(bot.currentUser).catch(() => undefined);
      if (alias) names.push(alias);
    }
    const split = type === types.Message.Text ? splitQuote(raw) : { text: raw };
    const mentioned = !room || (await m.mentionSelf().catch(() => false)) || mentionsName(split.text, names);
    if (!mentioned) return;
    const sender = this.ids.contactKey(talker);
    const chatId = room ? await this.ids.roomKey(room) : sender;
    const to = { platform: 'wechat' as const, chatId, ...(room ? { mention: sender } : {}) };
    const base: IncomingMessage = {
      platform: 'wechat',
      id: m.id,
      chatId,
      chatType: room ? 'group' : 'direct',
      sender: { id: sender, name: talker.name() },
      text: '',
      mentionsBot: true,
      at: m.date(),
    };
    if (type !== types.Message.Text) {
      if (delayed) return;
      const kind = EVIDENCE[type];
      if (kind) {
        // evidence (佐证材料) or a plan to import: the core decides whether to keep it, and only then is the file
        // fetched; the file's name comes with the message where the puppet gives it
        const filename = type === types.Message.Attachment ? m.payload?.filename?.trim() : undefined;
        const msg: IncomingMessage = {
          ...base,
          text: '',
          attachments: [
            {
              kind: type === types.Message.Image ? 'image' : 'file',
              ...(filename ? { name: filename } : {}),
              key: m.id,
              download: async () => (await m.toFileBox()).toBuffer(),
            },
          ],
        };
        for (const o of await core.handle(msg)) await this.send(o);
      } else if (this.guided.take(sender)) {
        await this.send({ to, text: UNSUPPORTED });
      }
      return;
    }
    const text = stripMentions(split.text, names);
    if (MY_ID.test(text) || (room && ROOM_ID.test(text))) {
      if (!delayed) await this.send({ to, text: this.idText(text, sender, room, chatId) });
      return;
    }
    const msg: IncomingMessage = {
      ...base,
      text,
      ...(split.quote
        ? { quote: { text: split.quote.text, fromBot: names.includes(split.quote.name) } }
        : {}),
      ...(delayed ? { delayed: true } : {}),
    };
    for (const o of await core.handle(msg)) await this.send(o);
  }

  private idText(text: string, sender: string, room: Room | undefined, chatId: string): string {
    if (room && ROOM_ID.test(text)) {
      const note = chatId.startsWith('topic:')
        ? '\n注意：本群按群名识别（当前登录方式下群ID会随登录变化），请不要修改群名，也不要与其他群重名。'
        : '';
      return `本群ID：wechat:${chatId}\n管理员可在花名册里把单位的群设为这个ID（roster.json 的 chat），每周提示就会发到本群并@联络员。${note}`;
    }
    const lines = [
      `您的微信ID：wechat:${sender}`,
      `请把下面这行发给管理员完成绑定：`,
      `绑定 单位名称 wechat:${sender} 姓名`,
    ];
    if (!this.ids.stable(sender)) {
      lines.push(
        '注意：这个ID会在机器人重新登录后变化。请管理员先在机器人微信号上给您设置备注（例如“财政局王会计”），再发送“我的ID”，用新的ID绑定。',
      );
    }
    return lines.join('\n');
  }

  /**
   * Queues one message: text split by bytes for this puppet, each part (and a file) sent and retried on its own,
   * so that a retry never repeats a part already delivered. Sends go out one at a time, in order. Rejects when a
   * part still failed after its retries (already logged; the queue goes on, and the outbox retries the message).
   */
  async send(o: Outgoing): Promise<void> {
    const parts = o.text ? splitBytes(o.text, this.maxBytes) : [];
    const jobs = parts.map((part, i) => this.enqueue(() => this.deliverText(o, part, i === 0)));
    if ('file' in o) {
      const file = o.file;
      jobs.push(this.enqueue(() => this.deliverFile(o, file)));
    }
    await Promise.all(jobs);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    return this.queue.run('wechat', () =>
      withRetry(task, {
        attempts: 3,
        baseMs: this.opts.retryBaseMs ?? 2000,
        classify: () => ({ retry: true }),
        log: this.log,
        what: 'wechat send',
      }),
    );
  }

  private async target(o: Outgoing): Promise<{ room?: Room; contact?: Contact }> {
    const bot = this.bot as Wechaty;
    const key = o.to.userId ?? o.to.chatId;
    if (!o.to.userId && !/^(?:alias|weixin):/.test(key)) {
      const room = await this.ids.room(bot, key);
      if (room) return { room };
    }
    const contact = await this.ids.contact(bot, key);
    if (!contact) throw new Error(`wechat: no room or contact ${key}`);
    return { contact };
  }

  private async deliverText(o: Outgoing, part: string, first: boolean): Promise<void> {
    const { room, contact } = await this.target(o);
    if (room) {
      const wanted = first ? [...(o.to.mention ? [o.to.mention] : []), ...(o.to.mentions ?? [])] : [];
      const people: Contact[] = [];
      for (const key of new Set(wanted)) {
        const c = await this.ids.contact(this.bot as Wechaty, key);
        if (c) people.push(c);
        else this.log.warn({ key }, 'wechat: cannot @ this member (not found in the contacts)');
      }
      await room.say(part, ...people);
    } else await (contact as Contact).say(part);
  }

  private async deliverFile(o: Outgoing, file: { name: string; bytes: Uint8Array }): Promise<void> {
    const { room, contact } = await this.target(o);
    // base64 boxes serialise everywhere (the mock puppet only accepts serialisable boxes)
    const box = FileBox.fromBase64(Buffer.from(file.bytes).toString('base64'), file.name);
    await (room ?? (contact as Contact)).say(box);
  }

  /** Stops wechaty after the work in hand is sent. */
  async stop(): Promise<void> {
    await this.idle();
    await this.bot?.stop();
  }
}
