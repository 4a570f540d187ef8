import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLoginToken } from '../../src/web/auth/login-link.js';
import { TokenKeys } from '../../src/web/auth/sealed-token.js';
import { loadWebSecret } from '../../src/web/auth/web-secret.js';
import { clientInfo } from '../../src/web/client-info.js';
import { dashboardReply } from '../../src/web/dashboard-link.js';
import { html } from '../../src/web/pages/html.js';
import { missedRuns } from '../../src/web/views/plan-views.js';
import { chooseRange } from '../../src/web/views/week-range.js';
import { loadWebConfig, publicBase } from '../../src/web/web-config.js';
import { TestClock } from '../helpers/temp-bot.js';

describe('web parts', () => {
  it('escapes every interpolation unless it is already HTML', () => {
    const evil = '<script>alert("x")</script>\'&';
    expect(html`<p title="${evil}">${evil}${html`<b>ok</b>`}${[1, null, false, 'a&b']}</p>`.s).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;<b>ok</b>1a&amp;b</p>',
    );
  });

  it('chooses the week range: ending at the last week with data, the viewer’s own, and refusing bad ones', () => {
    const now = new Date('2026-12-01T00:00:00+08:00');
    const data = { first: '2021-W23', last: '2022-W30' };
    expect(chooseRange({}, data, now)).toEqual({ from: '2022-W19', to: '2022-W30' });
    expect(chooseRange({}, { first: '2021-W23', last: '2021-W26' }, now)).toEqual({
      from: '2021-W23',
      to: '2021-W26',
    });
    expect(chooseRange({}, undefined, now)).toEqual({ from: '2026-W38', to: '2026-W49' });
    expect(chooseRange({ from: '2021-W50', to: '2022-W02' }, data, now)).toEqual({
      from: '2021-W50',
      to: '2022-W02',
    });
    expect(chooseRange({ to: '2021-W30' }, data, now)).toEqual({ from: '2021-W23', to: '2021-W30' });
    expect(chooseRange({ from: '2021-W54' }, data, now)).toEqual({
      error: expect.stringContaining('不是有效的周次'),
    });
    expect(chooseRange({ from: '2022-W10', to: '2022-W01' }, data, now)).toEqual({
      error: '起始周2022-W10晚于结束周2022-W01。',
    });
    const t0 = performance.now();
    expect(chooseRange({ from: '1000-W01', to: '9999-W52' }, data, now)).toEqual({
      error: expect.stringContaining('一次最多显示260周'),
    });
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it('folds consecutive weeks that missed the same tasks into one run', () => {
    expect(
      missedRuns([
        { week: '2021-W52', tasks: [1, 2] },
        { week: '2022-W01', tasks: [1, 2] },
        { week: '2022-W02', tasks: [2] },
        { week: '2022-W04', tasks: [2] },
      ]),
    ).toEqual([
      { from: '2022-W04', to: '2022-W04', weeks: 1, tasks: [2] },
      { from: '2022-W02', to: '2022-W02', weeks: 1, tasks: [2] },
      { from: '2021-W52', to: '2022-W01', weeks: 2, tasks: [1, 2] },
    ]);
  });

  it('believes X-Forwarded-* from a proxy on this host only (by default)', () => {
    const h = new Headers({
      host: '127.0.0.1:8080',
      'x-forwarded-for': '10.9.9.9, 203.0.113.5',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'county.example.cn',
    });
    expect(clientInfo('127.0.0.1', h, 'loopback')).toEqual({
      ip: '203.0.113.5',
      proto: 'https',
      host: 'county.example.cn',
    });
    expect(clientInfo('::ffff:127.0.0.1', h, 'loopback').proto).toBe('https');
    expect(clientInfo('192.0.2.1', h, 'loopback')).toEqual({
      ip: '192.0.2.1',
      proto: 'http',
      host: '127.0.0.1:8080',
    });
    expect(clientInfo('192.0.2.1', h, 'all').proto).toBe('https');
    expect(clientInfo('127.0.0.1', h, 'none').ip).toBe('127.0.0.1');
  });

  it('reads the web settings: base path from the public URL, every bad variable listed', () => {
    const web = loadWebConfig({
      PLAN_BOT_WEB_PORT: '8080',
      PLAN_BOT_WEB_URL: 'https://county.example.cn/plan-bot/',
      PLAN_BOT_LEADERS: 'lark:ou_l1, wecom:ZhangWei',
    });
    expect(web).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      basePath: '/plan-bot',
      trustProxy: 'loopback',
    });
    expect(web.leaders).toEqual([
      { platform: 'lark', id: 'ou_l1' },
      { platform: 'wecom', id: 'ZhangWei' },
    ]);
    expect(publicBase(web)).toBe('https://county.example.cn/plan-bot/');
    expect(publicBase(loadWebConfig({ PLAN_BOT_WEB_PORT: '8080', PLAN_BOT_WEB_BASE_PATH: '/pb/' }))).toBe(
      'http://127.0.0.1:8080/pb/',
    );
    expect(() =>
      loadWebConfig({
        PLAN_BOT_WEB_PORT: 'eighty',
        PLAN_BOT_WEB_SECRET: 'short',
        PLAN_BOT_LEADERS: 'ou_x',
        PLAN_BOT_WEB_BASE_PATH: 'plan bot',
      }),
    ).toThrow(
      /PLAN_BOT_WEB_PORT[\s\S]*PLAN_BOT_WEB_BASE_PATH[\s\S]*PLAN_BOT_WEB_SECRET[\s\S]*PLAN_BOT_LEADERS/,
    );
    expect(() =>
      loadWebConfig({
        PLAN_BOT_WEB_PORT: '1',
        PLAN_BOT_WEB_URL: 'https://x.cn/a/',
        PLAN_BOT_WEB_BASE_PATH: '/b',
      }),
    ).toThrow(/must match/);
  });

  it('generates the signing key once, mode 0600, and refuses one others can read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-secret-'));
    const a = loadWebSecret(undefined, dir);
    expect(statSync(path.join(dir, 'web-secret')).mode & 0o777).toBe(0o600);
    expect(loadWebSecret(undefined, dir).equals(a)).toBe(true);
    expect(loadWebSecret('x'.repeat(40), dir).toString()).toBe('x'.repeat(40));
    const open = mkdtempSync(path.join(tmpdir(), 'plan-bot-secret-'));
    writeFileSync(path.join(open, 'web-secret'), 'y'.repeat(64), { mode: 0o644 });
    expect(() => loadWebSecret(undefined, open)).toThrow(/chmod 600/);
  });
});

