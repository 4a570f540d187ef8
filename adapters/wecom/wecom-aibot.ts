import type http from 'node:http';
import type { Logger } from '../../src/core/logger.js';
import type { Core, IncomingMessage, Outgoing } from '../../src/shared/types.js';
import { BoundedSet } from '../shared/bounded-set.js';
import { MY_ID } from '../shared/my-id.js';
import { utf8Bytes } from '../shared/split-bytes.js';
import { describeError } from '../shared/with-retry.js';
import { WecomCrypto, WecomCryptoError } from './wecom-crypto.js';

/** What the AI bot callback needs from the app adapter. */
export interface AiBotDeps {
  token: string;
  encodingAesKey: string;
  /** Only response_urls on this origin are called (the WeCom API; a local fake in tests). */
  apiBase: string;
  log: Logger;
  /** Sends through the 自建应用 (files, and anything for another chat): the AI bot can only answer. */
  sendViaApp: (o: Outgoing) => Promise<void>;
  track: (p: Promise<void>) => void;
  fetch?: typeof fetch;
}

/** The shape of a decrypted AI bot callback (the fields used). */
interface AiBotMessage {
  msgid?: string;
  chatid?: string;
  chattype?: 'single' | 'group';
  from?: { userid?: string };
  response_url?: string;
  msgtype?: string;
  text?: { content?: string };
  quote?: { msgtype?: string; text?: { content?: string } };
}

/** How long a response_url can be used (WeCom: an hour), with a margin. */
const RESPONSE_URL_MS = 55 * 60_000;

/** A markdown reply through response_url is one message: keep it under this many bytes. */
const MAX_REPLY_BYTES = 20_000;

/**
 * The 智能机器人 (AI bot) callback: the way a WeCom bot hears @-mentions in groups. JSON `{encrypt}` signed and
 * encrypted like the app's callback but with an empty receive id; the decrypted message is handed to the core as
 * `wecom:<userid>` (the same identity as the app), and the answer goes back as one markdown message POSTed to the
 * message's response_url. Files cannot go that way: they are sent to the asker through the app.
 */
export class WecomAiBot {
  private readonly crypto: WecomCrypto;
  private readonly seen = new BoundedSet(20_000);

  constructor(private readonly d: AiBotDeps) {
    this.crypto = new WecomCrypto(d.token, d.encodingAesKey, '');
  }

