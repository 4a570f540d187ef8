import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgStore } from '../../../src/store/pg/pg-store.js';
import { FakeOpenPlatform } from '../../adapters/lark/fake-open-platform.js';
import { messageEvent, postEvent } from '../../adapters/lark/lark-events.js';
import { LOAD_ROSTER } from '../../bench/checkin-load.js';
import { type BotProcess, startLarkWebhookBot } from '../../helpers/bot-process.js';
import { dropDatabase, freshDatabase, noPostgres, sql } from '../../helpers/pg-test-db.js';
import { tempDataDir } from '../../helpers/temp-bot.js';

const KEY = 'storm-encrypt-key';
const EVENTS = 600;
/** After how many acknowledged events a replica is killed with SIGKILL (and started again at once). */
const KILLS = [100, 230, 360, 480];

/** Days around today in China, declared workdays: the prompt's cron fires today whatever the calendar says. */
function workdaysAroundToday(): string[] {
  const day = (offset: number) =>
    new Date(Date.now() + 8 * 3600_000 + offset * 86400_000).toISOString().slice(0, 10);
  return [day(-1), day(0), day(1)];
}

interface Replica {
  name: string;
  dataDir: string;
  bot?: BotProcess;
  url?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fails with `what` when `p` has not settled within `ms` (a stuck step names itself instead of timing the test out). */
function within<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what()} (after ${ms / 1000} s)`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

describe.skipIf(noPostgres !== undefined)(
  `two replicas on one PostgreSQL, real processes, the Lark webhook, SIGKILLs in a storm${noPostgres ? ` (${noPostgres})` : ''}`,
  () => {
    const fake = new FakeOpenPlatform();
    let db = '';
    /** Every replica process started, so that a failed test leaves none running. */
    const started: BotProcess[] = [];
    beforeAll(async () => {
      await fake.start();
      db = await freshDatabase();
    }, 60_000);
    afterAll(async () => {
      for (const b of started)
        if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill('SIGKILL');
      await fake.stop();
      if (db) await dropDatabase(db);
    }, 60_000);

    const start = async (r: Replica): Promise<void> => {
      const { bot, url } = startLarkWebhookBot(
        r.dataDir,
        { domain: fake.url, encryptKey: KEY },
        {
          PLAN_BOT_DATABASE_URL: db,
          PLAN_BOT_PROMPT_CRON: '* * * * *',
          PLAN_BOT_OUTBOX_LEASE_SECONDS: '3',
        },
      );
      started.push(bot);
      r.url = await within(
        url,
        60_000,
        () => `replica ${r.name} did not start; its log ends: ${bot.stderr().slice(-2000)}`,
      );
      r.bot = bot;
    };

    it('stores every acknowledged check-in once, answers every question once and runs the weekly prompt once', async () => {
      // the scheduler's cursor two minutes back: the every-minute prompt is due at the first tick of both
      const seed = await PgStore.open(db);
      seed.setJob('@cursor', new Date(Date.now() - 120_000));
      await seed.commit();
      await seed.close();
      const replicas: Replica[] = ['a', 'b'].map((name) => {
        const dataDir = tempDataDir(LOAD_ROSTER);
        mkdirSync(dataDir, { recursive: true });
        writeFileSync(
          path.join(dataDir, 'holidays.json'),
          JSON.stringify({ holidays: [], workdays: workdaysAroundToday() }),
        );
        return { name, dataDir };
      });
      await Promise.all(replicas.map(start));

      const acked = new Set<string>();
      const checkins = new Set<string>();
      const questions = new Set<string>();
      let posted = 0;
      let doubled = 0;
      let failed = 0;
      let kills = 0;
      let slow = 0;
      let lastAck = Date.now();
      /**
       * Posts an event to a replica; on a refused connection, a non-200 or no answer within 10 s, to the other one
       * (Lark pushes again after 3 s without an answer).
       */
      const deliver = async (ev: Record<string, unknown>, first: number): Promise<boolean> => {
        for (let attempt = 0; attempt < 40; attempt++) {
          const r = replicas[(first + attempt) % 2] as Replica;
          const res = r.url
            ? await postEvent(r.url, ev, KEY, { timeoutMs: 10_000 }).catch((e: unknown) => {
                if ((e as Error).name === 'TimeoutError') slow++;
                return undefined;
              })
            : undefined;
          if (res?.status === 200) return true;
          await sleep(50);
        }
        return false;
      };
      const killOne = async () => {
        const r = replicas[kills % 2] as Replica;
        kills++;
        const bot = r.bot as BotProcess;
        r.url = undefined;
        bot.child.kill('SIGKILL');
        expect(
          (await within(bot.exited, 30_000, () => `replica ${r.name} did not end on SIGKILL`)).signal,
        ).toBe('SIGKILL');
        await start(r);
      };
      // one replica at a time is killed with SIGKILL once enough was acknowledged, and started again at once
      const chaos = (async () => {
        while (kills < KILLS.length) {
          while (acked.size < (KILLS[kills] as number)) {
            if (Date.now() - lastAck > 60_000)
              throw new Error(
                `no event acknowledged for 60 s: ${replicas.map((r) => `${r.name}: ${r.bot?.stderr().slice(-1500)}`).join('\n')}`,
              );
            await sleep(20);
          }
          await killOne();
        }
      })();
      let broken = false;
      chaos.catch(() => {
        broken = true;
      });
      await Promise.all(
        Array.from({ length: 20 }, async (_, w) => {
          // the storm goes on until every kill has happened in the middle of it
          while (!broken && (posted < EVENTS || kills < KILLS.length)) {
            const i = posted++;
            const messageId = `om_storm_${i}`;
            const question = i % 5 === 0;
            const ev = messageEvent({
              chatType: 'p2p',
              chatId: `oc_p2p_${w}`,
              from: `ou_edu${w}`,
              messageId,
              text: question ? '任务14谁负责' : `任务${(i % 20) + 1} 进度${i % 101}% 第${i}次推进`,
            });
            const first = Math.floor(Math.random() * 2);
            // one in ten is pushed to both replicas at once, as Lark pushes again to another connected client
            const both = i % 10 === 3;
            if (both) doubled++;
            const ok = both
              ? (await Promise.all([deliver(ev, first), deliver(ev, first + 1)])).some(Boolean)
              : await deliver(ev, first);
            if (!ok) {
              failed++;
              continue;
            }
            acked.add(`lark:${messageId}`);
            lastAck = Date.now();
            (question ? questions : checkins).add(messageId);
          }
        }),
      );
      await chaos;
      expect(kills, `${acked.size} of ${posted} acknowledged, ${failed} not`).toBe(KILLS.length);

      // everything received is handled and every reply delivered (leases of killed replicas expire after 3 s)
      const deadline = Date.now() + 90_000;
      for (;;) {
        const [left] = await sql<{ inbox: number; outbox: number }>(
          db,
          'SELECT (SELECT count(*) FROM inbox)::int AS inbox, (SELECT count(*) FROM outbox)::int AS outbox',
        );
        if (left?.inbox === 0 && left.outbox === 0) break;
        if (Date.now() > deadline) {
          const rows = await sql(db, 'SELECT id, received_at FROM inbox ORDER BY received_at LIMIT 5');
          const logs = replicas.map((r) => `${r.name}: ${r.bot?.stderr().slice(-1500)}`).join('\n');
          throw new Error(`still waiting: ${JSON.stringify(left)} ${JSON.stringify(rows)}\n${logs}`);
        }
        await sleep(500);
      }
      for (const r of replicas) {
        r.bot?.child.kill('SIGTERM');
        expect((await r.bot?.exited)?.code).toBe(0);
      }

      // every acknowledged check-in stored, each once
      const stored = (await sql<{ msg_id: string }>(db, 'SELECT msg_id FROM checkins')).map((x) => x.msg_id);
      expect(new Set(stored).size, 'a check-in stored twice').toBe(stored.length);
      const lost = [...checkins].filter((id) => !stored.includes(`lark:${id}`));
      expect(lost, 'acknowledged but not stored').toEqual([]);
      expect(stored.length).toBe(checkins.size);

      // every message answered once, as the user sees it (Lark shows a uuid sent twice once)
      const answers = new Map<string, Set<string>>();
      for (const s of fake.delivered()) {
        const to = /\/messages\/(om_storm_\d+)\/reply$/.exec(s.path)?.[1];
        if (!to) continue;
        const entry = String(s.json?.uuid ?? s.path).split(':')[0] as string;
        answers.set(to, new Set([...(answers.get(to) ?? []), entry]));
      }
      // every reply is queued in the same commit as the message's claim and its effects (a check-in's records and its
      // 已记录 together, through the core's ctx.save): a kill cannot leave one without the other, so every
      // acknowledged message is answered, exactly once
      const unanswered = [...acked].map((k) => k.slice(5)).filter((id) => !answers.has(id));
      const twice = [...answers].filter(([, e]) => e.size > 1).map(([id]) => id);
      expect(twice, 'answered twice').toEqual([]);
      expect(unanswered, 'acknowledged and never answered').toEqual([]);
      for (const c of checkins) {
        const text = fake.delivered().find((s) => s.path.includes(`/${c}/reply`))?.body ?? '';
        expect(text, c).toContain('已记录');
      }
      for (const q of questions) {
        const text = fake.delivered().find((s) => s.path.includes(`/${q}/reply`))?.body ?? '';
        expect(text).toContain('县发改局');
      }

      // the weekly prompt ran once: one job row, one message per liaison (whatever the replica that sent it)
      const jobs = await sql<{ key: string }>(db, `SELECT key FROM jobs WHERE job = 'prompt'`);
      expect(jobs).toHaveLength(1);
      const prompts = new Map<string, Set<string>>();
      for (const s of fake.delivered()) {
        if (!String(s.json?.content ?? '').includes('每周进度汇报')) continue;
        const to = String(s.json?.receive_id ?? '');
        const entry = String(s.json?.uuid ?? '').split(':')[0] as string;
        prompts.set(to, new Set([...(prompts.get(to) ?? []), entry]));
      }
      expect(prompts.size).toBe(LOAD_ROSTER[0]?.members.length);
      expect([...prompts.values()].every((e) => e.size === 1)).toBe(true);

      const resent = fake.sent().length - fake.delivered().length;
      process.stdout.write(
        `replica storm (PostgreSQL, 2 real processes, Lark webhook, 20 concurrent senders): ${posted} events (${doubled} pushed to both replicas), ${acked.size} acknowledged, ${KILLS.length} SIGKILLs each followed by a restart; ${checkins.size} check-ins stored once each, ${questions.size} questions answered once each, every check-in's 已记录 sent once, prompt run once (${prompts.size} liaisons, one message each); ${resent} sends repeated after a kill and shown once (Lark uuid); ${slow} posts unanswered within 10 s and pushed again\n`,
      );
    }, 240_000);
  },
);
