import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addWeeks, weekStart } from '../../src/checkins/weeks.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { type Checkin, type Db, emptyDb } from '../../src/store/db-schema.js';
import { DB_FILE, FileStore } from '../../src/store/file-store.js';
import { mintLoginLink } from '../../src/web/auth/login-link.js';
import { TokenKeys } from '../../src/web/auth/sealed-token.js';
import { startWebServer } from '../../src/web/web-server.js';
import { syntheticDb } from './bench-export.js';

/** A year of reports: all 17 units rostered, every unit reporting each of its tasks every week for 52 weeks. */
export function yearDb(): Db {
  const kb = loadKnowledge();
  const db = emptyDb();
  db.roster = kb.units.map((u) => ({ unit: u.name, members: [] }));
  const statuses: Checkin['status'][] = ['normal', 'normal', 'normal', 'delayed', 'blocked', 'done', 'none'];
  let i = 0;
  let week = '2021-W23';
  for (let w = 0; w < 52; w++, week = addWeeks(week, 1)) {
    for (const t of kb.tasks) {
      for (const unit of t.units) {
        db.checkins.push({
          id: `y${i}`,
          plan: 'jishan-2021',
          unit,
          task: t.no,
          week,
          progress: Math.min(100, 2 * w + (i % 7)),
          status: statuses[(i + w) % statuses.length] as Checkin['status'],
          note: '已召开推进会，落实经费，完成阶段性目标',
          by: { platform: 'lark', id: `u${i % 50}`, name: `联络员${i % 50}` },
          at: new Date(Date.UTC(2021, 5, 7) + w * 7 * 86400_000 + (i % 1000) * 60_000).toISOString(),
          late: i % 9 === 0,
          msgId: `m${i}`,
          withdrawn: false,
        });
        i++;
      }
    }
  }
  return db;
}

/** One GET: ms to the response head (the page is rendered before its head is sent), ms to the end, bytes. */
function get(
  port: number,
  p: string,
  cookie: string,
  gzip: boolean,
): Promise<{ ttfb: number; total: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: p,
        headers: { cookie, ...(gzip ? { 'accept-encoding': 'gzip' } : {}) },
      },
      (res) => {
        const ttfb = performance.now() - t0;
        let bytes = 0;
        res.on('data', (d: Buffer) => {
          bytes += d.length;
        });
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${p}: HTTP ${res.statusCode}`));
          else resolve({ ttfb, total: performance.now() - t0, bytes });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? Number.NaN;

/** Pages measured, by key: the ledger at its default range and over 52 weeks, the overview, a task, a unit. */
function pages(lastWeek: string): Record<string, string> {
  return {
    ledger: '/p/jishan-2021/ledger',
    ledger52: `/p/jishan-2021/ledger?from=${addWeeks(lastWeek, -51)}&to=${lastWeek}`,
    overview: '/p/jishan-2021/',
    task: '/p/jishan-2021/task/14',
    unit: `/p/jishan-2021/unit/${encodeURIComponent('县财政局')}`,
  };
}

/**
 * The web view over real HTTP on 127.0.0.1 (in-process server, real file store): time to first byte (p50/p95 of
 * `runs` requests after two warm-ups) and page weight (bytes as sent, and gzipped) of each page, for a year of
 * reports (20 tasks × 52 weeks × 17 units) and for 100,000 records.
 */
export async function benchWeb(runs = 20): Promise<Record<string, number>> {
  const f: Record<string, number> = {};
  const sets: [string, () => Db][] = [
    ['year', yearDb],
    ['100k', () => syntheticDb(100_000)],
  ];
  for (const [name, make] of sets) {
    const dir = mkdtempSync(path.join(tmpdir(), `plan-bot-bench-web-${name}-`));
    try {
      const db = make();
      writeFileSync(path.join(dir, DB_FILE), JSON.stringify(db));
      let lastWeek = '';
      for (const c of db.checkins) if (c.week > lastWeek) lastWeek = c.week;
      f[`web_${name}_records`] = db.checkins.length;
      const store = await FileStore.open(dir);
      const keys = new TokenKeys(randomBytes(32));
      // the bot is current: it is the Friday evening of the last week with data
      const at = new Date(weekStart(lastWeek).getTime() + (4 * 24 + 18) * 3600_000);
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
        web: { port: 0, host: '127.0.0.1', basePath: '', trustProxy: 'loopback', leaders: [] },
        keys,
        people: () => ({ admins: [{ platform: 'lark', id: 'ou_admin' }], leaders: [] }),
        clock: { now: () => at },
        log: { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} },
      });
      const t = new URL(
        mintLoginLink(keys, { sub: 'lark:ou_admin', role: 'admin' }, at, 'http://x/').url,
      ).searchParams.get('t') as string;
      const login = await fetch(`http://127.0.0.1:${server.port}/login`, {
        method: 'POST',
        body: new URLSearchParams({ t }),
        headers: { 'sec-fetch-site': 'same-origin' },
        redirect: 'manual',
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
      for (const [key, p] of Object.entries(pages(lastWeek))) {
        process.stderr.write(`  web: ${name} ${key}…\n`);
        for (let i = 0; i < 2; i++) await get(server.port, p, cookie, false);
        const ttfb: number[] = [];
        let bytes = 0;
        for (let i = 0; i < runs; i++) {
          const r = await get(server.port, p, cookie, false);
          ttfb.push(r.ttfb);
          bytes = r.bytes;
        }
        const gz = await get(server.port, p, cookie, true);
        f[`web_${name}_${key}_ttfb_p50_ms`] = pct(ttfb, 0.5);
        f[`web_${name}_${key}_ttfb_p95_ms`] = pct(ttfb, 0.95);
        f[`web_${name}_${key}_kb`] = bytes / 1024;
        f[`web_${name}_${key}_gzip_kb`] = gz.bytes / 1024;
      }
      await server.close();
      await store.close({ compact: false });
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  }
  return f;
}

const n1 = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(1));
const n0 = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(0));

/** The README table rows of the web view (also used by bench-all). */
export function webRows(f: Record<string, number>): string[][] {
  return (['year', '100k'] as const).flatMap((name) =>
    (['ledger', 'ledger52'] as const).map((key) => [
      `web ledger (${key === 'ledger' ? 'default 12 weeks' : '52 weeks'})`,
      'HTTP GET on 127.0.0.1, in-process server over the file store, signed in',
      '1',
      name === 'year'
        ? `20 tasks × 52 weeks × 17 units (${Math.round(f[`web_${name}_records`] ?? 0).toLocaleString('en-US')} records)`
        : '100,000 records',
      '—',
      `TTFB p50 ${n1(f[`web_${name}_${key}_ttfb_p50_ms`])} ms, p95 ${n1(f[`web_${name}_${key}_ttfb_p95_ms`])} ms; ${n0(f[`web_${name}_${key}_kb`])} KB (${n0(f[`web_${name}_${key}_gzip_kb`])} KB gzipped)`,
      '—',
    ]),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = await benchWeb();
  for (const r of webRows(f)) console.log(`| ${r.join(' | ')} |`);
  console.log(JSON.stringify(f));
}
