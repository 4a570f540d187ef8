import { afterAll, describe, expect, it } from 'vitest';
import type { Checkin } from '../../../src/store/db-schema.js';
import { PgStore } from '../../../src/store/pg/pg-store.js';
import { DuplicateJob, DuplicateMessage, LinkUsed } from '../../../src/store/store-error.js';
import { dropDatabase, freshDatabase, noPostgres, sql } from '../../helpers/pg-test-db.js';

const record = (i: number, msgId = `lark:m${i}`): Checkin => ({
  id: `c${i}-${Math.random().toString(36).slice(2)}`,
  plan: 'jishan-2021',
  unit: '县教育局',
  task: (i % 20) + 1,
  week: '2021-W23',
  progress: i % 101,
  status: 'normal',
  note: `第${i}次`,
  by: { platform: 'lark', id: 'ou_1' },
  at: '2021-06-07T02:00:00.000Z',
  late: false,
  msgId,
  withdrawn: false,
});

/** Waits until `test` holds (a replica's copy follows the other's commits within a notification). */
async function until(test: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const urls: string[] = [];
const stores: PgStore[] = [];
/** Two replicas (two stores, two connection pools) on one fresh database. */
async function replicas(): Promise<[PgStore, PgStore, string]> {
  const url = await freshDatabase();
  urls.push(url);
  const a = await PgStore.open(url);
  const b = await PgStore.open(url);
  stores.push(a, b);
  return [a, b, url];
}

afterAll(async () => {
  for (const s of stores) await s.close({ flush: false });
  for (const u of urls) await dropDatabase(u);
}, 60_000);

describe.skipIf(noPostgres !== undefined)(
  `PostgreSQL replicas${noPostgres ? ` (${noPostgres})` : ''}`,
  () => {
    it('hands a message handled by both replicas to one: the other gets no reply, and nothing of it is stored', async () => {
      const [a, b, url] = await replicas();
      const key = 'lark:om_both';
      // both take the message before either has committed (a re-push to the other replica)
      expect(a.markSeen(key)).toBe(true);
      expect(b.markSeen(key)).toBe(true);
      let gate!: () => void;
      const started = new Promise<void>((r) => {
        gate = r;
      });
      const handle = (s: PgStore, n: number) =>
        s.handlingMessage(key, async () => {
          await started;
          s.addCheckins([record(n, key)]);
          try {
            await s.commit();
            return ['已记录'];
          } catch (e) {
            return [e instanceof DuplicateMessage ? 'duplicate' : '未保存'];
          }
        });
      const pa = handle(a, 1);
      const pb = handle(b, 2);
      gate();
      const [ra, rb] = await Promise.all([pa, pb]);
      // one replica answers, the other drops its replies
      expect([...ra, ...rb]).toEqual(['已记录']);
      const rows = await sql(url, 'SELECT msg_id FROM checkins');
      expect(rows).toEqual([{ msg_id: key }]);
      // the loser rolled its copy back and then received the winner's record
      await until(() => a.data.checkins.length === 1 && b.data.checkins.length === 1);
      expect(a.data.checkins[0]?.id).toBe(b.data.checkins[0]?.id);
      expect(a.hasSeen(key) && b.hasSeen(key)).toBe(true);
    });

    it('never leaves a handled message in the inbox: one replica storing it while the other claims it', async () => {
      const [a, b, url] = await replicas();
      // a re-push lands on a while b handles the first push: both write at once, 400 times
      await Promise.all(
        Array.from({ length: 400 }, async (_, i) => {
          const key = `lark:om_race_${i}`;
          const msg = {
            platform: 'lark' as const,
            id: `om_race_${i}`,
            chatId: 'oc_1',
            chatType: 'direct' as const,
            sender: { id: 'ou_1' },
            text: '任务14谁负责',
            mentionsBot: false,
            at: new Date(),
          };
          b.markSeen(key);
          await Promise.all([
            a.receive(msg, new Date()),
            b.handlingMessage(key, async () => {
              await b.commit();
              return [];
            }),
          ]);
        }),
      );
      const stuck = await sql(
        url,
        'SELECT i.id FROM inbox i JOIN processed_messages p ON p.id = i.id ORDER BY i.id',
      );
      expect(stuck, 'handled and still waiting in the inbox').toEqual([]);
    });

    it('lets two replicas seed the roster of an empty database at once (both start together): the later one wins', async () => {
      const [a, b, url] = await replicas();
      const roster = (name: string) => [
        {
          unit: '县教育局',
          members: [{ platform: 'lark' as const, id: 'ou_1', name, role: 'liaison' as const }],
        },
        { unit: '县财政局', members: [] },
      ];
      a.setRoster(roster('甲'), 'h1');
      b.setRoster(roster('乙'), 'h1');
      const results = await Promise.allSettled([a.commit(), b.commit()]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      const units = await sql<{ unit: string }>(url, 'SELECT unit FROM roster_units ORDER BY unit');
      expect(units.map((u) => u.unit).sort()).toEqual(['县教育局', '县财政局'].sort());
      // each unit's member is one of the two, once
      const members = await sql(url, 'SELECT unit, id FROM roster_members');
      expect(members).toHaveLength(1);
    });

    it('claims a question before its answer is released: a re-push to the other replica is not answered again', async () => {
      const [a, b] = await replicas();
      const key = 'lark:om_question';
      expect(a.markSeen(key)).toBe(true);
      expect(await a.handlingMessage(key, async () => ['任务14由县发改局牵头'])).toEqual([
        '任务14由县发改局牵头',
      ]);
      // b has not heard of it yet in memory, but its handling first brings its copy up to date
      b.markSeen(key);
      let ran = false;
      expect(
        await b.handlingMessage(key, async () => {
          ran = true;
          return ['again'];
        }),
      ).toEqual([]);
      expect(ran).toBe(false);
    });

    it('brings each replica the other one’s changes: check-ins, withdrawals, roster, ask-backs, outbox', async () => {
      const [a, b] = await replicas();
      const c = record(7);
      a.addCheckins([c]);
      a.setRoster(
        [{ unit: '县教育局', members: [{ platform: 'lark', id: 'ou_1', name: '甲', role: 'liaison' }] }],
        'h1',
      );
      a.setPending('lark:ou_1', '任务几？', new Date('2021-06-07T02:00:00Z'));
      const e = a.enqueue({ to: { platform: 'lark', chatId: 'ou_1' }, text: '提醒' }, 'reply', new Date());
      await a.commit();
      await until(() => b.data.checkins.length === 1 && b.data.outbox[e.id] !== undefined);
      expect(b.data.roster[0]?.members[0]?.name).toBe('甲');
      expect(b.data.rosterSeed).toBe('h1');
      expect(b.data.pending['lark:ou_1']?.text).toBe('任务几？');
      const mine = b.data.checkins[0] as Checkin;
      b.changeCheckins([mine], (x) => {
        x.withdrawn = true;
        x.withdrawnAt = '2021-06-08T00:00:00.000Z';
      });
      b.bindMember('县教育局', { platform: 'lark', id: 'ou_2', name: '乙', role: 'backup' });
      b.dropOutbox(e.id);
      b.clearPending('lark:ou_1');
      await b.commit();
      await until(() => a.data.checkins[0]?.withdrawn === true && a.data.outbox[e.id] === undefined);
      // the record object stays the same one (indexes built on it stay valid)
      expect(a.data.checkins[0]).toBe(c);
      expect(a.data.roster[0]?.members.map((m) => m.name)).toEqual(['甲', '乙']);
      expect(a.data.pending).toEqual({});
    });

    it('keeps admins added in chat on two replicas at once, row by row, and brings each a removal by the other', async () => {
      const [a, b, url] = await replicas();
      const admin = (id: string) => ({
        platform: 'lark' as const,
        id,
        addedBy: 'lark:ou_root',
        addedAt: '2021-06-07T02:00:00.000Z',
      });
      // neither has seen the other's admin when it commits: both rows stay (not one list replacing the other)
      expect(a.addAdmin(admin('ou_a'))).toBe(true);
      expect(b.addAdmin(admin('ou_b'))).toBe(true);
      await Promise.all([a.commit(), b.commit()]);
      const ids = (s: PgStore) => (s.data.admins ?? []).map((x) => x.id).sort();
      await until(() => ids(a).length === 2 && ids(b).length === 2);
      expect(ids(a)).toEqual(['ou_a', 'ou_b']);
      expect(await sql(url, 'SELECT id FROM admins ORDER BY id')).toEqual([{ id: 'ou_a' }, { id: 'ou_b' }]);
      expect(b.removeAdmin('lark', 'ou_a')).toBe(true);
      await b.commit();
      await until(() => ids(a).length === 1);
      expect(ids(a)).toEqual(['ou_b']);
      // an admin the other replica added is one already here
      expect(a.addAdmin(admin('ou_b'))).toBe(false);
    });

    it('runs a weekly job once across replicas: the second run is refused with its messages', async () => {
      const [a, b, url] = await replicas();
      const at = new Date('2021-06-07T01:00:00Z');
      const run = (s: PgStore) => {
        s.setJob('prompt:2021-W23', at);
        s.setJob('@cursor', at);
        s.enqueue(
          { to: { platform: 'lark', chatId: 'ou_1' }, text: '【每周进度汇报】' },
          'prompt:2021-W23',
          at,
        );
        return s.commit();
      };
      const results = await Promise.allSettled([run(a), run(b)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(DuplicateJob);
      expect(await sql(url, 'SELECT source FROM outbox')).toEqual([{ source: 'prompt:2021-W23' }]);
      await until(
        () =>
          Object.keys(a.data.outbox).length === 1 &&
          Object.keys(b.data.outbox).length === 1 &&
          a.data.jobs['prompt:2021-W23'] !== undefined &&
          b.data.jobs['prompt:2021-W23'] !== undefined,
      );
    });

    it('lets a one-time login link be used once across replicas', async () => {
      const [a, b] = await replicas();
      const expires = new Date(Date.now() + 600_000);
      expect(a.claimLoginLink('jti-1', expires, new Date())).toBe(true);
      expect(b.claimLoginLink('jti-1', expires, new Date())).toBe(true); // b has not heard of it yet
      const results = await Promise.allSettled([a.commit(), b.commit()]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(LinkUsed);
      // and once the other's commit is known, it is refused at once
      await until(
        () => a.data.usedLinks?.['jti-1'] !== undefined && b.data.usedLinks?.['jti-1'] !== undefined,
      );
      expect(a.claimLoginLink('jti-1', expires, new Date())).toBe(false);
      expect(b.claimLoginLink('jti-1', expires, new Date())).toBe(false);
    });

    it('gives each outbox entry to one replica (FOR UPDATE SKIP LOCKED, leased), and only of its platforms', async () => {
      const [a, b] = await replicas();
      const ids = Array.from(
        { length: 40 },
        (_, i) =>
          a.enqueue(
            { to: { platform: i % 4 ? 'lark' : 'wechat', chatId: `c${i}` }, text: `m${i}` },
            'reply',
            new Date(),
          ).id,
      );
      await a.commit();
      await until(() => Object.keys(b.data.outbox).length === 40);
      const [ta, tb] = await Promise.all([
        a.claimOutbox(ids, ['lark', 'wechat']),
        b.claimOutbox(ids, ['lark']),
      ]);
      expect(ta.filter((id) => tb.includes(id))).toEqual([]);
      expect(new Set([...ta, ...tb]).size).toBe(40);
      const wechat = ids.filter((_, i) => i % 4 === 0);
      expect(tb.filter((id) => wechat.includes(id))).toEqual([]);
      // leased: nobody else takes them again; the holder may (a retry after a failed attempt)
      expect(await b.claimOutbox(ta, ['lark', 'wechat'])).toEqual([]);
      expect((await a.claimOutbox(ta, ['lark', 'wechat'])).sort()).toEqual([...ta].sort());
    });

    it('rolls memory back and names the database when the write fails', async () => {
      const [a, , url] = await replicas();
      await sql(url, `ALTER TABLE checkins ADD CONSTRAINT no_poison CHECK (note <> 'poison')`);
      a.addCheckins([{ ...record(1), note: 'poison' }]);
      a.setPending('lark:ou_9', '?', new Date());
      const err = (await a.commit().catch((e: Error) => e)) as Error;
      expect(err.message).toMatch(/could not save to the database postgres:\/\/.*no_poison/);
      expect(a.data.checkins).toEqual([]);
      expect(a.data.pending).toEqual({});
      a.addCheckins([record(2)]);
      await a.commit();
      expect(await sql(url, 'SELECT count(*)::int AS n FROM checkins')).toEqual([{ n: 1 }]);
    });
  },
);
