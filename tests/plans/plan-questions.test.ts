import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { manyPlans, planFolder, TASK14_UNITS, tempBot } from '../helpers/temp-bot.js';

const VOC = '〔职教行动计划〕';
const RURAL = '〔乡村振兴人才培育行动方案〕';
const SAFE = '〔校园安全实施方案〕';

async function bot() {
  const b = await tempBot({ plans: manyPlans(), admins: ['lark:ou_admin'] });
  let n = 0;
  const inGroup = async (from: string, text: string, chat = 'oc_county') => {
    const out = await b.core.handle({
      platform: 'lark',
      id: `g${++n}`,
      chatId: chat,
      chatType: 'group',
      sender: { id: from },
      text,
      mentionsBot: true,
      at: b.clock.now(),
    });
    return out.map((o) => ('text' in o ? (o.text ?? '') : ''));
  };
  return { ...b, inGroup };
}

describe('questions find their plan', () => {
  it('answers from the plan a question names, by short name, 文号 or title words, and says which', async () => {
    const { say } = await bot();
    const [a] = await say('lark:ou_x', '职教行动计划 任务14谁负责');
    expect(a?.startsWith(VOC)).toBe(true);
    for (const u of TASK14_UNITS) expect(a).toContain(u);
    const [b] = await say('lark:ou_y', '乡村振兴人才方案任务14谁负责');
    expect(b?.startsWith(RURAL)).toBe(true);
    expect(b).toContain('实施科技特派员服务行动');
    expect(b).toContain('牵头：县科协');
    const [c] = await say('lark:ou_z', '稷政办发〔2023〕7号的任务6谁牵头');
    expect(c?.startsWith(SAFE)).toBe(true);
    expect(c).toContain('县公安局交警大队');
    const [d] = await say('lark:ou_w', '6号文一共有几项任务');
    expect(d).toContain(VOC);
    expect(d).toContain('20项');
  });

  it('answers from the one plan a question fits: a unit or a task number only one plan has, a topic of one plan', async () => {
    const { say } = await bot();
    expect((await say('lark:ou_a', '县科协负责哪些任务'))[0]).toMatch(
      /^〔乡村振兴人才培育行动方案〕县科协是1项重点任务/,
    );
    expect((await say('lark:ou_b', '任务18谁负责'))[0]).toMatch(/^〔职教行动计划〕任务18/);
    expect((await say('lark:ou_c', '双师型教师比例要达到多少'))[0]).toMatch(/^〔职教行动计划〕.*60%/s);
    expect((await say('lark:ou_d', '防溺水工作谁牵头'))[0]).toMatch(/^〔校园安全实施方案〕.*县教育局/s);
  });

  it('asks which plan when a question fits several, and the next message (a number or a name) completes it', async () => {
    const { say } = await bot();
    const [ask] = await say('lark:ou_a', '任务14谁负责');
    expect(ask).toContain('请问您问的是哪个方案');
    expect(ask).toContain('1. 职教行动计划');
    expect(ask).toContain('2. 乡村振兴人才培育行动方案');
    // the safety plan has 10 tasks: it is not offered
    expect(ask).not.toContain('校园安全');
    const [a] = await say('lark:ou_a', '2');
    expect(a).toMatch(/^〔乡村振兴人才培育行动方案〕任务14「实施科技特派员服务行动」/);
    // a follow-up stays in the plan of the question before
    const [f] = await say('lark:ou_a', '那16呢');
    expect(f).toMatch(/^〔乡村振兴人才培育行动方案〕任务16「建设乡村振兴人才实训基地」/);
    const [ask2] = await say('lark:ou_b', '县财政局负责哪些任务');
    expect(ask2).toContain('3个方案');
    const [b] = await say('lark:ou_b', '职教行动计划');
    expect(b).toMatch(/^〔职教行动计划〕县财政局是11项重点任务的责任单位/);
  });

  it('answers in a group from the default plan an admin set with 本群方案, and only admins may set it', async () => {
    const { inGroup } = await bot();
    expect((await inGroup('ou_someone', '本群方案 校园安全'))[0]).toContain('只有管理员');
    expect((await inGroup('ou_admin', '本群方案 乡村人才'))[0]).toContain('已将乡村振兴人才培育行动方案');
    expect((await inGroup('ou_someone', '任务14谁负责'))[0]).toMatch(/^〔乡村振兴人才培育行动方案〕/);
    // a plan named in the question still wins; another chat has no default
    expect((await inGroup('ou_someone', '职教行动计划 任务14谁负责'))[0]).toMatch(/^〔职教行动计划〕/);
    expect((await inGroup('ou_someone', '任务14谁负责', 'oc_other'))[0]).toContain('哪个方案');
    expect((await inGroup('ou_someone', '本群方案'))[0]).toContain(
      '本群的默认方案是乡村振兴人才培育行动方案',
    );
    expect((await inGroup('ou_admin', '本群方案 取消'))[0]).toContain('已取消');
    expect((await inGroup('ou_newcomer', '任务14谁负责'))[0]).toContain('哪个方案');
  });

  it('answers across plans', async () => {
    const { say } = await bot();
    const [which] = await say('lark:ou_a', '哪些方案里有县财政局的任务');
    expect(which).toContain('县财政局在3个方案中有重点任务');
    expect(which).toContain('职教行动计划（稷政发〔2021〕6号）：11项');
    expect(which).toContain('乡村振兴人才培育行动方案（稷政办发〔2022〕15号）：6项');
    const [count] = await say('lark:ou_a', '县财政局一共负责多少项任务（所有方案）');
    expect(count).toContain('合计18项');
    const [kx] = await say('lark:ou_a', '县科协在哪个方案里有任务');
    expect(kx).toContain('县科协在1个方案中有重点任务');
    expect(kx).not.toContain('职教行动计划');
  });

  it('keeps a single-plan bot as it was: no plan named in answers', async () => {
    const { say } = await tempBot();
    const [a] = await say('lark:ou_a', '任务14谁负责');
    expect(a).toMatch(/^任务14「推进产教深度融合」/);
  });
});

describe('plan-bot ask with a plan folder', () => {
  it('--json gives the plan that answered, null when it asks which', async () => {
    const dir = planFolder();
    const r = await runCli(['ask', '--json', '--knowledge', dir], {
      input: '职教行动计划 任务3谁负责\n县科协负责哪些任务\n任务14谁负责\n哪些方案里有县财政局的任务\n',
    });
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((x) => x.plan)).toEqual([
      'jishan-2021',
      'jishan-rural-revitalization-talent-2022',
      null,
      null,
    ]);
    expect(rows[2].found).toBe(false);
    expect(rows[3].found).toBe(true);
    const single = await runCli(['ask', '--json'], { input: '任务3谁负责\n' });
    expect(JSON.parse(single.stdout).plan).toBe('jishan-2021');
  });

  it('--dialog takes the answer to which plan', async () => {
    const r = await runCli(['ask', '--json', '--dialog', '--knowledge', planFolder()], {
      input: '任务14谁负责\n乡村振兴人才方案\n',
    });
    const rows = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows[1]).toMatchObject({
      plan: 'jishan-rural-revitalization-talent-2022',
      found: true,
      tasks: [14],
    });
  });
});
