import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../src/core/logger.js';
import type { Adapter, Core, IncomingMessage, Outgoing } from '../../src/shared/types.js';
import { BoundedSet } from '../shared/bounded-set.js';
import { Inflight } from '../shared/inflight.js';
import { MY_ID } from '../shared/my-id.js';
import { OncePer } from '../shared/once-per.js';
import { RateWindow } from '../shared/rate-window.js';
import { SendQueue } from '../shared/send-queue.js';
import { splitBytes } from '../shared/split-bytes.js';
import { describeError, withRetry } from '../shared/with-retry.js';
import { WecomAiBot } from './wecom-aibot.js';
import { WecomApi, WecomApiError } from './wecom-api.js';
import { buttonCard, clickMessage, newTaskId } from './wecom-buttons.js';
import { type WecomConfig, WecomConfigError } from './wecom-config.js';
import { WecomCrypto, WecomCryptoError } from './wecom-crypto.js';
import { parseFlatXml } from './wecom-xml.js';

/** Options for tests and tuning. */
export interface WecomAdapterOptions {
  /** Where files sent by users are kept until the evidence API takes them (default: no copy kept). */
  dataDir?: string;
  /** Interface to listen on (default all; tests use 127.0.0.1). */
  host?: string;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  retryBaseMs?: number;
  /** Messages per member per window (WeCom: 30 a minute). */
  perMember?: { limit: number; windowMs: number };
}

/** WeCom cuts a text message at 2,048 bytes. */
export const WECOM_TEXT_BYTES = 2048;
const UNSUPPORTED = '只支持文字消息：请直接输入问题或汇报，例如：任务14谁负责';
const GUIDANCE_MS = 24 * 3600_000;
const KINDS: Record<string, string> = { image: '图片', file: '文件' };

/** A callback message as read before it is answered. */
type Translated =
  | { kind: 'ignore' }
  | { kind: 'my-id'; to: Outgoing['to']; user: string }
  | { kind: 'unsupported'; to: Outgoing['to']; user: string }
  | { kind: 'message'; msg: IncomingMessage; seenKey: string };

/** Retry sends that may succeed later: network errors, "system busy" (-1) and frequency limits. */
function classify(err: unknown): { retry: boolean } {
  if (err instanceof WecomApiError) return { retry: [-1, 45009, 45033, 45047].includes(err.errcode) };
  return { retry: true };
}

/**
 * WeCom 自建应用 adapter: receives the app's encrypted callback (URL check and messages, signature checked first,
 * stored in the durable inbox, then answered 200 and handled afterwards, each MsgId once), and sends through message/send with the cached
 * access_token, text split at 2,048 bytes, at most 30 messages a minute per member, files via media/upload.
 */
export class WecomAdapter implements Adapter {
  readonly name = 'wecom';
  readonly api: WecomApi;
  private readonly crypto: WecomCrypto;
  private server?: http.Server;
  private readonly seen = new BoundedSet(20_000);
  private readonly guided: OncePer;
  private readonly inflight: Inflight;
  private readonly queue: SendQueue;
  private readonly rate: RateWindow;
  private readonly aibot?: WecomAiBot;

