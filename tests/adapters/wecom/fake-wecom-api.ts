import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received. */
export interface WecomRecorded {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json?: Record<string, unknown>;
}

/** One part of a multipart body. */
export interface FormPart {
  name?: string;
  filename?: string;
  bytes: Buffer;
}

/** Splits a multipart/form-data body into its parts (enough for the adapter's upload). */
export function parseMultipart(body: Buffer, contentType: string): FormPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) return [];
  const parts: FormPart[] = [];
  const sep = Buffer.from(`--${b}`);
  let at = body.indexOf(sep);
  while (at >= 0) {
    const start = at + sep.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(sep, start);
    if (next < 0) break;
    const chunk = body.subarray(start + 2, next - 2); // skip CRLF after the boundary and before the next
    const headEnd = chunk.indexOf('\r\n\r\n');
    const head = chunk.subarray(0, headEnd).toString('utf8');
    const name = /name="([^"]*)"/.exec(head)?.[1];
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    parts.push({
      ...(name !== undefined ? { name } : {}),
      ...(filename !== undefined ? { filename } : {}),
      bytes: chunk.subarray(headEnd + 4),
    });
    at = next;
  }
  return parts;
}

/**
 * What WeCom refuses in a 按钮交互型 template card (message/send, msgtype template_card): a missing main title, a
 * task_id that is not 1–128 bytes of letters, digits and _-@ or was used before, no buttons or more than six,
 * a button without text or with a key longer than 1,024 bytes. Undefined when the card is acceptable.
 */
function templateCardProblem(card: unknown, used: Set<string>): string | undefined {
  const c = card as {
    card_type?: string;
    main_title?: { title?: string };
    task_id?: string;
    button_list?: { text?: string; key?: string; style?: number }[];
  };
  if (c?.card_type !== 'button_interaction') return 'card_type';
  if (!c.main_title?.title) return 'main_title.title';
  if (!c.task_id || !/^[A-Za-z0-9_\-@]{1,128}$/.test(c.task_id) || used.has(c.task_id)) return 'task_id';
  const list = c.button_list ?? [];
  if (list.length === 0 || list.length > 6) return 'button_list';
  for (const b of list) {
    if (!b.text || !b.key || Buffer.byteLength(b.key) > 1024) return 'button';
  }
  used.add(c.task_id);
  return undefined;
}

/**
 * A stand-in for qyapi.weixin.qq.com on 127.0.0.1: gettoken, message/send, media/upload (multipart, part
 * `media`), media/get. It answers HTTP 200 with errcode like the real API, can expire a token (42001) and can be
 * told to fail the next sends.
 */
export class FakeWecomApi {
  readonly requests: WecomRecorded[] = [];
  readonly uploads: { mediaId: string; part: FormPart }[] = [];
  /** Files users "sent", served by media/get. */
  readonly media = new Map<string, { name: string; bytes: Buffer }>();
  private readonly valid = new Set<string>();
  private readonly usedResponseCodes = new Set<string>();
  /** task_ids of the template cards sent: WeCom refuses one used before by the same app. */
  private readonly taskIds = new Set<string>();
  /** Markdown replies the AI bot POSTed to a response_url. */
  readonly botReplies: { code: string; body: Record<string, unknown> }[] = [];
  private sendFailures: (number | null)[] = [];
  private seq = 0;
  private tokens = 0;
  corpId = 'ww-test-corp';
  secret = 'app-secret-xyz';
  url = '';
  private server?: http.Server;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Makes every token issued so far expire (the next call with one gets 42001). */
  expireTokens(): void {
    this.valid.clear();
  }

  /** The next sends answer with these errcodes, in order (null: that one goes through). */
  failSends(...errcodes: (number | null)[]): void {
    this.sendFailures.push(...errcodes);
  }

