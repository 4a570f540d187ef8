import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/file-store.js';
import { mountSmallDisk, smallDiskUnavailable } from '../helpers/small-disk.js';
import { TEST_ROSTER, tempBot } from '../helpers/temp-bot.js';

/** What a fresh reader finds on disk (snapshot and journal), opened read-only beside the running store. */
const onDisk = async (dataDir: string) => (await FileStore.open(dataDir, { readOnly: true })).data;

describe('check-ins through the core', () => {
  it('records a liaison report on disk before confirming, and echoes it', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [reply] = await bot.say('lark:ou_fin1', '任务14 进度60% 已召开校企座谈会');
    expect(reply).toContain('已记录 县财政局 2021-W23');
    expect(reply).toContain('任务14「推进产教深度融合」进度60%，正常推进，说明：已召开校企座谈会');
    const db = await onDisk(bot.dataDir);
    expect(db.checkins).toHaveLength(1);
    expect(db.checkins[0]).toMatchObject({
      unit: '县财政局',
      task: 14,
      week: '2021-W23',
      progress: 60,
      late: false,
    });
    // the backup on WeChat reports for the same unit
    const [r2] = await bot.say('wechat:wxid_fin2', '任务2 百分之三十；任务3 本周无进展');
    expect(r2).toContain('任务2');
    expect(r2).toContain('任务3「提升职业学校管理水平」本周无进展');
    expect((await onDisk(bot.dataDir)).checkins).toHaveLength(3);
  });

  it('supersedes a correction, keeps the history, and withdraws the last report', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    await bot.say('lark:ou_fin1', '任务14 进度60%');
    const [fix] = await bot.say('lark:ou_fin1', '任务14 进度65% 修正');
    expect(fix).toContain('已替换本周之前的汇报');
    expect(bot.core.desk.roster.current('县财政局', '2021-W23').get(14)?.progress).toBe(65);
    const [undo] = await bot.say('lark:ou_fin1', '撤回');
    expect(undo).toContain('已撤回');
    expect(bot.core.desk.roster.current('县财政局', '2021-W23').get(14)?.progress).toBe(60);
    const db = await onDisk(bot.dataDir);
    expect(db.checkins).toHaveLength(2);
    expect(db.checkins[1]?.withdrawn).toBe(true);
  });

  it("refuses a task that is not the unit's, listing the unit's own tasks, and stores nothing", async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [reply] = await bot.say('lark:ou_fin1', '任务7 进度50%；任务8 进度20%');
    expect(reply).toContain('没有记录：任务7、8不是县财政局的任务');
    expect(reply).toContain('任务14「推进产教深度融合」（配合）');
    expect(bot.store.data.checkins).toHaveLength(0);
  });

  it("records the unit's own tasks of a mixed message and names the refused ones with the reason", async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [reply] = await bot.say('lark:ou_fin1', '任务7 进度50%；任务14 进度20%');
    expect(reply).toMatch(/^已记录 县财政局 2021-W23：\n• 任务14「推进产教深度融合」进度20%，正常推进\n/);
    expect(reply).toContain('未记录：任务7不是县财政局的任务');
    expect(bot.store.data.checkins.map((c) => [c.task, c.progress])).toEqual([[14, 20]]);
  });

  it('asks which task when a multi-task unit gives none, and takes the number in the next message', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [ask] = await bot.say('lark:ou_fin1', '进度70% 资金已拨付');
    expect(ask).toContain('是哪项任务的');
    const [done] = await bot.say('lark:ou_fin1', '任务16');
    expect(done).toContain('任务16「实施高水平实训基地建设计划」进度70%');
    expect(bot.store.data.checkins[0]).toMatchObject({ task: 16, note: '资金已拨付' });
    // a bare number, or a task number with a filler word, answers too
    await bot.say('lark:ou_fin1', '本周无进展');
    await bot.say('lark:ou_fin1', '2');
    await bot.say('lark:ou_fin1', '进度10%');
    await bot.say('lark:ou_fin1', '是任务3');
    expect(bot.store.data.checkins.map((c) => [c.task, c.status, c.progress])).toEqual([
      [16, 'normal', 70],
      [2, 'none', null],
      [3, 'normal', 10],
    ]);
  });

  it('uses the only task of a single-task unit, and marks replies after the week closes as late', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER, at: '2021-06-11T18:30:00+08:00' });
    const [reply] = await bot.say('wechat:wxid_tour', '进度40% 完成工匠选树方案');
    expect(reply).toContain('任务10「培养后稷工匠后备人才」进度40%');
    expect(reply).toContain('逾期汇报');
    expect(bot.store.data.checkins[0]?.late).toBe(true);
  });

  it('tells an unbound user how to get bound, but still answers questions', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const [reply] = await bot.say('lark:ou_stranger', '任务14 进度60%');
    expect(reply).toContain('还没有绑定');
    expect(reply).toContain('绑定 单位名称 lark:ou_stranger');
    const [answer] = await bot.say('lark:ou_stranger', '任务14谁负责');
    expect(answer).toContain('县发改局');
    expect(bot.store.data.checkins).toHaveLength(0);
  });

  it('handles a re-delivered message once', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER });
    const first = await bot.say('lark:ou_fin1', '任务14 进度60%', { id: 'same' });
    const again = await bot.say('lark:ou_fin1', '任务14 进度60%', { id: 'same' });
    expect(first).toHaveLength(1);
    expect(again).toHaveLength(0);
    expect(bot.store.data.checkins).toHaveLength(1);
  });

  it('answers progress questions, my tasks, and the weekly status for admins only', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER, admins: ['lark:ou_admin'] });
    await bot.say('lark:ou_fin1', '任务14 进度60% 已召开校企座谈会');
    const [progress] = await bot.say('wechat:wxid_anyone', '任务14进展如何');
    expect(progress).toContain('县财政局（配合）2021-06-07（2021-W23）：进度60%');
    expect(progress).toContain('县发改局（牵头）：尚未汇报');
    const [done] = await bot.say('wechat:wxid_anyone', '任务14完成了吗');
    expect(done).toContain('任务14「推进产教深度融合」最新进展');
    const [mine] = await bot.say('lark:ou_fin1', '我的任务');
    expect(mine).toContain('任务14「推进产教深度融合」（配合）：本周已报');
    expect(mine).toContain('任务2「实施职业教育铸魂育人计划」（配合）：本周未报');
    const [refused] = await bot.say('lark:ou_fin1', '本周汇报情况');
    expect(refused).toContain('只有管理员');
    const [status] = await bot.say('lark:ou_admin', '本周汇报情况');
    expect(status).toContain('⚠️ 县财政局：已报1/11');
    expect(status).toContain('❌ 县文旅局：已报0/1；未报：任务10');
  });

  it('lets admins bind and unbind members, validating unit names', async () => {
    const bot = await tempBot({ admins: ['wechat:wxid_admin'] });
    const [bad] = await bot.say('wechat:wxid_admin', '绑定 县财正局 lark:ou_x 张三');
    expect(bad).toContain('没有找到单位“县财正局”');
    expect(bad).toContain('县财政局');
    const [ok] = await bot.say('wechat:wxid_admin', '绑定 财政局 lark:ou_x 张三 备岗');
    expect(ok).toContain('已绑定：张三（lark:ou_x）为县财政局备岗');
    const [list] = await bot.say('wechat:wxid_admin', '名单');
    expect(list).toContain('县财政局：张三（lark:ou_x，备岗）');
    const [rep] = await bot.say('lark:ou_x', '任务9 进度10%');
    expect(rep).toContain('已记录 县财政局');
    const [gone] = await bot.say('wechat:wxid_admin', '解绑 lark:ou_x');
    expect(gone).toContain('已解绑');
    const [refused] = await bot.say('lark:ou_x', '绑定 县财政局 lark:ou_x 张三');
    expect(refused).toContain('只有管理员');
  });

  const noDisk = smallDiskUnavailable();
  it.skipIf(noDisk !== undefined)(
    `says 未保存 on a full disk and rolls memory back, then saves again when space is freed${noDisk ? ` (skipped: ${noDisk})` : ''}`,
    async () => {
      const disk = mountSmallDisk(256);
      try {
        const admin = 'wechat:wxid_admin';
        writeFileSync(path.join(disk.dir, 'roster.json'), JSON.stringify(TEST_ROSTER));
        const bot = await tempBot({ admins: [admin], dataDir: disk.dir });
        // long notes: a withdrawal's journal line is then at least as long as the check-in's that did not fit
        const note = '已召开校企合作推进会'.repeat(30);
        await bot.say('lark:ou_fin1', `任务14 进度10% ${note}`);
        // fill the disk to the last byte
        const filler = path.join(disk.dir, 'filler');
        let chunk = Buffer.alloc(64 * 1024, 1);
        for (;;) {
          try {
            writeFileSync(filler, chunk, { flag: 'a' });
          } catch {
            if (chunk.length === 1) break;
            chunk = Buffer.alloc(Math.max(1, chunk.length >> 1), 1);
          }
        }
        // what still fits in the journal's last page is taken; then every reply says 未保存
        const acked: number[] = [];
        let reply = '';
        for (let i = 1; i <= 20 && !reply.includes('未保存'); i++) {
          [reply = ''] = await bot.say('lark:ou_fin1', `任务9 进度${i}% ${note}`);
          if (reply.startsWith('已记录')) acked.push(i);
          else expect(reply).toContain('未保存：服务器写入失败，这条汇报没有记录');
        }
        expect(reply).toContain('未保存');
        const kept = [10, ...acked];
        expect(bot.store.data.checkins.map((c) => c.progress)).toEqual(kept);
        const [undo] = await bot.say('lark:ou_fin1', '撤回');
        expect(undo).toContain('未保存');
        expect(bot.store.data.checkins.map((c) => c.withdrawn)).toEqual(kept.map(() => false));
        const [bind] = await bot.say(admin, `绑定 县财政局 lark:ou_new ${'张'.repeat(600)}`);
        expect(bind).toContain('未保存');
        expect(bot.core.desk.roster.memberOf('lark', 'ou_new')).toBeUndefined();
        rmSync(filler);
        const [again] = await bot.say('lark:ou_fin1', '任务2 进度20%');
        expect(again).toContain('已记录');
        const reopened = await onDisk(disk.dir);
        expect(reopened.checkins.map((c) => [c.progress, c.withdrawn])).toEqual([
          ...kept.map((p) => [p, false]),
          [20, false],
        ]);
        expect(reopened.roster.flatMap((u) => u.members.map((m) => m.id))).not.toContain('ou_new');
        await bot.store.close();
      } finally {
        disk.unmount();
      }
    },
  );
});

