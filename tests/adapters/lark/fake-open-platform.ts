import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeWsEndpoint } from './fake-ws-endpoint.js';

/** One request the fake received. */
export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: string;
  json?: Record<string, unknown>;
}

/** A canned failure for the next calls to a path. */
interface Failure {
  path: string;
  times: number;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A message the fake holds, for im.message.get. */
export interface StoredMessage {
  msg_type: string;
  content: string;
  sender: { id: string; id_type: string; sender_type: string };
  chat_id?: string;
}

/** The real API's error answer: HTTP 400 with {code, msg} (most failures are not HTTP 200). */
const notFound = (what: string) => ({ status: 400, body: { code: 230001, msg: `invalid ${what}` } });

/**
 * A stand-in for the Lark open platform on 127.0.0.1: tenant token, bot info, message create, reply and get,
 * message resources, chat info, file upload. It records every request, keeps what the bot sent (so a reply to it
 * can be fetched), answers unknown ids with HTTP 400 as the real API does, and can be told to fail the next calls
 * to a path.
 */
export class FakeOpenPlatform {
  readonly requests: Recorded[] = [];
  private readonly failures: Failure[] = [];
  private server?: http.Server;
  private seq = 0;
  private readonly byUuid = new Map<string, string>();
  botOpenId = 'ou_bot_plan';
  /** The app id the bot's own messages are sent as (im.message.get's sender.id). */
  appId = 'cli_a1b2c3d4e5f60718';
  /** Messages by id: the bot's sends are added as they happen; tests add users' messages. */
  readonly messages = new Map<string, StoredMessage>();
  /** Bytes of message resources, by file key. */
  readonly resources = new Map<string, Buffer>();
  /** Contact names, by open_id (contact.v3.user.get). */
  readonly users = new Map<string, string>();
  /** When true, the contact API refuses as for an app without contact:user.base:readonly. */
  contactDenied = false;
  /** Chat modes (p2p or group), by chat id. */
  readonly chats = new Map<string, 'p2p' | 'group'>();
  /** Tokens handed out so far (each fetch gets a new one). */
  tokensIssued = 0;
  /** Tokens the platform no longer accepts: calls with them get HTTP 400 code 99991663. */
  readonly revoked = new Set<string>();
  /** Long-connection settings the endpoint hands out (ClientConfig). */
  wsConfig = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 };
  /** When set, /callback/ws/endpoint refuses with this code (1 = a non-retryable refusal, as for a deleted app). */
  endpointRefusal?: number;

  /** Base URL for LARK_DOMAIN. */
  url = '';

  /** The long-connection endpoint, when started with `ws: true`. */
  ws?: FakeWsEndpoint;