  /** Bodies of the messages accepted by message/send. */
  sent(): Record<string, unknown>[] {
    return this.requests
      .filter((r) => r.path === '/cgi-bin/message/send' && r.json && (r as { ok?: boolean }).ok)
      .map((r) => r.json as Record<string, unknown>);
  }

  /** Template cards accepted by message/send, in order. */
  cards(): Record<string, unknown>[] {
    return this.sent()
      .filter((m) => m.msgtype === 'template_card')
      .map((m) => m.template_card as Record<string, unknown>);
  }

  /** Texts accepted by message/send, in order. */
  texts(): string[] {
    return this.sent()
      .filter((m) => m.msgtype === 'text')
      .map((m) => (m.text as { content: string }).content);
  }

  count(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) {
    const url = new URL(req.url ?? '/', 'http://x');
    const rec: WecomRecorded & { ok?: boolean } = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
    };
    if (/json/.test(String(req.headers['content-type']))) {
      rec.json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    }
    this.requests.push(rec);
    const answer = (o: Record<string, unknown>) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(o));
    };
    if (url.pathname === '/cgi-bin/gettoken') {
      if (rec.query.corpid !== this.corpId || rec.query.corpsecret !== this.secret) {
        return answer({ errcode: 40001, errmsg: 'invalid credential' });
      }
      const token = `tok-${++this.tokens}`;
      this.valid.add(token);
      return answer({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 });
    }
    if (url.pathname === '/cgi-bin/aibot/response' && req.method === 'POST') {
      // each response_url works once
      const code = rec.query.response_code ?? '';
      if (!code || this.usedResponseCodes.has(code))
        return answer({ errcode: 40008, errmsg: 'invalid response_code' });
      this.usedResponseCodes.add(code);
      this.botReplies.push({ code, body: rec.json ?? {} });
      return answer({ errcode: 0, errmsg: 'ok' });
    }
    const token = rec.query.access_token ?? '';
    if (!token) return answer({ errcode: 41001, errmsg: 'access_token missing' });
    if (!this.valid.has(token)) return answer({ errcode: 42001, errmsg: 'access_token expired' });
    if (url.pathname === '/cgi-bin/message/send' && req.method === 'POST') {
      const code = this.sendFailures.shift();
      if (code !== undefined && code !== null) return answer({ errcode: code, errmsg: 'injected failure' });
      const m = rec.json ?? {};
      if (m.msgtype === 'template_card') {
        const problem = templateCardProblem(m.template_card, this.taskIds);
        if (problem) return answer({ errcode: 40058, errmsg: `invalid template_card: ${problem}` });
      }
      if (m.msgtype === 'text') {
        const content = String((m.text as { content?: string } | undefined)?.content ?? '');
        if (Buffer.byteLength(content) > 2048)
          return answer({ errcode: 44004, errmsg: 'content size out of limit' });
      }
      rec.ok = true;
      return answer({ errcode: 0, errmsg: 'ok', invaliduser: '', msgid: `msg-${++this.seq}` });
    }
    if (url.pathname === '/cgi-bin/media/upload' && req.method === 'POST') {
      if (rec.query.type !== 'file') return answer({ errcode: 40004, errmsg: 'invalid media type' });
      const part = parseMultipart(body, String(req.headers['content-type'] ?? '')).find(
        (p) => p.name === 'media',
      );
      if (!part) return answer({ errcode: 41005, errmsg: 'media data missing' });
      const mediaId = `media-${++this.seq}`;
      this.uploads.push({ mediaId, part });
      return answer({ errcode: 0, errmsg: 'ok', type: 'file', media_id: mediaId, created_at: '1' });
    }
    if (url.pathname === '/cgi-bin/media/get') {
      const f = this.media.get(rec.query.media_id ?? '');
      if (!f) return answer({ errcode: 40007, errmsg: 'invalid media_id' });
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename="${encodeURIComponent(f.name)}"`,
      });
      return void res.end(f.bytes);
    }
    res.writeHead(404).end();
  }
}
