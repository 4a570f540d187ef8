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
    res.writeHead(200, { 'content-type': 'text/plain' }).end('');
    this.d.track(this.onMessage(m, core));
  }

  private open(encrypt: string): string | undefined {
    try {
      return this.crypto.decrypt(encrypt);
    } catch (err) {
      if (!(err instanceof WecomCryptoError)) throw err;
      this.d.log.warn({ reason: err.message }, 'wecom: cannot decrypt an AI bot callback');
      return undefined;
    }
  }

  private async onMessage(m: AiBotMessage, core: Core): Promise<void> {
    const user = m.from?.userid ?? '';
    if (!m.msgid || !user || this.seen.has(m.msgid)) return;
    this.seen.add(m.msgid);
    const group = m.chattype === 'group';
    const chatId = group ? (m.chatid ?? user) : user;
    const reply = (lines: string[]) => this.respond(m.response_url, lines);
    if (m.msgtype !== 'text') return reply(['只支持文字消息，请直接输入问题或汇报，例如：任务14谁负责']);
    // a group message starts with the @-mention of the bot (and maybe others): the question follows it
    const text = (m.text?.content ?? '').replace(/^(?:\s*@\S+[\s\u2005\u3000]+)+/, '').trim();
    if (MY_ID.test(text)) return reply([`您的企业微信ID：wecom:${user}`, `绑定 单位名称 wecom:${user} 姓名`]);
    const quoted = m.quote?.msgtype === 'text' ? m.quote.text?.content : undefined;
    const msg: IncomingMessage = {
      platform: 'wecom',
      id: `aibot:${m.msgid}`,
      chatId,
      chatType: group ? 'group' : 'direct',
      sender: { id: user },
      text,
      mentionsBot: true,
      at: new Date(),
      ...(quoted ? { quote: { text: quoted } } : {}),
    };
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
    if (lines.length) await reply(lines);
  }

  /** POSTs one markdown message to the message's response_url (it works once, for an hour). */
  private async respond(responseUrl: string | undefined, lines: string[]): Promise<void> {
    if (!responseUrl || new URL(responseUrl).origin !== new URL(this.d.apiBase).origin) {
      this.d.log.warn({}, 'wecom: AI bot message without a usable response_url; not answered');
      return;
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
      }
    } catch (err) {
      this.d.log.error({ err: describeError(err) }, 'wecom: AI bot reply failed');
    }
  }
}
