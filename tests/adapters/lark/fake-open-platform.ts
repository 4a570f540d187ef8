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

/**
 * A stand-in for the Lark open platform on 127.0.0.1: tenant token, bot info, message create and reply, file
 * upload. It records every request and can be told to fail the next calls to a path.
 */
export class FakeOpenPlatform {
  readonly requests: Recorded[] = [];
  private readonly failures: Failure[] = [];
  private server?: http.Server;
  private seq = 0;
  botOpenId = 'ou_bot_plan';

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
    if (opts.ws) this.ws = new FakeWsEndpoint(this.server);
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

  /** Clears what was recorded. */
  reset(): void {
    this.requests.length = 0;
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
    const f = this.failures.find((x) => x.times > 0 && url.pathname.startsWith(x.path));
    if (f) {
      f.times--;
      return send(f.status, f.body, f.headers);
    }
    if (url.pathname === '/open-apis/auth/v3/tenant_access_token/internal') {
      return send(200, { code: 0, msg: 'ok', tenant_access_token: 't-fake-token', expire: 7200 });
    }
    if (url.pathname === '/callback/ws/endpoint') {
      const ws = this.url.replace('http://', 'ws://');
      return send(200, {
        code: 0,
        data: {
          URL: `${ws}/ws?device_id=dev1&service_id=1`,
          ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 },
        },
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
    if (/^\/open-apis\/im\/v1\/messages(?:\/[^/]+\/reply)?$/.test(url.pathname)) {
      return send(200, { code: 0, msg: 'success', data: { message_id: `om_sent_${++this.seq}` } });
    }
    return send(404, { code: 404, msg: 'not found' });
  }
}
