import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/store/data-lock.js';
import type { Checkin, Db } from '../../src/store/db-schema.js';
import { FileStore } from '../../src/store/file-store.js';
import type { Store } from '../../src/store/store.js';
import { StoreWriteError } from '../../src/store/store-error.js';
import { sql } from '../helpers/pg-test-db.js';
import { STORE_KINDS, type StoreHome, type StoreKind } from '../helpers/store-kinds.js';

// One contract, two stores: what every feature relies on, run against the JSON store and PostgreSQL alike. What is
// about the JSON file itself (journal lines, snapshots, the lock, backups) is in file-store.test.ts; what is about
// replicas sharing a database is in pg/.

const record = (i: number, extra: Partial<Checkin> = {}): Checkin => ({
  id: `c${i}`,
  plan: 'jishan-2021',
  unit: '县教育局',
  task: (i % 20) + 1,
  week: '2021-W23',
  progress: i % 101,
  status: 'normal',
  note: `第${i}次`,
  by: { platform: 'lark', id: 'ou_1', member: '甲' },
  at: '2021-06-07T02:00:00.000Z',
  late: false,
  msgId: `lark:m${i}`,
  withdrawn: false,
  ...extra,
});

const at = new Date('2021-06-07T02:00:00.000Z');

/** The parts of the data a restart must give back as they were committed. */
const durable = (d: Db) => ({
  checkins: d.checkins,
  roster: d.roster,
  rosterSeed: d.rosterSeed,
  jobs: d.jobs,
  pending: d.pending,
  outbox: d.outbox,
  inbox: d.inbox,
  escalations: d.escalations ?? {},
  rounds: d.rounds ?? {},
  deadlines: d.deadlines ?? {},
  plans: d.plans,
  usedLinks: d.usedLinks ?? {},
  admins: d.admins ?? [],
});

/** A store that can be made to fail its writes, and how. */
async function breakable(
  kind: StoreKind,
  home: StoreHome,
): Promise<{ store: Store; breakWrites(): Promise<void> }> {
  if (!home.databaseUrl) {
    // the JSON store refuses to write once its lock is taken away (proper-lockfile notices within a second)
    let lost = false;
    const store = await FileStore.open(home.dataDir, {
      lockStaleMs: 2000,
      onLockLost: () => {
        lost = true;
      },
    });
    return {
      store,
      breakWrites: async () => {
        rmSync(path.join(home.dataDir, LOCK_FILE), { recursive: true });
        for (let i = 0; i < 100 && !lost; i++) await new Promise((r) => setTimeout(r, 100));
      },
    };
  }
  const url = home.databaseUrl;
  return {
    store: await kind.open(home),
    breakWrites: async () => {
      await sql(url, 'ALTER TABLE checkins ADD CONSTRAINT broken CHECK (false) NOT VALID');
    },
  };
}