  async start(opts: { ws?: boolean } = {}): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    if (opts.ws) this.ws = new FakeWsEndpoint(this.server, () => this.wsConfig);
    return this;
  }

  /** Makes the next `times` calls to `path` fail with this status and body. */
  fail(path: string, times: number, status: number, body: unknown, headers?: Record<string, string>): void {
    this.failures.push({ path, times, status, body, ...(headers ? { headers } : {}) });
  }

  /** Requests to paths that send messages (create or reply), with their JSON bodies. */
  sent(): Recorded[] {
    return this.requests.filter((r) => r.method === 'POST' && /\/open-apis\/im\/v1\/messages/.test(r.path));
  }

  /** The messages users see: sent requests, those repeating a uuid (Lark dedupes them for an hour) counted once. */
  delivered(): Recorded[] {
    const seen = new Set<string>();
    return this.sent().filter((r) => {
      const uuid = typeof r.json?.uuid === 'string' ? r.json.uuid : undefined;
      if (!uuid) return true;
      if (seen.has(uuid)) return false;
      seen.add(uuid);
      return true;
    });
  }

  /** Clears what was recorded, and failures not yet used up. */
  reset(): void {
    this.requests.length = 0;
    this.failures.length = 0;
  }

  async stop(): Promise<void> {
    this.ws?.close();
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
    const url = new URL(req.url ?? '/', 'http://x');
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      ...(json ? { json } : {}),
    });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (bearer && this.revoked.has(bearer)) {
      return send(400, {
        code: 99991663,
        msg: 'Invalid access token for authorization. Please make a request with token attached.',
      });
    }
    const f = this.failures.find((x) => x.times > 0 && url.pathname.startsWith(x.path));
    if (f) {
      f.times--;
      // status 0: the connection is cut without an answer (a network error)
      if (f.status === 0) return req.socket.destroy();
      return send(f.status, f.body, f.headers);
    }
    if (url.pathname === '/open-apis/auth/v3/tenant_access_token/internal') {
      this.tokensIssued++;
      const token = this.tokensIssued === 1 ? 't-fake-token' : `t-fake-token-${this.tokensIssued}`;
      return send(200, { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 });
    }
    if (url.pathname === '/callback/ws/endpoint') {
      if (this.endpointRefusal !== undefined) {
        return send(200, { code: this.endpointRefusal, msg: 'app not allowed to connect', data: {} });
      }
      const ws = this.url.replace('http://', 'ws://');
      return send(200, {
        code: 0,
        data: { URL: `${ws}/ws?device_id=dev1&service_id=1`, ClientConfig: this.wsConfig },
      });
    }
    if (url.pathname === '/open-apis/bot/v3/info') {
      return send(200, {
        code: 0,
        msg: 'ok',
        bot: { open_id: this.botOpenId, app_name: 'plan-bot', activate_status: 2 },
      });
    }
    if (url.pathname === '/open-apis/im/v1/files') {
      return send(200, { code: 0, msg: 'ok', data: { file_key: `file_v3_${++this.seq}` } });
    }
    const resource = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/.exec(url.pathname);
    if (resource && req.method === 'GET') {
      const bytes = this.resources.get(decodeURIComponent(resource[2] ?? ''));
      if (!bytes || !url.searchParams.get('type')) {
        const e = notFound('file_key');
        return send(e.status, e.body);
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return res.end(bytes);
    }
    const get = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(url.pathname);
    if (get && req.method === 'GET') {
      const id = decodeURIComponent(get[1] ?? '');
      const m = this.messages.get(id);
      if (!m) {
        const e = notFound('message_id');
        return send(e.status, e.body);
      }
      return send(200, {
        code: 0,
        msg: 'success',
        data: {
          items: [
            {
              message_id: id,
              msg_type: m.msg_type,
              body: { content: m.content },
              sender: m.sender,
              chat_id: m.chat_id,
            },
          ],
        },
      });
    }
    const user = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(url.pathname);
    if (user && req.method === 'GET') {
      if (this.contactDenied)
        return send(400, {
          code: 99991672,
          msg: 'Access denied. One of the following scopes is required: [contact:user.base:readonly]',
        });
      const name = this.users.get(decodeURIComponent(user[1] ?? ''));
      if (!name) return send(400, { code: 41050, msg: 'no user authority error' });
      return send(200, { code: 0, msg: 'success', data: { user: { open_id: user[1], name } } });
    }
    const chat = /^\/open-apis\/im\/v1\/chats\/([^/]+)$/.exec(url.pathname);
    if (chat && req.method === 'GET') {
      const mode = this.chats.get(decodeURIComponent(chat[1] ?? ''));
      if (!mode) {
        const e = notFound('chat_id');
        return send(e.status, e.body);
      }
      return send(200, { code: 0, msg: 'success', data: { chat_mode: mode, name: 'chat' } });
    }
    const replyTo = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(url.pathname)?.[1];
    if (replyTo && req.method === 'POST' && !decodeURIComponent(replyTo).startsWith('om_')) {
      // a reply to something that is not a message id (Lark's message ids start with om_)
      const e = notFound('message_id');
      return send(e.status, e.body);
    }
    if (/^\/open-apis\/im\/v1\/messages(?:\/[^/]+\/reply)?$/.test(url.pathname) && req.method === 'POST') {
      // a repeated uuid is the same message (Lark: at most one success per uuid within an hour)
      const uuid = typeof json?.uuid === 'string' ? json.uuid : undefined;
      const again = uuid && this.byUuid.get(uuid);
      if (again) return send(200, { code: 0, msg: 'success', data: { message_id: again } });
      const id = `om_sent_${++this.seq}`;
      if (uuid) this.byUuid.set(uuid, id);
      if (json && typeof json.msg_type === 'string' && typeof json.content === 'string') {
        this.messages.set(id, {
          msg_type: json.msg_type,
          content: json.content,
          sender: { id: this.appId, id_type: 'app_id', sender_type: 'app' },
        });
      }
      return send(200, { code: 0, msg: 'success', data: { message_id: id } });
    }
    return send(404, { code: 404, msg: 'not found' });
  }
}
