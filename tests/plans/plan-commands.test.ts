import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { PlanSet } from '../../src/knowledge/plan-set.js';
import { watchPlans } from '../../src/plans/watch-plans.js';
import { projectRoot } from '../../src/project-root.js';
import { FileStore } from '../../src/store/file-store.js';
import { runCli } from '../cli/run-cli.js';
import { planFolder, tempBot } from '../helpers/temp-bot.js';

const RURAL = 'jishan-rural-revitalization-talent-2022.json';
const ROSTER = [
  { unit: '县财政局', members: [{ platform: 'lark', id: 'ou_fin', name: '王会计', role: 'liaison' }] },
];

describe('plans managed in chat', () => {
  it('lists the plans with tasks, units and this week’s reporting rate', async () => {
    const folder = planFolder();
    const { say } = await tempBot({
      plans: PlanSet.load(folder),
      roster: ROSTER,
      at: '2022-06-06T10:00:00+08:00',
    });
    await say('lark:ou_fin', '任务2 进度50%');
    const [list] = await say('lark:ou_any', '方案列表');
    expect(list).toContain('已加载3个方案');
    expect(list).toMatch(
      /1\. 职教行动计划\n {3}《稷山县推进新时代职业教育改革发展行动计划》稷政发〔2021〕6号：20项任务，17个责任单位；本周（2022-W23）汇报1\/11项（9%）/,
    );
    expect(list).toContain('2. 校园安全实施方案');
    expect(list).toContain('10项任务，15个责任单位');
  });

  it('stops and starts a plan (admins only), kept across a restart', async () => {
    const folder = planFolder([RURAL]);
    const bot = await tempBot({ plans: PlanSet.load(folder), roster: ROSTER, admins: ['lark:ou_admin'] });
    expect((await bot.say('lark:ou_fin', '停用 乡村人才'))[0]).toContain('只有管理员');
    expect((await bot.say('lark:ou_admin', '停用 3'))[0]).toContain('没有找到方案“3”');
    expect((await bot.say('lark:ou_admin', '停用 2'))[0]).toContain('已停用乡村振兴人才培育行动方案');
    expect((await bot.say('lark:ou_admin', '停用 乡村人才'))[0]).toContain('已经是停用状态');
    await bot.store.close({ compact: false });
    const again = await tempBot({
      plans: PlanSet.load(folder),
      dataDir: bot.dataDir,
      admins: ['lark:ou_admin'],
    });
    expect(again.store.data.plans.stopped).toEqual(['jishan-rural-revitalization-talent-2022']);
    expect((await again.say('lark:ou_any', '方案列表', { id: 'after-1' }))[0]).toContain(
      '乡村振兴人才培育行动方案〔已停用〕',
    );
    // a stopped plan still answers questions and exports
    expect((await again.say('lark:ou_any', '县科协负责哪些任务', { id: 'after-2' }))[0]).toContain(
      '任务14「实施科技特派员服务行动」',
    );
    expect(
      (await again.say('lark:ou_admin', '启用 乡村振兴人才培育行动方案', { id: 'after-3' }))[0],
    ).toContain('已启用');
    expect(again.store.data.plans.stopped).toEqual([]);
  });

  it('adds a plan without a restart: imported into the folder, then 重新加载方案 (or the folder watch)', async () => {
    const folder = planFolder([]);
    const set = PlanSet.load(folder);
    const bot = await tempBot({ plans: set, admins: ['lark:ou_admin'] });
    expect((await bot.say('lark:ou_x', '县科协负责哪些任务'))[0]).not.toContain('科技特派员');
    const imported = await runCli([
      'import',
      'tests/fixtures/plans/jishan-rural-revitalization-talent-2022.txt',
      '--out',
      path.join(folder, 'rural-talent.json'),
    ]);
    expect(imported.code).toBe(0);
    expect((await bot.say('lark:ou_x', '重新加载方案'))[0]).toContain('只有管理员');
    const [reloaded] = await bot.say('lark:ou_admin', '重新加载方案');
    expect(reloaded).toContain('现有2个方案');
    expect(reloaded).toContain('新增：乡村振兴人才培育行动方案');
    expect((await bot.say('lark:ou_x', '县科协负责哪些任务'))[0]).toContain(
      '〔乡村振兴人才培育行动方案〕县科协',
    );
    // the folder watch does the same in a running bot
    const reloads: string[][] = [];
    const stop = watchPlans(set, silentLogger, { settleMs: 50, onReload: (r) => reloads.push(r.added) });
    copyFileSync(
      path.join(projectRoot(), 'tests/fixtures/plans/jishan-campus-safety-2023.json'),
      path.join(folder, 'campus.json'),
    );
    for (let i = 0; i < 100 && reloads.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    stop();
    expect(reloads[0]).toEqual(['campus']);
    expect((await bot.say('lark:ou_y', '防溺水谁负责'))[0]).toContain('〔校园安全实施方案〕');
  });
});

describe('plan-bot plans', () => {
  it('lists the plans of a folder with the state kept in the data directory, read-only', async () => {
    const folder = planFolder([RURAL]);
    const bot = await tempBot({ plans: PlanSet.load(folder), roster: ROSTER, admins: ['lark:ou_admin'] });
    await bot.say('lark:ou_admin', '停用 乡村人才');
    await bot.store.close();
    const r = await runCli(['plans', '--knowledge', folder, '--data', bot.dataDir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 plans from');
    expect(r.stdout).toContain(
      '2. jishan-rural-revitalization-talent-2022 [stopped]  乡村振兴人才培育行动方案',
    );
    const json = await runCli(['plans', '--json', '--knowledge', folder, '--data', bot.dataDir]);
    const rows = JSON.parse(json.stdout).plans;
    expect(
      rows.map((p: { id: string; tasks: number; stopped: boolean }) => [p.id, p.tasks, p.stopped]),
    ).toEqual([
      ['jishan-2021', 20, false],
      ['jishan-rural-revitalization-talent-2022', 16, true],
    ]);
    const store = await FileStore.open(bot.dataDir);
    expect(store.data.plans.stopped).toHaveLength(1);
    await store.close();
  });
});