describe.each(STORE_KINDS)('Store contract: $name', (kind) => {
  afterAll(() => kind.cleanup(), 60_000);

  describe.skipIf(kind.skip !== undefined)(kind.skip ?? '', () => {
    it('gives back after a restart, and to a read-only reader, every change each operation committed', async () => {
      const home = await kind.fresh();
      const s = await kind.open(home);
      s.addCheckins([
        record(1),
        record(2, { progress: 62.5 }),
        record(3, { progress: null, status: 'delayed', late: true, resubmitOf: 'c2' }),
      ]);
      s.setRoster(
        [
          { unit: '县教育局', members: [{ platform: 'lark', id: 'ou_1', name: '甲', role: 'liaison' }] },
          {
            unit: '县财政局',
            chat: { platform: 'lark', id: 'oc_fin' },
            members: [{ platform: 'wecom', id: 'zhang', name: '张局', role: 'leader' }],
          },
        ],
        'seed-hash',
      );
      s.setJob('prompt:2021-W23', at);
      s.setJob('@cursor', at);
      s.setPending('lark:ou_1', '请问是任务几？', at);
      s.setPending('lark:ou_2', '待确认', at);
      // supervision: an escalation, a weekly round, a deadline set in chat (one set and removed again)
      s.putEscalation('县财政局|jishan-2021|missed|2021-W23', {
        unit: '县财政局',
        plan: 'jishan-2021',
        reason: 'missed',
        level: 1,
        week: '2021-W23',
        at: at.toISOString(),
        why: '连续2周未汇报',
        to: ['wecom:zhang'],
      });
      s.putRound('jishan-2021|2021-W23', {
        plan: 'jishan-2021',
        week: '2021-W23',
        at: at.toISOString(),
        units: ['县教育局', '县财政局'],
      });
      const by = { platform: 'lark' as const, id: 'ou_admin', name: '管理员' };
      s.setDeadlineOverride('jishan-2021|14', {
        plan: 'jishan-2021',
        task: 14,
        date: '2022-06-30',
        by,
        at: at.toISOString(),
      });
      s.setDeadlineOverride('jishan-2021|9', {
        plan: 'jishan-2021',
        task: 9,
        date: '2022-01-31',
        by,
        at: at.toISOString(),
      });
      // admins added in chat: one kept, one removed again below
      const admin = (id: string, name?: string) => ({
        platform: 'lark' as const,
        id,
        ...(name ? { name } : {}),
        addedBy: 'lark:ou_admin',
        addedAt: at.toISOString(),
      });
      expect(s.addAdmin(admin('ou_kept', '王主任'))).toBe(true);
      expect(s.addAdmin(admin('ou_gone'))).toBe(true);
      expect(s.addAdmin(admin('ou_kept', '王主任'))).toBe(false);
      const kept = s.enqueue(
        { to: { platform: 'lark', chatId: 'oc_fin', mentions: ['ou_1'] }, text: '提醒' },
        'prompt:2021-W23',
        at,
      );
      const delivered = s.enqueue(
        { to: { platform: 'wechat', chatId: 'wxid_1' }, text: '回复' },
        'reply',
        at,
      );
      await s.commit();
      await s.receive(
        {
          platform: 'lark',
          id: 'om_wait',
          chatId: 'ou_1',
          chatType: 'direct',
          sender: { id: 'ou_1' },
          text: '任务1 进度10%',
          mentionsBot: false,
          at,
        },
        at,
      );
      // changes of what is stored
      const [first] = s.data.checkins;
      s.changeCheckins([first as Checkin], (c) => {
        c.withdrawn = true;
        c.withdrawnAt = '2021-06-08T00:00:00.000Z';
        c.evidence = [
          {
            file: 'evidence/2021-W23/a.jpg',
            name: '图片1.jpg',
            kind: 'image',
            bytes: 1234,
            at: at.toISOString(),
            msgId: 'lark:m9',
          },
        ];
      });
      expect(s.bindMember('县财政局', { platform: 'lark', id: 'ou_1', name: '甲', role: 'backup' })).toBe(
        '县教育局',
      );
      s.bindMember('县教育局', { platform: 'wechat', id: 'wxid_2', name: '乙', role: 'liaison' });
      expect(s.unbindMember('wechat', 'wxid_2')).toBe('县教育局');
      expect(s.setUnitChat('县教育局', { platform: 'lark', id: 'oc_fin' })).toBe('县财政局');
      s.clearPending('lark:ou_2');
      // plans: a chat's default plan (one set and cleared again), a plan stopped
      s.setChatPlan('lark:oc_fin', 'jishan-2021');
      s.setChatPlan('lark:oc_edu', 'other-plan');
      s.setChatPlan('lark:oc_edu', undefined);
      s.setPlanStopped('other-plan', true);
      expect(s.removeAdmin('lark', 'ou_gone')).toBe(true);
      expect(s.removeAdmin('lark', 'ou_gone')).toBe(false);
      expect(s.removeAdmin('wecom', 'ou_kept')).toBe(false);
      expect(s.addAdmin({ ...admin('zhang'), platform: 'wecom' })).toBe(true);
      // the web view: a one-time login link used once, an expired one dropped when the next is used
      expect(s.claimLoginLink('link-old', new Date('2021-06-07T02:10:00Z'), at)).toBe(true);
      expect(s.claimLoginLink('link-old', new Date('2021-06-07T02:10:00Z'), at)).toBe(false);
      expect(
        s.claimLoginLink('link-new', new Date('2021-06-07T03:10:00Z'), new Date('2021-06-07T03:00:00Z')),
      ).toBe(true);
      s.setDeadlineOverride('jishan-2021|9', undefined);
      s.putEscalation('县财政局|jishan-2021|missed|2021-W23', {
        ...(s.data.escalations?.['县财政局|jishan-2021|missed|2021-W23'] as NonNullable<
          Db['escalations']
        >[string]),
        resolved: '2021-W24',
      });
      s.changeCheckins([s.data.checkins[1] as Checkin], (c) => {
        c.review = { state: 'returned', by, at: at.toISOString(), reason: '请补充佐证' };
      });
      s.markAttemptFailed(kept.id, 'HTTP 503', new Date(at.getTime() + 1000), 48 * 3600_000);
      s.dropOutbox(delivered.id);
      expect(s.retryPlatformNow('lark', new Date(at.getTime() + 2000))).toBe(1);
      await s.commit();
      const expected = structuredClone(durable(s.data));
      expect(expected.outbox[kept.id]?.attempts).toBe(1);
      expect(Object.keys(expected.inbox)).toEqual(['lark:om_wait']);
      expect(Object.keys(expected.deadlines)).toEqual(['jishan-2021|14']);
      expect(expected.checkins[1]?.review?.state).toBe('returned');
      expect(expected.plans).toEqual({ chats: { 'lark:oc_fin': 'jishan-2021' }, stopped: ['other-plan'] });
      expect(expected.usedLinks).toEqual({ 'link-new': '2021-06-07T03:10:00.000Z' });
      expect(expected.admins.map((a) => `${a.platform}:${a.id}`)).toEqual(['lark:ou_kept', 'wecom:zhang']);
      await s.close({ flush: false });
      const again = await kind.open(home);
      expect(durable(again.data)).toEqual(expected);
      const reader = await kind.readOnly(home);
      expect(durable(reader.data)).toEqual(expected);
      await expect(reader.commit()).rejects.toThrow(/read-only/);
      await reader.close();
      await again.close();
    });

    it('drops what was not committed when it ends as a kill would, and writes nothing for a commit without changes', async () => {
      const home = await kind.fresh();
      const s = await kind.open(home);
      s.addCheckins([record(1)]);
      await s.commit();
      await s.commit();
      s.addCheckins([record(2)]);
      s.setPending('lark:ou_1', '?', at);
      s.addAdmin({ platform: 'lark', id: 'ou_x', addedBy: 'lark:ou_admin', addedAt: at.toISOString() });
      await s.close({ flush: false });
      const again = await kind.open(home);
      expect(again.data.checkins.map((c) => c.id)).toEqual(['c1']);
      expect(again.data.pending).toEqual({});
      expect(again.data.admins ?? []).toEqual([]);
      await again.close();
    });

    it('resolves every one of many concurrent commits once all of them are durable', async () => {
      const home = await kind.fresh();
      const s = await kind.open(home);
      const commits = Array.from({ length: 50 }, (_, i) => {
        s.addCheckins([record(i)]);
        s.setJob(`k${i}`, new Date(Date.UTC(2021, 0, 1, 0, i)));
        return s.commit();
      });
      await Promise.all(commits);
      await s.close({ flush: false });
      const again = await kind.readOnly(home);
      expect(again.data.checkins.map((c) => c.id)).toEqual(Array.from({ length: 50 }, (_, i) => `c${i}`));
      expect(Object.keys(again.data.jobs)).toHaveLength(50);
      await again.close();
    });

    it('records a handled message with its effect, removes it from the inbox, and knows it after a restart', async () => {
      const home = await kind.fresh();
      const s = await kind.open(home);
      const msg = {
        platform: 'lark' as const,
        id: 'om_1',
        chatId: 'ou_1',
        chatType: 'direct' as const,
        sender: { id: 'ou_1' },
        text: '任务1 进度10%',
        mentionsBot: false,
        at,
      };
      await s.receive(msg, at);
      expect(s.data.inbox['lark:om_1']).toBeDefined();
      expect(s.markSeen('lark:om_1')).toBe(true);
      expect(s.markSeen('lark:om_1')).toBe(false);
      const out = await s.handlingMessage('lark:om_1', async () => {
        s.addCheckins([record(1, { msgId: 'lark:om_1' })]);
        await s.commit();
        return ['已记录'];
      });
      expect(out).toEqual(['已记录']);
      s.settle('lark:om_1');
      // a question: nothing changed; its id is made durable by the handling or the next commit
      expect(s.markSeen('lark:om_q')).toBe(true);
      expect(await s.handlingMessage('lark:om_q', async () => ['答复'])).toEqual(['答复']);
      s.settle('lark:om_q');
      await s.commit();
      expect(s.data.inbox).toEqual({});
      await s.close({ flush: false });
      const again = await kind.open(home);
      expect(again.hasSeen('lark:om_1')).toBe(true);
      expect(again.hasSeen('lark:om_q')).toBe(true);
      expect(again.markSeen('lark:om_1')).toBe(false);
      expect(again.data.inbox).toEqual({});
      expect(again.data.checkins.map((c) => c.msgId)).toEqual(['lark:om_1']);
      // a message received and not handled before the end stays in the inbox for the next start
      await again.receive({ ...msg, id: 'om_2' }, at);
      await again.close({ flush: false });
      const third = await kind.readOnly(home);
      expect(Object.keys(third.data.inbox)).toEqual(['lark:om_2']);
      await third.close();
    });

    it('rejects a commit that cannot be written with StoreWriteError and puts memory back as it was', async () => {
      const home = await kind.fresh();
      const { store, breakWrites } = await breakable(kind, home);
      store.addCheckins([record(1)]);
      await store.commit();
      await breakWrites();
      store.addCheckins([record(2)]);
      store.setPending('lark:ou_1', '?', at);
      const before = store.data.checkins[0] as Checkin;
      store.changeCheckins([before], (c) => {
        c.withdrawn = true;
      });
      store.addAdmin({ platform: 'lark', id: 'ou_x', addedBy: 'lark:ou_admin', addedAt: at.toISOString() });
      await expect(store.commit()).rejects.toBeInstanceOf(StoreWriteError);
      expect(store.data.checkins.map((c) => [c.id, c.withdrawn])).toEqual([['c1', false]]);
      expect(store.data.pending).toEqual({});
      expect(store.data.admins ?? []).toEqual([]);
      await store.close({ flush: false });
    });

    it('hands the outbox entries due to their sender, and refreshes without error', async () => {
      const home = await kind.fresh();
      const s = await kind.open(home);
      const e = s.enqueue({ to: { platform: 'lark', chatId: 'c1' }, text: 'x' }, 'reply', at);
      await s.commit();
      expect(await s.claimOutbox([e.id], ['lark'])).toEqual([e.id]);
      await s.refresh();
      expect(s.data.outbox[e.id]).toBeDefined();
      await s.close();
    });
  });
});