describe('看板 in chat (the platform-neutral reply the core registers)', () => {
  const keys = new TokenKeys(Buffer.from('k'.repeat(64)));
  const config = loadWebConfig({
    PLAN_BOT_WEB_PORT: '8080',
    PLAN_BOT_WEB_URL: 'https://county.example.cn/plan-bot/',
    PLAN_BOT_LEADERS: 'lark:ou_leader',
  });
  const clock = new TestClock(new Date('2021-06-07T10:00:00+08:00'));
  const ask = (who: string, isAdmin: boolean, chatType: 'direct' | 'group' = 'direct') =>
    dashboardReply({ who, isAdmin, chatType, web: { config, keys }, clock });
  const tokenOf = (text: string) => /login\?t=([\w.-]+)/.exec(text)?.[1] as string;

  it('gives an admin a one-time link valid 10 minutes, a leader a view-only one, and refuses anyone else', () => {
    const admin = ask('lark:ou_admin', true);
    expect(admin.toSender).toContain('https://county.example.cn/plan-bot/login?t=');
    expect(admin.toSender).toContain('10分钟内有效，2021-06-07 10:10前；只能使用一次');
    expect(admin.inChat).toBeUndefined();
    const claims = checkLoginToken(keys, tokenOf(admin.toSender), clock.now());
    expect(claims).toMatchObject({ ok: true, claims: { sub: 'lark:ou_admin', role: 'admin' } });
    const leader = ask('lark:ou_leader', false);
    expect(leader.toSender).toContain('只读，不能导出');
    expect(checkLoginToken(keys, tokenOf(leader.toSender), clock.now())).toMatchObject({
      ok: true,
      claims: { role: 'leader' },
    });
    const other = ask('lark:ou_someone', false);
    expect(other.toSender).toContain('只对管理员和配置中指定的领导开放');
    expect(other.toSender).not.toContain('login');
  });

  it('never puts the link into a group: the group is told it went privately', () => {
    const r = ask('lark:ou_admin', true, 'group');
    expect(r.inChat).toBe('看板登录链接已私信发送给您，请在与我的单聊中查收。');
    expect(r.inChat).not.toContain('http');
    expect(r.toSender).toContain('login?t=');
  });

  it('says how to switch the web view on when it is off', () => {
    expect(
      dashboardReply({ who: 'lark:ou_admin', isAdmin: true, chatType: 'direct', web: undefined, clock })
        .toSender,
    ).toContain('PLAN_BOT_WEB_PORT');
  });
});