  constructor(
    private readonly cfg: WecomConfig,
    private readonly log: Logger,
    private readonly opts: WecomAdapterOptions = {},
  ) {
    this.crypto = new WecomCrypto(cfg.token, cfg.encodingAesKey, cfg.corpId);
    this.inflight = new Inflight((err) => log.error({ err: describeError(err) }, 'wecom: handling failed'));
    this.guided = new OncePer(GUIDANCE_MS, opts.now);
    this.api = new WecomApi({
      apiBase: cfg.apiBase,
      corpId: cfg.corpId,
      secret: cfg.secret,
      log,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.now ? { now: opts.now } : {}),
    });
    this.queue = new SendQueue({ gapMs: 0, ...(opts.sleep ? { sleep: opts.sleep } : {}) });
    this.rate = new RateWindow({
      ...(opts.perMember ?? { limit: 30, windowMs: 60_000 }),
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.sleep ? { sleep: opts.sleep } : {}),
    });
    if (cfg.bot) {
      this.aibot = new WecomAiBot({
        token: cfg.bot.token,
        encodingAesKey: cfg.bot.encodingAesKey,
        apiBase: cfg.apiBase,
        log,
        sendViaApp: (o) => this.send(o),
        track: (p) => this.track(p),
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      });
    }
  }

  /** Listens for the callback on WECOM_PORT / WECOM_PATH. */
  async start(core: Core): Promise<void> {
    const server = http.createServer((req, res) => {
      this.onRequest(req, res, core).catch((err: unknown) => {
        this.log.error({ err: describeError(err) }, 'wecom: callback failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'EADDRINUSE' || err.code === 'EACCES'
            ? new WecomConfigError(
                `WECOM_PORT：无法监听端口 ${this.cfg.port}（${err.code === 'EADDRINUSE' ? '已被占用' : '没有权限'}）；请换一个端口，并让反向代理指向它`,
              )
            : err,
        ),
      );
      server.listen(this.cfg.port, this.opts.host, () => resolve());
    });
    this.log.info(
      { port: this.port(), path: this.cfg.path, aiBotPath: this.cfg.bot?.path },
      'wecom: callback listening',
    );
  }

  /** The port the callback listens on (WECOM_PORT=0 picks a free one). */
  port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse, core: Core): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (this.aibot && url.pathname === this.cfg.bot?.path) {
      return this.aibot.handle(req, res, url, () => readBody(req, 1 << 20), core);
    }
    if (url.pathname !== this.cfg.path) return void res.writeHead(404).end();
    const q = (k: string) => url.searchParams.get(k) ?? '';
    const [sig, ts, nonce] = [q('msg_signature'), q('timestamp'), q('nonce')];
    if (req.method === 'GET') {
      const echostr = q('echostr');
      if (!this.crypto.verify(sig, ts, nonce, echostr)) return this.refuse(res, 'URL check');
      const plain = this.openOrNull(echostr);
      if (plain === undefined) return void res.writeHead(400).end();
      this.log.info({}, 'wecom: callback URL verified');
      return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(plain);
    }
    if (req.method !== 'POST') return void res.writeHead(405).end();
    const raw = await readBody(req, 1 << 20);
    if (raw === undefined) return void res.writeHead(413).end();
    const encrypt = parseFlatXml(raw).Encrypt ?? '';
    if (!encrypt || !this.crypto.verify(sig, ts, nonce, encrypt)) return this.refuse(res, 'message');
    const plain = this.openOrNull(encrypt);
    if (plain === undefined) return void res.writeHead(400).end();
    const t = this.translate(parseFlatXml(plain));
    if (t.kind === 'message') {
      // stored in the inbox (fsync) before WeCom hears 200: a kill after the 200 loses nothing, a restart handles it
      try {
        await core.receive?.(t.msg);
      } catch (err) {
        this.seen.delete(t.seenKey);
        this.log.error(
          { err: describeError(err), msgId: t.msg.id },
          'wecom: could not store the message; answering 500 so that WeCom sends it again',
        );
        return void res.writeHead(500).end();
      }
    }
    // answer within WeCom's 5 s (an empty 200), then handle and reply through message/send
    res.writeHead(200, { 'content-type': 'text/plain' }).end('');
    this.track(this.act(t, core));
  }

  private refuse(res: http.ServerResponse, what: string): void {
    this.log.warn({ what }, 'wecom: bad msg_signature, request refused');
    res.writeHead(401).end();
  }

  private openOrNull(encrypt: string): string | undefined {
    try {
      return this.crypto.decrypt(encrypt);
    } catch (err) {
      if (!(err instanceof WecomCryptoError)) throw err;
      this.log.warn({ reason: err.message }, 'wecom: cannot decrypt callback');
      return undefined;
    }
  }

  private track(p: Promise<void>): void {
    this.inflight.track(p);
  }

  /** Resolves when every message received so far has been handled and its replies sent. */
  async idle(): Promise<void> {
    await this.inflight.idle();
    await this.queue.idle();
  }

  /**
   * Reads one decrypted callback message (synchronously, before the 200): a message for the core, 我的ID (answered
   * here), an unsupported kind, or nothing to do (a duplicate, another app's, an event).
   */
  private translate(m: Record<string, string>): Translated {
    const user = m.FromUserName ?? '';
    const type = m.MsgType ?? '';
    // MsgId is a 19-digit number: keep it as a string. Events have none: user + time + event is their key.
    const id =
      m.MsgId || [user, m.CreateTime, m.Event ?? type, m.TaskId, m.EventKey].filter(Boolean).join(':');
    if (this.seen.has(id)) {
      this.log.info({ msgId: id }, 'wecom: duplicate message ignored');
      return { kind: 'ignore' };
    }
    this.seen.add(id);
    if (m.AgentID && m.AgentID !== this.cfg.agentId) {
      this.log.warn({ agentId: m.AgentID }, 'wecom: message for another app ignored');
      return { kind: 'ignore' };
    }
    // a click on a template card's button says its command, as the clicker (stored like any message)
    const click = clickMessage(m);
    if (click) return { kind: 'message', msg: click, seenKey: id };
    if (!user || type === 'event') return { kind: 'ignore' };
    const to = { platform: 'wecom' as const, chatId: user, userId: user };
    // a 自建应用 only gets direct messages
    const base: IncomingMessage = {
      platform: 'wecom',
      id,
      chatId: user,
      chatType: 'direct',
      sender: { id: user },
      text: '',
      mentionsBot: true,
      at: new Date(Number(m.CreateTime ?? 0) * 1000 || Date.now()),
    };
    if (type === 'text') {
      const text = (m.Content ?? '').trim();
      if (MY_ID.test(text)) return { kind: 'my-id', to, user };
      return { kind: 'message', msg: { ...base, text }, seenKey: id };
    }
    // an image or file is evidence (佐证材料): the core decides whether to keep it, and downloads it (media/get) then
    const mediaId = m.MediaId;
    if (KINDS[type] && mediaId) {
      return {
        kind: 'message',
        msg: {
          ...base,
          attachments: [
            {
              kind: type === 'image' ? 'image' : 'file',
              ...(m.FileName ? { name: m.FileName } : {}),
              key: mediaId,
              download: async () => (await this.api.getMedia(mediaId)).bytes,
            },
          ],
        },
        seenKey: id,
      };
    }
    return { kind: 'unsupported', to, user };
  }

  /** Does what a translated message asks, after the 200: the core's answer, 我的ID, or the guidance. */
  private async act(t: Translated, core: Core): Promise<void> {
    if (t.kind === 'ignore') return;
    if (t.kind === 'my-id') {
      await this.send({
        to: t.to,
        text: `您的企业微信ID：wecom:${t.user}\n请把下面这行发给管理员完成绑定：\n绑定 单位名称 wecom:${t.user} 姓名`,
      });
      return;
    }
    if (t.kind === 'message') {
      for (const o of await core.handle(t.msg)) await this.send(o).catch(() => {});
      return;
    }
    if (this.guided.take(t.user)) await this.send({ to: t.to, text: UNSUPPORTED });
  }

  /**
   * Sends one message to a member (userId, or the chatId of a direct chat): text split at 2,048 bytes with each
   * part retried on its own, files uploaded then sent as msgtype file. Rejects when a part could not be sent.
   */
  async send(o: Outgoing): Promise<void> {
    // the answer to an AI bot message goes back where it was asked, through its response_url, while it works
    if (this.aibot?.takes(o)) return this.aibot.answer(o);
    // otherwise through the app, to a person: an AI bot group's asker (the app cannot post into a group)
    const aibotGroup = o.to.replyTo?.startsWith('aibot:') && !o.to.userId && o.to.mention;
    const touser = o.to.userId ?? (aibotGroup ? (o.to.mention as string) : o.to.chatId);
    const bodies: Record<string, unknown>[] = [];
    const text = o.text;
    for (const part of text ? splitBytes(text, WECOM_TEXT_BYTES) : []) {
      bodies.push({ msgtype: 'text', text: { content: part } });
    }
    // buttons (admin commands, review) follow the text as a 按钮交互型 template card
    const card =
      'buttons' in o && o.buttons?.length && text ? buttonCard(text, o.buttons, newTaskId()) : undefined;
    if (card) bodies.push(card);
    const file = 'file' in o ? o.file : undefined;
    const jobs = bodies.map((b) => this.queue.run(touser, () => this.deliver(touser, () => b)));
    if (file) {
      let mediaId: string | undefined; // uploaded once, even when the send is retried
      jobs.push(
        this.queue.run(touser, () =>
          this.deliver(touser, async () => {
            mediaId ??= await this.api.uploadFile(file.name, file.bytes);
            return { msgtype: 'file', file: { media_id: mediaId } };
          }),
        ),
      );
    }
    const results = await Promise.allSettled(jobs);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  private async deliver(
    touser: string,
    body: () => Promise<Record<string, unknown>> | Record<string, unknown>,
  ) {
    await this.rate.take(touser);
    await withRetry(
      async () => {
        const res = await this.api.sendMessage({
          touser,
          agentid: Number(this.cfg.agentId),
          ...(await body()),
        });
        if (res.invaliduser) {
          this.log.warn({ touser, invaliduser: res.invaliduser }, 'wecom: not delivered to these userids');
        }
      },
      {
        attempts: 3,
        baseMs: this.opts.retryBaseMs ?? 2000,
        classify,
        log: this.log,
        what: 'wecom send',
        ...(this.opts.sleep ? { sleep: this.opts.sleep } : {}),
      },
    );
  }

  /** Stops listening after the work in hand is sent. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((r) => server.close(() => r()));
    await this.idle();
  }
}

function readBody(req: http.IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
