// biome-ignore-all lint/performance/useDomNodeTextContent: the tests read the text as rendered (line breaks in cells)
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekStart } from '../../src/checkins/weeks.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { projectRoot } from '../../src/project-root.js';
import { FileStore } from '../../src/store/file-store.js';
import { mintLoginLink } from '../../src/web/auth/login-link.js';
import { seal, TokenKeys } from '../../src/web/auth/sealed-token.js';
import { loadWebSecret } from '../../src/web/auth/web-secret.js';
import { startWebServer } from '../../src/web/web-server.js';
import { runCli } from '../cli/run-cli.js';
import { type BotProcess, startBotProcess } from '../helpers/bot-process.js';
import { ADMIN, buildScenario, LEADER } from '../web/scenario.js';
import { haveChromium, launchChromium } from './chromium.js';
import { buildDocsScenario } from './docs-scenario.js';

// evaluated in the page (the project compiles without the DOM library)
declare const getComputedStyle: (e: unknown) => { backgroundColor: string; textDecorationLine: string };
type Shown = { innerText: string };

/** Screenshots of every page, phone and desktop: look at them (git-ignored). */
const SHOTS = path.join(projectRoot(), 'tests/artifacts/web');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Background colours of the three lights (web-css.ts). */
const BG = { 绿: 'rgb(198, 239, 206)', 黄: 'rgb(255, 235, 156)', 红: 'rgb(255, 199, 206)' } as const;

/**
 * The ledger of the replayed scenario, worked out by hand from the rules (README › status per task): rostered units
 * are 教育局, 财政局, 人社局, 文旅局; 序时进度 is 8–11% in these weeks, so only statuses, silence and missing reports
 * colour the cells.
 */
const EXPECTED: Record<number, string[]> = {
  1: ['红 —', '红 —', '红 —', '红 —'], // nobody ever reported
  7: ['绿 10%', '黄 15%', '黄 15%', '红 15%'], // 10%; 滞后; still 滞后 and silent; 受阻
  10: ['黄 25%', '绿 40%', '黄 43%', '黄 43%'], // 人社局 silent; all 40; 人社局 50 (late), others silent
  14: ['黄 65%', '黄 65%', '黄 65%', '黄 65%'], // 65 corrects 60; the W24 70% was withdrawn
  19: ['绿 100%', '黄 100%', '黄 100%', '黄 100%'], // finished, then silent
};