  /** Answers the URL check (GET) or takes a message (POST). */
  async handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    body: () => Promise<string | undefined>,
    core: Core,
  ) {
    const q = (k: string) => url.searchParams.get(k) ?? '';
    const [sig, ts, nonce] = [q('msg_signature'), q('timestamp'), q('nonce')];
    if (req.method === 'GET') {
      const echostr = q('echostr');
      const plain = this.crypto.verify(sig, ts, nonce, echostr) ? this.open(echostr) : undefined;
      if (plain === undefined) return void res.writeHead(401).end();
      return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(plain);
    }
    if (req.method !== 'POST') return void res.writeHead(405).end();
    let encrypt = '';
    try {
      encrypt = String((JSON.parse((await body()) ?? '') as { encrypt?: unknown }).encrypt ?? '');
    } catch {
      return void res.writeHead(400).end();
    }
    if (!encrypt || !this.crypto.verify(sig, ts, nonce, encrypt)) {
      this.d.log.warn({ what: 'ai bot message' }, 'wecom: bad msg_signature, request refused');
      return void res.writeHead(401).end();
    }
    const plain = this.open(encrypt);
    let m: AiBotMessage;
    try {
      m = JSON.parse(plain ?? '') as AiBotMessage;
    } catch {
      return void res.writeHead(400).end();
    }
    const msg = this.translate(m);
    if (msg) {
      // stored in the inbox before the 200, as the app's messages are: a kill after it loses nothing
      try {
        await core.receive?.(msg);
      } catch (err) {
        this.seen.delete(m.msgid ?? '');
        this.d.log.error(
          { err: describeError(err), msgId: msg.id },
          'wecom: could not store the AI bot message; answering 500 so that WeCom sends it again',
        );
        return void res.writeHead(500).end();
      }
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('');
    this.d.track(this.onMessage(m, msg, core));
  }

  /**
   * True when a message is the answer to an AI bot message whose response_url is still unused: the running bot
   * queues answers in its outbox, and the app adapter hands them back here to go where the question was asked.
   */
  takes(o: Outgoing): boolean {
    const url = o.to.replyTo ? this.responseUrls.get(o.to.replyTo) : undefined;
    return url !== undefined && !('file' in o) && Date.now() - url.at < RESPONSE_URL_MS;
  }

  /** Sends such an answer through its response_url (once); rejects when WeCom refused it. */
  async answer(o: Outgoing): Promise<void> {
    const key = o.to.replyTo ?? '';
    const url = this.responseUrls.get(key);
    this.responseUrls.delete(key);
    if (!url || 'file' in o) throw new Error('no response_url for this answer');
    if (!(await this.respond(url.url, [o.text]))) throw new Error('the AI bot reply was refused');
  }

  /** The message for the core, or undefined when there is nothing to hand over (a duplicate, not text, 我的ID). */
  private translate(m: AiBotMessage): IncomingMessage | undefined {
    const user = m.from?.userid ?? '';
    if (!m.msgid || !user || this.seen.has(m.msgid) || m.msgtype !== 'text') return undefined;
    const text = (m.text?.content ?? '').replace(/^(?:\s*@\S+[\s\u2005\u3000]+)+/, '').trim();
    if (MY_ID.test(text)) return undefined;
    const group = m.chattype === 'group';
    const quoted = m.quote?.msgtype === 'text' ? m.quote.text?.content : undefined;
    const id = `aibot:${m.msgid}`;
    if (m.response_url) this.remember(id, m.response_url);
    return {
      platform: 'wecom',
      id,
      chatId: group ? (m.chatid ?? user) : user,
      chatType: group ? 'group' : 'direct',
      sender: { id: user },
      text,
      mentionsBot: true,
      at: new Date(),
      ...(quoted ? { quote: { text: quoted } } : {}),
    };
  }

  private remember(id: string, url: string): void {
    this.responseUrls.set(id, { url, at: Date.now() });
    // a bounded memory: response_urls work for an hour, and only once
    if (this.responseUrls.size > 5000) {
      const oldest = this.responseUrls.keys().next().value;
      if (oldest !== undefined) this.responseUrls.delete(oldest);
    }
  }

  // response_url of each AI bot message not answered yet, by the core's message id (aibot:<msgid>)
  private readonly responseUrls = new Map<string, { url: string; at: number }>();

  private open(encrypt: string): string | undefined {
    try {
      return this.crypto.decrypt(encrypt);
    } catch (err) {
      if (!(err instanceof WecomCryptoError)) throw err;
      this.d.log.warn({ reason: err.message }, 'wecom: cannot decrypt an AI bot callback');
      return undefined;
    }
  }

  private async onMessage(m: AiBotMessage, msg: IncomingMessage | undefined, core: Core): Promise<void> {
    const user = m.from?.userid ?? '';
    if (!m.msgid || !user) return;
    if (!msg) {
      // not for the core: a duplicate, another kind of message, or 我的ID
      if (this.seen.has(m.msgid)) return;
      this.seen.add(m.msgid);
      const reply = (lines: string[]) => void this.respond(m.response_url, lines);
      if (m.msgtype !== 'text') return reply(['只支持文字消息，请直接输入问题或汇报，例如：任务14谁负责']);
      return reply([`您的企业微信ID：wecom:${user}`, `绑定 单位名称 wecom:${user} 姓名`]);
    }
    this.seen.add(m.msgid);
    const chatId = msg.chatId;
    const lines: string[] = [];
    for (const o of await core.handle(msg)) {
      const here = o.to.platform === 'wecom' && o.to.chatId === chatId && !o.to.userId;
      if (here && !('file' in o)) {
        lines.push(o.text);
        continue;
      }
      // a file, or a message for someone else: through the app, to a person (a group id is not a member)
      let out: Outgoing = o;
      if (here && 'file' in o) {
        out = { to: { platform: 'wecom', chatId: user, userId: user }, file: o.file };
        lines.push(`${o.text ?? ''}\n（文件已通过应用消息发给您）`.trim());
      }
      await this.d
        .sendViaApp(out)
        .catch((err: unknown) =>
          this.d.log.error({ err: describeError(err) }, 'wecom: sending through the app failed'),
        );
    }
    // the answers a core gives back at once (in-process); a running bot's come through the outbox and `answer`
    if (lines.length) {
      this.responseUrls.delete(msg.id);
      await this.respond(m.response_url, lines);
    }
  }

  /** POSTs one markdown message to the message's response_url (it works once, for an hour); false when refused. */
  private async respond(responseUrl: string | undefined, lines: string[]): Promise<boolean> {
    if (!responseUrl || new URL(responseUrl).origin !== new URL(this.d.apiBase).origin) {
      this.d.log.warn({}, 'wecom: AI bot message without a usable response_url; not answered');
      return false;
    }
    let content = lines.join('\n\n');
    if (utf8Bytes(content) > MAX_REPLY_BYTES) {
      while (utf8Bytes(content) > MAX_REPLY_BYTES - 60)
        content = content.slice(0, Math.floor(content.length * 0.9));
      content += '\n\n（内容较长，已截断；完整内容请私信应用查询）';
    }
    try {
      const res = await (this.d.fetch ?? fetch)(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }),
      });
      const body = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
      if (!res.ok || (body.errcode ?? 0) !== 0) {
        this.d.log.error({ status: res.status, errcode: body.errcode }, 'wecom: AI bot reply refused');
        return false;
      }
      return true;
    } catch (err) {
      this.d.log.error({ err: describeError(err) }, 'wecom: AI bot reply failed');
      return false;
    }
  }
}