describe('weekly jobs', () => {
  it('prompts Monday 09:00, reminds only missing units on Thursday, sends the digest to admins on Friday', async () => {
    const bot = await tempBot({
      roster: TEST_ROSTER,
      admins: ['lark:ou_admin'],
      at: '2021-06-06T12:00:00+08:00',
    });
    const prompts = await bot.core.runDue(new Date('2021-06-07T09:00:00+08:00'));
    expect(prompts.map((o) => `${o.to.platform}:${o.to.chatId}`).sort()).toEqual([
      'lark:oc_bianban',
      'lark:ou_fin1',
      'wechat:wxid_tour',
    ]);
    const fin = prompts.find((o) => o.to.chatId === 'ou_fin1');
    expect(fin && 'text' in fin ? fin.text : '').toContain('任务14「推进产教深度融合」（配合）');
    expect(await bot.core.runDue(new Date('2021-06-07T09:30:00+08:00'))).toEqual([]);
    bot.clock.set('2021-06-08T10:00:00+08:00');
    await bot.say('wechat:wxid_tour', '任务10 进度30%');
    await bot.say('lark:ou_bb', '任务9 进度50%');
    const reminders = await bot.core.runDue(new Date('2021-06-10T15:00:00+08:00'));
    expect(reminders.map((o) => o.to.chatId).sort()).toEqual(['ou_fin1', 'wxid_fin2']);
    const digest = await bot.core.runDue(new Date('2021-06-11T17:00:00+08:00'));
    // the digest, then the week's 督办通报 (docs/supervision.md)
    expect(digest).toHaveLength(2);
    expect(digest[0]?.to).toMatchObject({ platform: 'lark', userId: 'ou_admin' });
    expect(digest[0] && 'text' in digest[0] ? digest[0].text : '').toContain('2/3个单位已全部汇报');
    expect(digest[1] && 'text' in digest[1] ? digest[1].text : '').toMatch(/^【督办通报】2021-W23/);
  });

  it('moves a prompt that falls on a public holiday to the next workday (端午 2021-06-14)', async () => {
    const bot = await tempBot({ roster: TEST_ROSTER, at: '2021-06-13T12:00:00+08:00' });
    expect(await bot.core.runDue(new Date('2021-06-14T10:00:00+08:00'))).toEqual([]);
    const out = await bot.core.runDue(new Date('2021-06-15T09:00:00+08:00'));
    expect(out.length).toBe(3);
  });

  it('honours a 调休 make-up workday: run hourly through National Day 2021, each job fires once, nothing on the make-up Saturday', async () => {
    const bot = await tempBot({
      roster: TEST_ROSTER,
      admins: ['lark:ou_admin'],
      at: '2021-10-01T12:00:00+08:00',
    });
    // 2021-10-01..07 are holidays (Mon 10-04 and Thu 10-07 included); Fri 10-08 and Sat 10-09 (调休) are workdays
    const fired: string[] = [];
    const hour = 3600_000;
    const from = new Date('2021-10-01T13:00:00+08:00').getTime();
    for (let t = from; t <= new Date('2021-10-12T00:00:00+08:00').getTime(); t += hour) {
      for (const o of await bot.core.runDue(new Date(t))) {
        const local = new Date(t + 8 * hour).toISOString().slice(0, 16);
        const kind = ('text' in o ? (o.text ?? '') : '').match(/^【([^】]+)】/)?.[1];
        fired.push(`${local} ${kind} ${o.to.chatId}`);
      }
    }
    expect(fired.filter((f) => f.startsWith('2021-10-09'))).toEqual([]); // the make-up Saturday itself
    expect(fired).toEqual([
      '2021-10-08T09:00 每周进度汇报 ou_fin1',
      '2021-10-08T09:00 每周进度汇报 oc_bianban',
      '2021-10-08T09:00 每周进度汇报 wxid_tour',
      '2021-10-08T15:00 提醒 ou_fin1',
      '2021-10-08T15:00 提醒 wxid_fin2',
      '2021-10-08T15:00 提醒 oc_bianban',
      '2021-10-08T15:00 提醒 wxid_tour',
      '2021-10-08T17:00 2021-W40 汇报情况 ou_admin',
      '2021-10-08T17:00 督办通报 ou_admin',
      '2021-10-11T09:00 每周进度汇报 ou_fin1',
      '2021-10-11T09:00 每周进度汇报 oc_bianban',
      '2021-10-11T09:00 每周进度汇报 wxid_tour',
    ]);
    // a report sent on the make-up Saturday belongs to week 40, after its digest: late
    bot.clock.set('2021-10-09T10:00:00+08:00');
    const [reply] = await bot.say('wechat:wxid_tour', '任务10 进度40%');
    expect(reply).toContain('2021-W40');
    expect(bot.store.data.checkins[0]).toMatchObject({ week: '2021-W40', late: true });
  });
});
