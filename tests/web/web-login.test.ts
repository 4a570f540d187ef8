import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../../src/web/auth/sealed-token.js';
import { issueSession } from '../../src/web/auth/session.js';
import { tempDataDir } from '../helpers/temp-bot.js';
import { ADMIN, buildScenario, LEADER } from './scenario.js';
import { type WebFixture, webFixture } from './web-fixture.js';

const PAGES = [
  '/',
  '/p/jishan-2021/',
  '/p/jishan-2021/ledger',
  '/p/jishan-2021/units',
  '/p/jishan-2021/unit/%E5%8E%BF%E8%B4%A2%E6%94%BF%E5%B1%80',
  '/p/jishan-2021/task/14',
  '/p/jishan-2021/export.csv',
  '/p/nope/',
  '/no/such/page',
];

let scenario: string;
let fx: WebFixture | undefined;
beforeAll(async () => {
  scenario = await buildScenario();
});
afterEach(async () => {
  await fx?.stop();
  fx = undefined;
});

describe('web view: sessions and one-time links (real server on 127.0.0.1, real file store)', () => {
  it('answers every page without a session with the Chinese 401 page, and security headers everywhere', async () => {
    fx = await webFixture(scenario);
    for (const p of PAGES) {
      const res = await fx.get(p);
      expect(res.status, p).toBe(401);
      const body = await res.text();
      expect(body).toContain('需要登录');
      expect(body).toContain('plan-bot web-link --admin');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(body).not.toMatch(/<script|\sstyle="|\son[a-z]+=/i);
    }
    // the stylesheet needs no session and may be kept
    const css = (await (await fx.get('/p/jishan-2021/ledger')).text()).match(/href="(\/assets\/[^"]+)"/)?.[1];
    const res = await fx.get(css as string);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toContain('@media print');
  });

  it('uses a link once: the confirm page, the session cookie, then refused, also after a restart', async () => {
    fx = await webFixture(scenario);
    const url = fx.link();
    expect(url).not.toMatch(/ou_admin|lark/);
    const confirm = await fx.get(url);
    expect(confirm.status).toBe(200);
    // a GET (a link preview, a scanner) uses nothing: the button posts the token
    expect(await confirm.text()).toContain('进入看板');
    const t = new URL(url).searchParams.get('t') as string;
    const res = await fx.post('/login', { t });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/p/jishan-2021/');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(
      /^plan_bot_session=[\w-]+\.[\w-]+; Max-Age=28800; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    const session = cookie.split(';')[0] as string;
    expect((await fx.get('/p/jishan-2021/ledger', { cookie: session })).status).toBe(200);

    const again = await fx.post('/login', { t });
    expect(again.status).toBe(401);
    expect(await again.text()).toContain('已经使用过');
    const dir = scenario;
    await fx.stop();
    fx = await webFixture(dir, { keys: fx.keys });
    const afterRestart = await fx.get(url.replace(/^http:\/\/[^/]+/, fx.base.slice(0, -1)));
    expect(afterRestart.status).toBe(401);
    expect(await afterRestart.text()).toContain('已经使用过');
    expect((await fx.post('/login', { t })).status).toBe(401);
    // the session survives the restart (signed, not stored)
    expect((await fx.get('/p/jishan-2021/', { cookie: session })).status).toBe(200);
  });

  it('expires a link after 10 minutes and a session after 8 hours', async () => {
    fx = await webFixture(scenario);
    const early = new URL(fx.link()).searchParams.get('t') as string;
    const late = new URL(fx.link()).searchParams.get('t') as string;
    fx.clock.set('2021-06-30T10:09:59+08:00');
    const ok = await fx.post('/login', { t: early });
    expect(ok.status).toBe(303);
    fx.clock.set('2021-06-30T10:10:00+08:00');
    const expired = await fx.post('/login', { t: late });
    expect(expired.status).toBe(401);
    expect(await expired.text()).toContain('已过期');
    const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0] as string;
    fx.clock.set('2021-06-30T18:09:58+08:00');
    expect((await fx.get('/', { cookie })).status).toBe(200);
    fx.clock.set('2021-06-30T18:10:00+08:00');
    expect((await fx.get('/', { cookie })).status).toBe(401);
  });

  it('refuses forged, foreign and swapped tokens, and a person no longer in the configuration', async () => {
    fx = await webFixture(scenario);
    const cookie = await fx.signIn();
    const value = cookie.slice('plan_bot_session='.length);
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const forged = [
      flip(value, value.length - 2), // signature
      flip(value, 5), // ciphertext
      'nonsense',
      seal(fx.keys, 'login', { v: 1, sub: ADMIN, role: 'admin', exp: Date.parse('2021-07-01T00:00:00Z') }),
      issueSession(fx.keys, 'lark:ou_someone_else', 'admin', fx.clock.now()),
    ];
    for (const v of forged) expect((await fx.get('/', { cookie: `plan_bot_session=${v}` })).status).toBe(401);
    // a session cookie is not a login link
    expect((await fx.post('/login', { t: value })).status).toBe(401);
    // a link for someone who is neither admin nor leader
    expect((await fx.get(fx.link('lark:ou_someone_else'))).status).toBe(401);
    // removed from the admins: the session ends at once; an admin made a leader keeps only the leader's view
    fx.people.admins = [];
    fx.people.leaders.push({ platform: 'lark', id: 'ou_admin' });
    const res = await fx.get('/p/jishan-2021/export.csv', { cookie });
    expect(res.status).toBe(403);
    fx.people.leaders = [];
    expect((await fx.get('/', { cookie })).status).toBe(401);
  });

  it('gives leaders the pages but not the exports; a leader link is never an admin session', async () => {
    fx = await webFixture(scenario);
    const cookie = await fx.signIn(LEADER, 'leader');
    const ledger = await fx.get('/p/jishan-2021/ledger', { cookie });
    expect(ledger.status).toBe(200);
    const html = await ledger.text();
    expect(html).toContain('领导（只读）');
    expect(html).not.toContain('export.csv');
    expect((await fx.get('/p/jishan-2021/export.csv', { cookie })).status).toBe(403);
    // a leader who asks for an admin link (forged role) gets the leader's view
    const elevated = await fx.signIn(LEADER, 'admin');
    expect((await fx.get('/p/jishan-2021/export.json', { cookie: elevated })).status).toBe(403);
  });

  it('refuses a login posted from another site, and limits the login path per client', async () => {
    fx = await webFixture(scenario, { loginLimit: { perClient: 3, total: 100, windowMs: 60_000 } });
    const t = new URL(fx.link()).searchParams.get('t') as string;
    expect((await fx.post('/login', { t }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(
      (await fx.post('/login', { t }, { 'sec-fetch-site': '', origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect((await fx.get('/login?t=x')).status).toBe(401);
    const limited = await fx.get('/login?t=x');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toContain('登录尝试太多');
    // behind the local proxy each client has its own count
    expect((await fx.get('/login?t=x', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(401);
    fx.clock.set('2021-06-30T10:01:00+08:00');
    expect((await fx.get('/login?t=x')).status).toBe(401);
  });
});

describe('web view behind a reverse proxy at https://<domain>/plan-bot/', () => {
  it('serves under the base path, marks the cookie Secure and sends HSTS when the proxy says https', async () => {
    fx = await webFixture(scenario, { web: { basePath: '/plan-bot' } });
    const proxied = {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'county.example.cn',
      'x-forwarded-for': '198.51.100.7',
    };
    expect((await fx.get('/plan-bot/p/jishan-2021/', proxied)).status).toBe(401);
    expect((await fx.get('/p/jishan-2021/', proxied)).status).toBe(404);
    expect((await fx.get('/plan-bot', proxied)).headers.get('location')).toBe('/plan-bot/');
    const t = new URL(fx.link()).searchParams.get('t') as string;
    expect(fx.link()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/plan-bot\/login\?t=/);
    // the browser's Origin is the public one; the proxy's forwarded host and proto make it ours
    const res = await fx.post(
      '/plan-bot/login',
      { t },
      { ...proxied, 'sec-fetch-site': '', origin: 'https://county.example.cn' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/plan-bot/p/jishan-2021/');
    expect(res.headers.get('set-cookie')).toMatch(/Path=\/plan-bot; HttpOnly; Secure; SameSite=Strict/);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const page = await (await fx.get('/plan-bot/p/jishan-2021/ledger', { ...proxied, cookie })).text();
    const links = [...page.matchAll(/(?:href|action)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(links.length).toBeGreaterThan(20);
    for (const l of links) expect(l.startsWith('/plan-bot/'), l).toBe(true);
  });

  it('believes forwarded headers only from a trusted peer', async () => {
    fx = await webFixture(scenario, { web: { trustProxy: 'none' } });
    const t = new URL(fx.link()).searchParams.get('t') as string;
    const res = await fx.post('/login', { t }, { 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).not.toContain('Secure');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('web view: evidence files', () => {
  it('serves a kept photo inline and a file as a download, and nothing outside evidence/', async () => {
    const dir = tempDataDir();
    const { FileStore } = await import('../../src/store/file-store.js');
    const store = await FileStore.open(dir);
    mkdirSync(path.join(dir, 'evidence', '2021-W23'), { recursive: true });
    writeFileSync(path.join(dir, 'evidence', '2021-W23', 'a.png'), 'png');
    writeFileSync(path.join(dir, 'evidence', '2021-W23', 'b.svg'), '<svg onload="alert(1)"/>');
    writeFileSync(path.join(dir, 'secret.txt'), 'secret');
    symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'evidence', '2021-W23', 'link.png'));
    const ev = (file: string, name: string, kind: 'image' | 'file') => ({
      file,
      name,
      kind,
      bytes: 3,
      at: '2021-06-07T02:00:00.000Z',
      msgId: 'lark:m1',
    });
    store.addCheckins([
      {
        id: 'c1',
        plan: 'jishan-2021',
        unit: '县财政局',
        task: 14,
        week: '2021-W23',
        progress: 60,
        status: 'normal',
        note: '',
        by: { platform: 'lark', id: 'ou_fin1' },
        at: '2021-06-07T02:00:00.000Z',
        late: false,
        msgId: 'lark:m1',
        withdrawn: false,
        evidence: [
          ev('evidence/2021-W23/a.png', '现场.png', 'image'),
          ev('evidence/2021-W23/b.svg', '图.svg', 'image'),
          ev('evidence/../secret.txt', 'x.txt', 'file'),
          ev('plan-bot.db.json', 'db.json', 'file'),
          ev('evidence/2021-W23/link.png', 'link.png', 'image'),
          ev('/etc/passwd', 'passwd', 'file'),
        ],
      },
    ]);
    await store.commit();
    await store.close();
    fx = await webFixture(dir);
    const cookie = await fx.signIn();
    const photo = await fx.get('/p/jishan-2021/evidence/c1/0', { cookie });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(photo.headers.get('content-disposition')).toMatch(
      /^inline; .*filename\*=UTF-8''%E7%8E%B0%E5%9C%BA\.png$/,
    );
    const svg = await fx.get('/p/jishan-2021/evidence/c1/1', { cookie });
    expect(svg.headers.get('content-type')).toBe('application/octet-stream');
    expect(svg.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(svg.headers.get('content-security-policy')).toContain('sandbox');
    for (const n of [2, 3, 4, 5, 6, -1]) {
      const res = await fx.get(`/p/jishan-2021/evidence/c1/${n}`, { cookie });
      expect(res.status, String(n)).toBe(404);
      expect(await res.text()).not.toContain('secret');
    }
    expect((await fx.get('/p/jishan-2021/evidence/c1/0')).status).toBe(401);
  });
});
