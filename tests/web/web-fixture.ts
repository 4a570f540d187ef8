import { randomBytes } from 'node:crypto';
import { weekStart } from '../../src/checkins/weeks.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { FileStore } from '../../src/store/file-store.js';
import { mintLoginLink } from '../../src/web/auth/login-link.js';
import { TokenKeys } from '../../src/web/auth/sealed-token.js';
import type { WebPeople, WebRole } from '../../src/web/auth/web-access.js';
import type { WebConfig } from '../../src/web/web-config.js';
import { startWebServer, type WebServer } from '../../src/web/web-server.js';
import { TestClock } from '../helpers/temp-bot.js';
import { ADMIN, LEADER } from './scenario.js';

/** A web view on a real server at 127.0.0.1 over a real file store, with a clock and the people tests can change. */
export interface WebFixture {
  server: WebServer;
  store: FileStore;
  clock: TestClock;
  keys: TokenKeys;
  people: WebPeople;
  /** http://127.0.0.1:port plus the base path, ending in '/'. */
  base: string;
  link(who?: string, role?: WebRole): string;
  /** GET/POST through the real server; never follows redirects. */
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, form: Record<string, string>, headers?: Record<string, string>): Promise<Response>;
  /** Signs in through a fresh link; returns the cookie header value. */
  signIn(who?: string, role?: WebRole): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the web view over a data directory (the store opened and locked as the bot would). */
export async function webFixture(
  dataDir: string,
  opts: {
    web?: Partial<WebConfig>;
    at?: string;
    keys?: TokenKeys;
    loginLimit?: { perClient: number; total: number; windowMs: number };
    review?: boolean;
  } = {},
): Promise<WebFixture> {
  const store = await FileStore.open(dataDir);
  const clock = new TestClock(new Date(opts.at ?? '2021-06-30T10:00:00+08:00'));
  const keys = opts.keys ?? new TokenKeys(randomBytes(32));
  const people: WebPeople = {
    admins: [{ platform: 'lark', id: ADMIN.slice(5) }],
    leaders: [{ platform: 'lark', id: LEADER.slice(5) }],
  };
  const web: WebConfig = {
    port: 0,
    host: '127.0.0.1',
    basePath: '',
    trustProxy: 'loopback',
    leaders: [],
    ...opts.web,
  };
  const server = await startWebServer({
    plans: [
      {
        id: 'jishan-2021',
        kb: loadKnowledge(),
        data: () => store.data,
        review: opts.review ?? false,
        closeOf: (week: string) => new Date(weekStart(week).getTime() + (4 * 24 + 17) * 3600_000),
      },
    ],
    store,
    dataDir,
    web,
    keys,
    people: () => people,
    clock,
    log: { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} },
    ...(opts.loginLimit ? { loginLimit: opts.loginLimit } : {}),
  });
  const origin = `http://127.0.0.1:${server.port}`;
  const base = `${origin}${web.basePath}/`;
  const get = (p: string, headers: Record<string, string> = {}) =>
    fetch(p.startsWith('http') ? p : origin + p, { headers, redirect: 'manual' });
  const post = (p: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(origin + p, {
      method: 'POST',
      body: new URLSearchParams(form),
      headers: { 'sec-fetch-site': 'same-origin', ...headers },
      redirect: 'manual',
    });
  const link = (who = ADMIN, role: WebRole = 'admin') =>
    mintLoginLink(keys, { sub: who, role }, clock.now(), base).url;
  return {
    server,
    store,
    clock,
    keys,
    people,
    base,
    link,
    get,
    post,
    async signIn(who = ADMIN, role: WebRole = 'admin') {
      const t = new URL(link(who, role)).searchParams.get('t') as string;
      const res = await post(`${web.basePath}/login`, { t });
      if (res.status !== 303) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
      return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    },
    async stop() {
      await server.close();
      await store.close();
    },
  };
}
