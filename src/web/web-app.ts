import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { compress } from 'hono/compress';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { addWeeks, localDate, weekOf } from '../checkins/weeks.js';
import type { Logger } from '../core/logger.js';
import { selectExport } from '../export/export-data.js';
import { FORMATS, type Format, writeExport } from '../export/run-export.js';
import { taskStatus } from '../export/task-status.js';
import type { Clock } from '../shared/types.js';
import type { Db } from '../store/db-schema.js';
import type { Store } from '../store/store.js';
import { checkLoginToken } from './auth/login-link.js';
import { RateLimit } from './auth/rate-limit.js';
import type { TokenKeys } from './auth/sealed-token.js';
import { issueSession, readSession, SESSION_COOKIE, SESSION_TTL_MS, type Session } from './auth/session.js';
import { effectiveRole, roleOf, type WebPeople } from './auth/web-access.js';
import { type ClientInfo, clientInfo } from './client-info.js';
import { contentDisposition, evidenceFile } from './evidence-file.js';
import type { PageContext } from './pages/layout.js';
import { ledgerPage } from './pages/ledger-page.js';
import { loginConfirmPage, loginRefusedPage, problemPage, unauthorizedPage } from './pages/message-pages.js';
import { overdueState } from './pages/overdue.js';
import { overviewPage } from './pages/overview-page.js';
import { plansPage } from './pages/plans-page.js';
import { taskPage } from './pages/task-page.js';
import { unitPage } from './pages/unit-page.js';
import { unitsPage } from './pages/units-page.js';
import { CSS_FILE, WEB_CSS } from './pages/web-css.js';
import { parseFilter } from './query.js';
import { ledgerGrid } from './views/ledger-grid.js';
import { planRules } from './views/plan-rules.js';
import {
  latestReports,
  overviewView,
  taskLatest,
  taskView,
  taskWeeks,
  unitView,
} from './views/plan-views.js';
import { chooseRange, dataWeeks, weeksBetween } from './views/week-range.js';
import type { WebConfig } from './web-config.js';
import type { WebPlan } from './web-plan.js';

/** What the web view is built from; everything passed in, so that tests control it. */
export interface WebAppDeps {
  plans: WebPlan[];
  /** Records used login links (a link works once, also across restarts). */
  store: Pick<Store, 'claimLoginLink' | 'commit' | 'data'>;
  /** The data directory: evidence files are served from its evidence/ folder only. */
  dataDir: string;
  web: WebConfig;
  keys: TokenKeys;
  /** Admins and leaders, read at each request. */
  people: () => WebPeople;
  clock: Clock;
  log: Logger;
  /** Login path limits: per client and in all, per window (default 30 and 300 per 10 minutes). */
  loginLimit?: { perClient: number; total: number; windowMs: number };
}

/** The later of two week ids. */
const maxWeek = (a: string, b: string) => (a > b ? a : b);

type Env = { Variables: { client: ClientInfo; session: Session } };

/** Content Security Policy: no script at all, styles and images from here only, never framed. */
const CSP =
  "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const TYPES: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