describe.skipIf(!haveChromium())('the web view in a real browser (Debian chromium)', () => {
  let dataDir: string;
  let bot: BotProcess;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  const env = () => ({
    PLAN_BOT_WEB_PORT: new URL(base).port,
    PLAN_BOT_ADMINS: ADMIN,
    PLAN_BOT_LEADERS: LEADER,
  });
  const link = async (flag: '--admin' | '--leader', who: string) => {
    const r = await runCli(['web-link', flag, who, '--data', dataDir], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.trim();
  };
  const shoot = async (name: string) => {
    for (const [size, vp] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      await page.setViewportSize(vp);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${size}.png`), fullPage: true });
    }
    await page.setViewportSize(PHONE);
    // what a leader sees first on a phone, without scrolling
    await page.screenshot({ path: path.join(SHOTS, `${name}-phone-top.png`) });
  };
  const login = async (url: string) => {
    await page.goto(url);
    await page.getByRole('button', { name: '进入看板' }).click();
    await page.waitForLoadState();
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dataDir = await buildScenario();
    const port = await freePort();
    base = `http://127.0.0.1:${port}/`;
    // the real bot process, with only the web view configured: it runs as a service serving it
    bot = startBotProcess(['start', '--data', dataDir], { ...env(), PLAN_BOT_LOG_LEVEL: 'info' });
    await bot.waitFor('web: listening', 'stderr');
    context = await launchChromium();
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    bot?.child.kill('SIGTERM');
    await bot?.exited;
  });

  it('without a session every page is a 401 page in Chinese that says how to get a link', async () => {
    for (const p of [
      '',
      'p/jishan-2021/',
      'p/jishan-2021/ledger',
      'p/jishan-2021/task/7',
      'p/jishan-2021/export.csv',
    ]) {
      const res = await page.goto(base + p);
      expect(res?.status(), p).toBe(401);
      await expect(page.locator('h1').textContent()).resolves.toBe('需要登录');
      await expect(page.locator('body').textContent()).resolves.toContain('发送看板');
    }
    await shoot('401');
  });

  it('logs in through a one-time link and shows the ledger of the replayed scenario', async () => {
    const url = await link('--admin', ADMIN);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login\?t=[\w-]+\.[\w-]+$/);
    expect(url).not.toContain('ou_admin');
    await page.goto(url);
    await shoot('login');
    await page.getByRole('button', { name: '进入看板' }).click();
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).toBe('/p/jishan-2021/');
    const cookie = (await context.cookies()).find((c) => c.name === 'plan_bot_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
    expect((cookie?.expires ?? 0) * 1000 - Date.now()).toBeGreaterThan(7.9 * 3600_000);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^总览/);
    await shoot('overview');

    await page.getByRole('link', { name: '台账' }).first().click();
    await page.waitForLoadState();
    await expect(page.locator('h1').textContent()).resolves.toBe('台账 · 2021-W23 至 2021-W26');
    const rows = await page.$$eval('table.grid tbody tr', (trs) =>
      trs.map((tr) => ({
        task: Number.parseInt(tr.querySelector('th')?.textContent ?? '', 10),
        cells: [...tr.querySelectorAll('td.cell')].map((td) => ({
          text: (td as unknown as Shown).innerText.replace(/\s+/g, ' ').trim(),
          bg: getComputedStyle(td).backgroundColor,
        })),
      })),
    );
    expect(rows).toHaveLength(20);
    for (const [task, want] of Object.entries(EXPECTED)) {
      const row = rows.find((r) => r.task === Number(task));
      expect(
        row?.cells.map((c) => c.text),
        `task ${task}`,
      ).toEqual(want);
      // the colour follows the word in every cell
      for (const c of row?.cells ?? []) expect(c.bg).toBe(BG[c.text.slice(0, 1) as keyof typeof BG]);
    }
    // every task without any report in these weeks is red with no progress
    for (const r of rows.filter((x) => ![7, 10, 14, 19].includes(x.task)))
      expect(r.cells.map((c) => c.text)).toEqual(['红 —', '红 —', '红 —', '红 —']);
    await shoot('ledger');
    // the page as printed (A4 landscape, colours kept, forms hidden)
    await page.setViewportSize({ width: 1200, height: 760 });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(SHOTS, 'ledger-print.png'), fullPage: true });
    await expect(page.locator('form.filters').isVisible()).resolves.toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize(PHONE);

    // a range chosen by the viewer
    await page.selectOption('select[name=from]', '2021-W25');
    await page.getByRole('button', { name: '查看' }).click();
    await page.waitForLoadState();
    await expect(page.locator('h1').textContent()).resolves.toBe('台账 · 2021-W25 至 2021-W26');
    const t7 = await page.$$eval('table.grid tbody tr:nth-child(7) td.cell', (tds) =>
      tds.map((td) => (td as unknown as Shown).innerText.replace(/\s+/g, ' ')),
    );
    expect(t7).toEqual(['黄 15%', '红 15%']);
  });

  it('follows a task page: every unit, each version with its edit or withdrawal, photos shown, files downloadable', async () => {
    await page.goto(`${base}p/jishan-2021/ledger`);
    await page.getByRole('link', { name: '14 推进产教深度融合' }).click();
    await page.waitForLoadState();
    await expect(page.locator('h1').textContent()).resolves.toBe('任务14 推进产教深度融合');
    const fin = page.locator('section', { has: page.getByRole('heading', { name: /县财政局/ }) });
    const items = await fin.locator('ul.reports li').allInnerTexts();
    expect(items).toHaveLength(3);
    expect(items[0]).toMatch(/2021-W24[\s\S]*进度 70%[\s\S]*已撤回（2021-06-15 09:02）/);
    // within a week the newest version first: the current 65%, then the 60% it corrected
    expect(items[1]).toMatch(
      /2021-W23[\s\S]*进度 65%[\s\S]*当前有效[\s\S]*座谈会后已签约两家企业[\s\S]*王会计/,
    );
    expect(items[2]).toMatch(/2021-W23[\s\S]*进度 60%[\s\S]*已被更正/);
    await expect(
      fin.locator('li.withdrawn .note').evaluate((e) => getComputedStyle(e).textDecorationLine),
    ).resolves.toBe('line-through');
    // the six other units, the lead first, are listed as silent in these weeks
    const quiet = await page
      .locator('section', { has: page.getByRole('heading', { name: '这段时间没有汇报的单位' }) })
      .locator('li')
      .allInnerTexts();
    expect(quiet.map((q) => q.replace(/（.*$/, ''))).toEqual([
      '县发改局',
      '县教育局',
      '县人社局',
      '县工科局',
      '县自然资源局',
      '县税务局',
    ]);
    expect(quiet[0]).toContain('牵头，未绑定联络员');
    await shoot('task-14');

    await page.goto(`${base}p/jishan-2021/task/7`);
    const img = page.locator('.evidence img');
    await expect(img.evaluate((e) => (e as unknown as { naturalWidth: number }).naturalWidth)).resolves.toBe(
      96,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /资金申请报告\.pdf/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('资金申请报告.pdf');
    expect(
      readFileSync(await download.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await expect(page.locator('body').innerText()).resolves.toContain('受阻');
    await shoot('task-7');
  });

  it('follows a unit page: its tasks, overdue items and the weeks it did not report', async () => {
    await page.goto(`${base}p/jishan-2021/task/10`);
    await page.getByRole('link', { name: '县人社局' }).first().click();
    await page.waitForLoadState();
    await expect(page.locator('h1').textContent()).resolves.toBe('县人社局');
    const text = await page.locator('main').innerText();
    expect(text).toContain('负责13项任务，其中牵头1项');
    // 2026: the plan's 2022年底 has passed and 县人社局 finished none of its tasks
    expect(text).toMatch(/逾期事项[\s\S]*任务2[\s\S]*逾期\d+天/);
    expect(text).toMatch(
      /未报周次[\s\S]*2021-W24 至 2021-W25（2周）：任务2、任务3、任务4、任务6、任务9、任务12、任务13、任务14、任务15、任务16、任务18、任务20\n2021-W23：全部13项任务/,
    );
    await shoot('unit-hr');
    await page.goto(`${base}p/jishan-2021/units`);
    await shoot('units');
  });

  it('downloads the exports of the same filter (CSV and XLSX) through the existing writers', async () => {
    await page.goto(
      `${base}p/jishan-2021/ledger?from=2021-W23&to=2021-W26&unit=${encodeURIComponent('县财政局')}`,
    );
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '导出 CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^plan-bot-2021-W23_2021-W26-\d{8}-\d{6}\.csv$/);
    const text = readFileSync(await csv.path(), 'utf8');
    expect(text.startsWith('\uFEFF周次,单位,任务编号')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(2); // the header and 县财政局's one current record (65%, two versions)
    expect(lines[1]).toMatch(/^2021-W23,县财政局,14,推进产教深度融合,配合,65,正常推进,.*,2,/);
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '导出 XLSX' }).click(),
    ]);
    const bytes = readFileSync(await xlsx.path());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇报记录', '台账', '未报清单', '督办通报']);
  });

  it('refuses a reused link, an expired link, a forged cookie and no cookie', async () => {
    const url = await link('--admin', ADMIN);
    await context.clearCookies();
    await login(url);
    expect(new URL(page.url()).pathname).toBe('/p/jishan-2021/');
    const good = (await context.cookies()).find((c) => c.name === 'plan_bot_session')?.value as string;

    // reused: the page says so, and a direct POST is refused too
    await context.clearCookies();
    const again = await page.goto(url);
    expect(again?.status()).toBe(401);
    await expect(page.locator('body').innerText()).resolves.toContain('已经使用过');
    await shoot('link-used');
    const token = new URL(url).searchParams.get('t') as string;
    const post = await context.request.post(`${base}login`, { form: { t: token }, maxRedirects: 0 });
    expect(post.status()).toBe(401);

    // expired: made 11 minutes ago with the bot's own key
    const keys = new TokenKeys(loadWebSecret(undefined, dataDir));
    const old = mintLoginLink(keys, { sub: ADMIN, role: 'admin' }, new Date(Date.now() - 11 * 60_000), base);
    const expired = await page.goto(old.url);
    expect(expired?.status()).toBe(401);
    await expect(page.locator('body').innerText()).resolves.toContain('已过期');

    // forged cookies: a changed signature, one sealed with another key, a login token used as a cookie
    const other = new TokenKeys(randomBytes(32));
    const forged = [
      `${good.slice(0, -3)}${good.endsWith('AAA') ? 'BBB' : 'AAA'}`,
      seal(other, 'session', { v: 1, sub: ADMIN, role: 'admin', exp: Date.now() + 3600_000 }),
      mintLoginLink(keys, { sub: ADMIN, role: 'admin' }, new Date(), base).token,
    ];
    for (const value of forged) {
      await context.clearCookies();
      await context.addCookies([{ name: 'plan_bot_session', value, url: base }]);
      const res = await page.goto(`${base}p/jishan-2021/ledger`);
      expect(res?.status()).toBe(401);
    }
    await context.clearCookies();
    expect((await page.goto(`${base}p/jishan-2021/ledger`))?.status()).toBe(401);

    // the genuine cookie still works
    await context.addCookies([{ name: 'plan_bot_session', value: good, url: base }]);
    expect((await page.goto(`${base}p/jishan-2021/ledger`))?.status()).toBe(200);
  });

  it('shows a busier quarter for docs/web.md (every unit reporting, one silent, one delayed, one blocked)', async () => {
    const dir = await buildDocsScenario();
    const keys = new TokenKeys(randomBytes(32));
    const store = await FileStore.open(dir);
    const server = await startWebServer({
      plans: [
        {
          id: 'jishan-2021',
          kb: loadKnowledge(),
          data: () => store.data,
          review: false,
          closeOf: (week: string) => new Date(weekStart(week).getTime() + (4 * 24 + 17) * 3600_000),
        },
      ],
      store,
      dataDir: dir,
      web: { port: 0, host: '127.0.0.1', basePath: '/plan-bot', trustProxy: 'loopback', leaders: [] },
      keys,
      people: () => ({ admins: [{ platform: 'lark', id: 'ou_admin' }], leaders: [] }),
      clock: { now: () => new Date('2021-08-27T18:00:00+08:00') },
      log: { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} },
    });
    try {
      const there = `http://127.0.0.1:${server.port}/plan-bot/`;
      await login(
        mintLoginLink(keys, { sub: ADMIN, role: 'admin' }, new Date('2021-08-27T18:00:00+08:00'), there).url,
      );
      await page.goto(`${there}p/jishan-2021/ledger`);
      const t16 = await page.$$eval('table.grid tbody tr:nth-child(16) td.cell', (tds) =>
        tds.map((td) => (td as unknown as Shown).innerText.replace(/\s+/g, ' ')),
      );
      expect(t16.slice(-3)).toEqual([
        expect.stringMatching(/^绿/),
        expect.stringMatching(/^红/),
        expect.stringMatching(/^红/),
      ]);
      await page.setViewportSize({ width: 1280, height: 860 });
      await page.screenshot({ path: path.join(SHOTS, 'docs-ledger.png') });
      await shoot('docs-overview-ledger');
      await page.goto(`${there}p/jishan-2021/`);
      const overview = await page.locator('main').innerText();
      expect(overview).toMatch(
        /1\s*项 红灯[\s\S]*3\s*项 黄灯[\s\S]*16\s*项 绿灯[\s\S]*95%\s*本周汇报率（59\/62项次）/,
      );
      expect(overview).toMatch(/尚未汇报：县税务局\n/);
      expect(overview).toContain('已全部汇报：13个单位');
      // red and yellow first
      const order = await page.locator('ul.tasklist li > a').allInnerTexts();
      expect(order.slice(0, 4).map((t) => Number.parseInt(t, 10))).toEqual([16, 14, 15, 20]);
      await shoot('docs-overview');
    } finally {
      await server.close();
      await store.close();
    }
  });

  it('gives a leader a view-only session: pages yes, exports no', async () => {
    await context.clearCookies();
    await login(await link('--leader', LEADER));
    await expect(page.locator('header .who').innerText()).resolves.toContain('领导（只读）');
    await page.goto(`${base}p/jishan-2021/ledger`);
    await expect(page.getByRole('link', { name: '导出 CSV' }).count()).resolves.toBe(0);
    const res = await page.goto(`${base}p/jishan-2021/export.csv`);
    expect(res?.status()).toBe(403);
    await page.goto(`${base}`);
    await shoot('plans');
  });
});

if (!haveChromium())
  console.warn('web browser tests skipped: /usr/bin/chromium is missing (apt-get install -y chromium)');
