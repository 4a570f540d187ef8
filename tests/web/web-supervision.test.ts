import { afterEach, describe, expect, it } from 'vitest';
import type { Checkin } from '../../src/store/db-schema.js';
import { FileStore } from '../../src/store/file-store.js';
import { tempDataDir } from '../helpers/temp-bot.js';
import { type WebFixture, webFixture } from './web-fixture.js';

const by = { platform: 'lark' as const, id: 'ou_admin', name: '张主任' };
const report = (id: string, week: string, at: string, extra: Partial<Checkin>): Checkin => ({
  id,
  plan: 'jishan-2021',
  unit: '县教育局',
  task: 7,
  week,
  progress: 10,
  status: 'normal',
  note: `汇报${id}`,
  by: { platform: 'lark', id: 'ou_edu', member: '周老师' },
  at,
  late: false,
  msgId: `lark:${id}`,
  withdrawn: false,
  ...extra,
});

/** 县教育局 on task 7: W23 confirmed 10%, W24 blocked 50% not reviewed yet, W25 returned 60%. */
async function reviewedData(): Promise<string> {
  const dir = tempDataDir([
    { unit: '县教育局', members: [{ platform: 'lark', id: 'ou_edu', name: '周老师', role: 'liaison' }] },
  ]);
  const store = await FileStore.open(dir);
  store.setRoster([
    { unit: '县教育局', members: [{ platform: 'lark', id: 'ou_edu', name: '周老师', role: 'liaison' }] },
  ]);
  store.addCheckins([
    report('a', '2021-W23', '2021-06-07T01:00:00.000Z', {
      review: { state: 'confirmed', by, at: '2021-06-08T01:00:00.000Z' },
    }),
    report('b', '2021-W24', '2021-06-14T01:00:00.000Z', { progress: 50, status: 'blocked' }),
    report('c', '2021-W25', '2021-06-21T01:00:00.000Z', {
      progress: 60,
      review: { state: 'returned', by, at: '2021-06-22T01:00:00.000Z', reason: '佐证不足，请补充会议纪要' },
    }),
  ]);
  // an admin set task 7's deadline in chat
  store.setDeadlineOverride('jishan-2021|7', {
    plan: 'jishan-2021',
    task: 7,
    date: '2022-06-30',
    by,
    at: '2021-06-07T02:00:00.000Z',
  });
  await store.commit();
  await store.close();
  return dir;
}

const cells = (page: string, task: number) => {
  const row =
    new RegExp(`<tr><th class="task" scope="row"><a [^>]*>${task} [\\s\\S]*?</tr>`).exec(page)?.[0] ?? '';
  return [
    ...row.matchAll(/<td class="cell l-(\w+)"><a [^>]*><span class="word">(.)<\/span><br>([^<]+)<\/a>/g),
  ].map((m) => `${m[2]} ${m[3]}`);
};

let fx: WebFixture | undefined;
afterEach(async () => {
  await fx?.stop();
  fx = undefined;
});

describe('web view with supervision (deadlines set in chat, review)', () => {
  it('counts every report not returned when review is off; shows each 审核状态 with reviewer and reason', async () => {
    fx = await webFixture(await reviewedData(), { at: '2021-06-30T10:00:00+08:00' });
    const cookie = await fx.signIn();
    const ledger = await (await fx.get('/p/jishan-2021/ledger?from=2021-W23&to=2021-W25', { cookie })).text();
    // W25's 60% was returned: it does not count, the blocked 50% of W24 stays the latest
    expect(cells(ledger, 7)).toEqual(['绿 10%', '红 50%', '红 50%']);
    // the deadline an admin set in chat replaces the plan's 2022年底; overdue once it has passed
    expect(ledger).toMatch(
      /7 实施品牌专业建设计划<\/a><span class="dl"><span class="deadline">2022年6月30日<\/span><\/span>/,
    );
    fx.clock.set('2022-07-05T10:00:00+08:00');
    const again = await fx.signIn(); // a year later: the first session has long expired
    const later = await (
      await fx.get('/p/jishan-2021/ledger?from=2021-W23&to=2021-W25', { cookie: again })
    ).text();
    expect(later).toMatch(/2022年6月30日<\/span> <span class="badge overdue">逾期5天<\/span>/);
    const task = await (await fx.get('/p/jishan-2021/task/7', { cookie: again })).text();
    expect(task).toContain('已退回（张主任，2021-06-22 09:00）：佐证不足，请补充会议纪要');
    expect(task).toContain('已确认（张主任，2021-06-08 09:00）');
    expect(task).toContain('<span class="review">待审核</span>');
    expect(task).toContain('依据：管理员在聊天中设定');
    expect(task).not.toContain('ou_admin');
  });

  it('counts only confirmed reports when review is on (PLAN_BOT_REVIEW=on)', async () => {
    fx = await webFixture(await reviewedData(), { at: '2021-06-30T10:00:00+08:00', review: true });
    const cookie = await fx.signIn();
    const ledger = await (await fx.get('/p/jishan-2021/ledger?from=2021-W23&to=2021-W25', { cookie })).text();
    // only W23's confirmed 10% counts: W24 and W25 read as silent weeks
    expect(cells(ledger, 7)).toEqual(['绿 10%', '黄 10%', '黄 10%']);
  });
});