/** The peer address of the connection (undefined outside a real server, e.g. app.request in tests). */
function peerOf(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/**
 * The web view as a hono app: plans index, per plan an overview, the ledger grid, units, a unit and a task page,
 * exports and evidence; one-time-link login; security headers on every response; everything but the stylesheet
 * and the login path answers 401 without a valid session. Mounted under the configured base path.
 */
export function createWebApp(deps: WebAppDeps): Hono<Env> {
  const base = deps.web.basePath;
  const limit = deps.loginLimit ?? { perClient: 30, total: 300, windowMs: 10 * 60_000 };
  const loginLimit = new RateLimit(limit.perClient, limit.total, limit.windowMs);
  const app = new Hono<Env>();
  const r = new Hono<Env>();

  const ctxOf = (c: Context<Env>, plan?: WebPlan): PageContext => ({
    base,
    now: deps.clock.now(),
    ...(c.get('session') ? { session: c.get('session') } : {}),
    ...(plan
      ? { plan: { id: plan.id, title: plan.kb.document.title, docNumber: plan.kb.document.docNumber } }
      : {}),
  });
  const secure = (c: Context<Env>) =>
    c.get('client').proto === 'https' || (deps.web.publicUrl?.startsWith('https:') ?? false);
  const cookieOpts = (c: Context<Env>) => ({
    httpOnly: true,
    secure: secure(c),
    sameSite: 'Strict' as const,
    path: base || '/',
  });

  // pages and the stylesheet gzipped for phones (downloads go as they are)
  app.use('*', compress({ contentTypeFilter: /^text\/(?:html|css)/ }));
  app.use('*', async (c, next) => {
    c.set('client', clientInfo(peerOf(c), c.req.raw.headers, deps.web.trustProxy));
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', h.get('Content-Security-Policy') ?? CSP);
    h.set('Referrer-Policy', 'no-referrer');
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
    if (c.get('client').proto === 'https') h.set('Strict-Transport-Security', 'max-age=15552000');
  });

  // a form post must come from our own pages: Sec-Fetch-Site (Origin is "null" under no-referrer)
  const sameSite = (c: Context<Env>) => {
    const site = c.req.header('sec-fetch-site');
    if (site) return site === 'same-origin' || site === 'none';
    const origin = c.req.header('origin');
    const client = c.get('client');
    return !origin || origin === 'null' || origin === `${client.proto}://${client.host}`;
  };

  r.get(`/assets/${CSS_FILE}`, (c) => {
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(WEB_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  const limited = (c: Context<Env>) => {
    const wait = loginLimit.hit(c.get('client').ip, deps.clock.now().getTime());
    if (!wait) return undefined;
    deps.log.warn({ ip: c.get('client').ip }, 'web: login rate limit reached');
    c.header('Retry-After', String(wait));
    return c.html(
      problemPage(ctxOf(c), '请求太频繁', `登录尝试太多，请${Math.ceil(wait / 60)}分钟后再试。`, false),
      429,
    );
  };

  /** A login token that may still be used: its claims and the role the person has now, or why not. */
  const usable = (token: string | undefined) => {
    if (!token) return { refused: 'invalid' as const };
    const now = deps.clock.now();
    const checked = checkLoginToken(deps.keys, token, now);
    if (!checked.ok) return { refused: checked.reason };
    const role = effectiveRole(checked.claims.role, roleOf(checked.claims.sub, deps.people()));
    if (!role) return { refused: 'invalid' as const };
    if (Object.hasOwn(deps.store.data.usedLinks ?? {}, checked.claims.jti))
      return { refused: 'used' as const };
    return { claims: checked.claims, role };
  };

  r.get('/login', (c) => {
    const over = limited(c);
    if (over) return over;
    const token = c.req.query('t');
    const u = usable(token);
    if ('refused' in u) return c.html(loginRefusedPage(ctxOf(c), u.refused ?? 'invalid'), 401);
    return c.html(loginConfirmPage(ctxOf(c), token as string, u.role));
  });

  r.post('/login', async (c) => {
    const over = limited(c);
    if (over) return over;
    if (!sameSite(c))
      return c.html(problemPage(ctxOf(c), '无法登录', '请从登录链接打开的页面点“进入看板”。'), 403);
    const form = await c.req.parseBody();
    const token = typeof form.t === 'string' ? form.t : undefined;
    const u = usable(token);
    if ('refused' in u) return c.html(loginRefusedPage(ctxOf(c), u.refused ?? 'invalid'), 401);
    const now = deps.clock.now();
    // single use: the claim is on disk before the session exists; two tabs racing get one session
    if (!deps.store.claimLoginLink(u.claims.jti, new Date(u.claims.exp), now))
      return c.html(loginRefusedPage(ctxOf(c), 'used'), 401);
    try {
      await deps.store.commit();
    } catch (err) {
      deps.log.error({ err }, 'web: a used login link could not be recorded; login refused');
      return c.html(
        problemPage(ctxOf(c), '暂时无法登录', '服务器暂时无法保存登录记录，请稍后重新获取链接。'),
        503,
      );
    }
    setCookie(c, SESSION_COOKIE, issueSession(deps.keys, u.claims.sub, u.role, now), {
      ...cookieOpts(c),
      maxAge: SESSION_TTL_MS / 1000,
    });
    deps.log.info({ who: u.claims.sub, role: u.role, ip: c.get('client').ip }, 'web: signed in');
    const only = deps.plans.length === 1 ? deps.plans[0] : undefined;
    return c.redirect(only ? `${base}/p/${encodeURIComponent(only.id)}/` : `${base}/`, 303);
  });

  r.post('/logout', (c) => {
    if (!sameSite(c)) return c.html(problemPage(ctxOf(c), '无法退出', '请从看板页面点“退出”。'), 403);
    deleteCookie(c, SESSION_COOKIE, cookieOpts(c));
    return c.html(problemPage(ctxOf(c), '已退出', '您已退出看板。需要时请重新获取登录链接。', false));
  });

  // every other page needs a session
  r.use('*', async (c, next) => {
    const session = readSession(deps.keys, getCookie(c, SESSION_COOKIE), deps.clock.now(), deps.people());
    if (!session) return c.html(unauthorizedPage(ctxOf(c)), 401);
    c.set('session', session);
    return next();
  });

  r.get('/', (c) => c.html(plansPage(ctxOf(c), deps.plans)));

  const planOf = (c: Context<Env>) => deps.plans.find((p) => p.id === c.req.param('plan'));
  const notFound = (c: Context<Env>, what: string) =>
    c.html(problemPage(ctxOf(c), '找不到页面', `没有${what}。`), 404);
  const bad = (c: Context<Env>, plan: WebPlan, text: string) =>
    c.html(problemPage(ctxOf(c, plan), '请求有误', text), 400);

  r.get('/p/:plan', (c) => c.redirect(`${c.req.path}/`, 301));
  r.get('/p/:plan/', (c) => {
    const plan = planOf(c);
    if (!plan) return notFound(c, '这个方案');
    const db = plan.data();
    const view = overviewView(db, plan.kb, planRules(plan, db), deps.clock.now());
    return c.html(overviewPage(ctxOf(c, plan), plan.kb, view));
  });

  r.get('/p/:plan/ledger', (c) => {
    const plan = planOf(c);
    if (!plan) return notFound(c, '这个方案');
    const db = plan.data();
    const now = deps.clock.now();
    const range = dataWeeks(db);
    const f = parseFilter(c.req.query(), plan.kb, range, now);
    if ('error' in f) return bad(c, plan, f.error);
    const rules = planRules(plan, db);
    const grid = ledgerGrid(db, plan.kb, f, rules);
    // the selectors offer the two years of data before the chosen end (the quick links reach further back)
    const choices = new Set(
      range ? weeksBetween(maxWeek(range.first, addWeeks(f.to, -103)), maxWeek(range.last, f.to)) : [],
    );
    choices.add(f.from);
    const latest = latestReports(db, rules.counts);
    const overdue = new Map(
      grid.rows.map((row) => {
        const reports = taskLatest(row.task, latest).filter((x) => !f.unit || x.unit === f.unit);
        return [row.task.no, overdueState(rules.deadline(row.task), reports, now)] as const;
      }),
    );
    return c.html(
      ledgerPage(ctxOf(c, plan), plan.kb, {
        filter: f,
        weeks: grid.weeks,
        rows: grid.rows,
        choices: [...choices].sort(),
        overdue,
        canExport: c.get('session').role === 'admin',
        ...(range ? { dataFirst: range.first } : {}),
      }),
    );
  });

  r.get('/p/:plan/units', (c) => {
    const plan = planOf(c);
    if (!plan) return notFound(c, '这个方案');
    return c.html(unitsPage(ctxOf(c, plan), plan.kb, plan.data()));
  });

  r.get('/p/:plan/unit/:unit', (c) => {
    const plan = planOf(c);
    if (!plan) return notFound(c, '这个方案');
    const unit = plan.kb.units.find((u) => u.name === c.req.param('unit'));
    if (!unit) return notFound(c, '这个责任单位');
    const db = plan.data();
    return c.html(
      unitPage(ctxOf(c, plan), unitView(db, plan.kb, unit.name, planRules(plan, db), deps.clock.now())),
    );
  });

  r.get('/p/:plan/task/:no', (c) => {
    const plan = planOf(c);
    if (!plan) return notFound(c, '这个方案');
    const task = plan.kb.tasks.find((t) => String(t.no) === c.req.param('no'));
    if (!task) return notFound(c, `这项任务（本方案共${plan.kb.tasks.length}项重点任务）`);
    const db = plan.data();
    const now = deps.clock.now();
    const span = 12;
    const own = taskWeeks(db, task);
    const range = chooseRange({ ...(c.req.query('to') ? { to: c.req.query('to') } : {}) }, own, now, span);
    if ('error' in range) return bad(c, plan, range.error);
    const rules = planRules(plan, db);
    const latest = latestReports(db, rules.counts);
    return c.html(
      taskPage(ctxOf(c, plan), {
        task,
        status: taskStatus(
          plan.kb,
          db.checkins.filter((x) => x.task === task.no && rules.counts(x)),
          weekOf(now),
          db.roster.map((u) => u.unit),
          task,
          rules.statusDeadline(task),
        ),
        overdue: overdueState(rules.deadline(task), taskLatest(task, latest), now),
        units: taskView(db, task, range, rules, now),
        range,
        ...(own ? { weeksWithData: own } : {}),
        span,
      }),
    );
  });

  r.get('/p/:plan/evidence/:id/:n', async (c) => {
    const plan = planOf(c);
    if (!plan) return notFound(c, '这个方案');
    const n = Number(c.req.param('n'));
    const f = Number.isInteger(n) ? evidenceFile(plan.data(), deps.dataDir, c.req.param('id'), n) : undefined;
    if (!f) return notFound(c, '这份佐证材料');
    const bytes = await readFile(f.file);
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': f.type,
      'Content-Disposition': contentDisposition(f.inline ? 'inline' : 'attachment', f.name),
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, max-age=3600',
    });
  });

  r.get('/p/:plan/:file{export\\.(?:csv|xlsx|json)}', async (c) => {
    const plan = planOf(c);
    if (!plan) return notFound(c, '这个方案');
    if (c.get('session').role !== 'admin')
      return c.html(problemPage(ctxOf(c, plan), '不能导出', '导出仅限管理员；领导的链接只能查看。'), 403);
    const format = c.req.param('file').slice('export.'.length) as Format;
    if (!FORMATS.includes(format)) return notFound(c, '这种导出格式');
    const db: Db = plan.data();
    const now = deps.clock.now();
    const f = parseFilter(c.req.query(), plan.kb, dataWeeks(db), now);
    if ('error' in f) return bad(c, plan, f.error);
    const data = selectExport(
      db,
      plan.kb,
      {
        from: f.from,
        to: f.to,
        ...(f.unit ? { unit: f.unit } : {}),
        ...(f.task !== undefined ? { task: f.task } : {}),
      },
      now,
      // deadlines, the 督办通报 and review, as in the chat and command-line exports
      { plan: plan.id, review: plan.review, closeOf: plan.closeOf },
    );
    // only validated week ids and the time go into the name, as in the chat export
    const stamp = `${localDate(now).replace(/-/g, '')}-${now.toISOString().slice(11, 19).replace(/:/g, '')}`;
    const name = `plan-bot-${f.from}_${f.to}-${stamp}.${format}`;
    const dir = await mkdtemp(path.join(tmpdir(), 'plan-bot-web-export-'));
    try {
      const file = path.join(dir, name);
      await writeExport(format, data, file);
      const bytes = await readFile(file);
      deps.log.info(
        { who: c.get('session').sub, plan: plan.id, format, filter: f, rows: data.latest.length },
        'web: export downloaded',
      );
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': TYPES[format],
        'Content-Disposition': contentDisposition('attachment', name),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  r.notFound((c) => notFound(c, '这个页面'));
  // '/plan-bot' itself goes to '/plan-bot/' (registered first: the session check would answer it otherwise)
  if (base) app.get(base, (c) => c.redirect(`${base}/`, 301));
  app.route(base || '/', r);
  app.notFound((c) => c.html(problemPage(ctxOf(c), '找不到页面', '没有这个页面。'), 404));
  app.onError((err, c) => {
    deps.log.error({ err, path: c.req.path }, 'web: page failed');
    return c.html(problemPage(ctxOf(c), '页面出错', '生成页面时出错，已记录在日志中。请稍后再试。'), 500);
  });
  return app;
}
