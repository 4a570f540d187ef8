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
 * A stand-in for qyapi.weixin.qq.com on 127.0.0.1: gettoken, message/send (text, file, template_card),
 * message/update_template_card, media/upload (multipart, part `media`), media/get. It answers HTTP 200 with errcode like the real API, can expire a token (42001) and can be
 * told to fail the next sends.
 */
export class FakeWecomApi {
  readonly requests: WecomRecorded[] = [];
  readonly uploads: { mediaId: string; part: FormPart }[] = [];
  /** Files users "sent", served by media/get. */
  readonly media = new Map<string, { name: string; bytes: Buffer }>();
  private readonly valid = new Set<string>();
  private readonly usedResponseCodes = new Set<string>();
  /** Markdown replies the AI bot POSTed to a response_url. */
  readonly botReplies: { code: string; body: Record<string, unknown> }[] = [];
  private sendFailures: (number | null)[] = [];
  private readonly taskIds = new Set<string>();
  /** response_codes that may still update a card (from sends, and handed out for clicks by clickCode). */
  private readonly responseCodes = new Set<string>();
  /** Bodies of accepted update_template_card calls. */
  readonly cardUpdates: Record<string, unknown>[] = [];
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

  /** Texts accepted by message/send, in order. */
  texts(): string[] {
    return this.sent()
      .filter((m) => m.msgtype === 'text')
      .map((m) => (m.text as { content: string }).content);
  }

  /** Template cards accepted by message/send, in order. */
  cards(): Record<string, unknown>[] {
    return this.sent()
      .filter((m) => m.msgtype === 'template_card')
      .map((m) => m.template_card as Record<string, unknown>);
  }

  /** A response_code as WeCom puts one in the callback of a click (usable once to update that card). */
  clickCode(): string {
    const code = `rc-click-${++this.seq}`;
    this.responseCodes.add(code);
    return code;
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
      if (m.msgtype === 'text') {
        const content = String((m.text as { content?: string } | undefined)?.content ?? '');
        if (Buffer.byteLength(content) > 2048)
          return answer({ errcode: 44004, errmsg: 'content size out of limit' });
      }
      if (m.msgtype === 'template_card') {
        // as the real API checks a 按钮交互型 card: a unique task_id of [0-9a-zA-Z_-@] up to 128 bytes, 1–6 buttons
        // each with text and key
        const card = (m.template_card ?? {}) as Record<string, unknown>;
        const taskId = String(card.task_id ?? '');
        const buttons = (card.button_list ?? []) as { text?: string; key?: string }[];
        if (card.card_type !== 'button_interaction' || !(card.main_title as { title?: string })?.title)
          return answer({ errcode: 40058, errmsg: 'template_card invalid' });
        if (!/^[0-9a-zA-Z_\-@]{1,128}$/.test(taskId) || this.taskIds.has(taskId))
          return answer({ errcode: 42014, errmsg: 'taskid has existed or empty or exceed max len' });
        if (buttons.length < 1 || buttons.length > 6 || buttons.some((b) => !b.text || !b.key))
          return answer({ errcode: 40058, errmsg: 'button_list invalid' });
        this.taskIds.add(taskId);
        rec.ok = true;
        const code = `rc-${++this.seq}`;
        this.responseCodes.add(code);
        return answer({
          errcode: 0,
          errmsg: 'ok',
          invaliduser: '',
          msgid: `msg-${++this.seq}`,
          response_code: code,
        });
      }
      rec.ok = true;
      return answer({ errcode: 0, errmsg: 'ok', invaliduser: '', msgid: `msg-${++this.seq}` });
    }
    if (url.pathname === '/cgi-bin/message/update_template_card' && req.method === 'POST') {
      // each response_code (from the send, or from a click's callback) updates a card once
      const code = String(rec.json?.response_code ?? '');
      if (!this.responseCodes.has(code)) return answer({ errcode: 40008, errmsg: 'invalid response_code' });
      this.responseCodes.delete(code);
      this.cardUpdates.push(rec.json ?? {});
      return answer({ errcode: 0, errmsg: 'ok' });
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
