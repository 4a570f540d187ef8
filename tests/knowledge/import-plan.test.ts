import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveAliases } from '../../src/knowledge/derive-aliases.js';
import { importPlan } from '../../src/knowledge/import-plan.js';
import { defaultKnowledgePath } from '../../src/knowledge/load-knowledge.js';
import { projectRoot } from '../../src/project-root.js';
import { QuestionAnswerer } from '../../src/qa/answer-question.js';
import { runCli } from '../cli/run-cli.js';
import { TASK14_UNITS, tempDataDir } from '../helpers/temp-bot.js';

const root = projectRoot();
const read = (p: string) => readFileSync(path.join(root, p), 'utf8');
const plan = (name: string) => {
  const r = importPlan(read(`tests/fixtures/plans/${name}`));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.knowledge;
};

describe('importing the bundled plan', () => {
  it('reproduces knowledge/jishan-2021.json from the seed text and the overlay', () => {
    const r = importPlan(
      read('knowledge/source/jishan-vocational-education-plan-2021.txt'),
      JSON.parse(read('knowledge/jishan-2021.overlay.json')),
    );
    expect(r.ok).toBe(true);
    expect(r.ok && r.knowledge).toEqual(JSON.parse(readFileSync(defaultKnowledgePath, 'utf8')));
  });

  it('gets every fact that is not curated from the text alone', () => {
    const r = importPlan(read('knowledge/source/jishan-vocational-education-plan-2021.txt'));
    if (!r.ok) throw new Error('import failed');
    const k = r.knowledge;
    expect(k.document).toMatchObject({
      title: '稷山县推进新时代职业教育改革发展行动计划',
      docNumber: '稷政发〔2021〕6号',
      issuer: '稷山县人民政府',
      issuedOn: '2021-04-28',
      publishedOn: '2021-05-21',
    });
    expect(k.document.basis.map((b) => b.docNumber)).toEqual([
      '国发〔2019〕4号',
      '晋政发〔2020〕19号',
      '运政发〔2021〕8号',
    ]);
    expect(k.tasks).toHaveLength(20);
    expect(k.tasks[13]?.units).toEqual(TASK14_UNITS);
    expect(k.units).toHaveLength(17);
    expect(k.units.find((u) => u.name === '县财政局')?.aliases).toEqual(['财政局']);
    expect(k.units.find((u) => u.name === '县人社局')?.aliases).toEqual(['人社局', '人社']);
    expect(k.safeguards.map((s) => s.units.length)).toEqual([8, 2, 3, 9]);
    expect(k.tasks[8]?.targets.map((t) => [t.value, t.unit])).toEqual([
      [3, '年以上'],
      [60, '%'],
    ]);
  });
});

describe('importing differently formatted plans', () => {
  it('reads a web page with chrome, full-width digits and punctuation, broken lines and mixed unit separators', () => {
    const k = plan('plan-fullwidth-chrome.txt');
    expect(k.document).toMatchObject({
      title: '河津市农村人居环境整治提升行动方案',
      docNumber: '河政发〔2022〕3号',
      issuer: '河津市人民政府',
      issuedOn: '2022-03-10',
      publishedOn: '2022-03-15',
      indexNumber: '11141000MB1234567X/2022-00018',
    });
    expect(k.guidingIdeology).toContain('坚持因地制宜、分类指导，扎实推进农村厕所革命');
    expect(k.groups.map((g) => [g.title, g.tasks])).toEqual([
      ['扎实推进农村厕所革命', [1, 2]],
      ['加快推进生活污水治理', [3, 4]],
      ['全面提升生活垃圾治理水平', [5, 6]],
    ]);
    expect(k.tasks[0]?.text).toContain('每年改造农村户用厕所１０００户以上，做到应改尽改');
    expect(k.tasks[0]?.units).toEqual(['市农业农村局', '市卫健局', '各乡镇']);
    expect(k.tasks[2]?.deadline).toMatchObject({ date: '2023-12-31', source: 'explicit' });
    expect(k.tasks[3]?.deadline).toMatchObject({ date: '2025-12-31', source: 'goals' });
    expect(k.tasks[2]?.targets).toEqual([
      {
        what: '污水治理率',
        value: 40,
        unit: '%',
        deadline: '2023年底',
        quote: '到2023年底，污水治理率达到40%。',
      },
    ]);
    expect(k.safeguards.map((s) => [s.title, s.units])).toEqual([
      ['加强组织领导', ['市农业农村局', '市委办']],
      ['加大资金投入', ['市财政局']],
    ]);
    expect(k.units.find((u) => u.name === '市住建局')?.aliases).toEqual(['住建局', '住建']);
  });

  it('reads （牵头单位：…；配合单位：…） lines under the tasks, with units separated by spaces', () => {
    const k = plan('plan-lead-cooperate.txt');
    expect(k.document).toMatchObject({
      docNumber: '平政办发〔2023〕12号',
      issuer: '平陆县人民政府办公室',
      issuedOn: '2023-05-08',
    });
    expect(k.tasks.map((t) => t.units)).toEqual([
      ['县教体局', '县财政局', '县住建局'],
      ['县教体局', '县财政局'],
      ['县教体局', '县文旅局', '各乡镇'],
      ['县教体局', '县人社局', '县委编办'],
      ['县应急管理局', '县教体局', '县市场监管局'],
    ]);
    expect(k.tasks[2]?.text).toBe(
      '推动体育场地开放共享。在保障安全的前提下，推动学校体育场地在节假日向社会开放。',
    );
    expect(k.goals.deadline).toEqual({ date: '2024-12-31', text: '2024年底' });
  });

  it('reads a second county plan with its own task 14 and units of its own (answer key of the blind plans)', () => {
    const k = plan('jishan-rural-revitalization-talent-2022.txt');
    expect(k.document).toMatchObject({
      docNumber: '稷政办发〔2022〕15号',
      issuer: '稷山县人民政府办公室',
      issuedOn: '2022-03-18',
      names: ['乡村振兴人才培育行动方案', '乡村振兴人才培育三年行动方案', '稷政办发〔2022〕15号'],
    });
    expect(k.groups.map((g) => g.tasks)).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
      [13, 14, 15, 16],
    ]);
    expect(k.tasks[13]).toMatchObject({
      title: '实施科技特派员服务行动',
      units: ['县科协', '县农业农村局', '县教育局'],
    });
    const of = (u: string) => k.tasks.filter((t) => t.units.includes(u)).map((t) => t.no);
    expect(of('县农业农村局')).toEqual([1, 2, 3, 4, 5, 8, 12, 13, 14, 15, 16]);
    expect(of('县人社局')).toEqual([3, 5, 6, 7, 9, 10, 12, 13, 16]);
    expect(of('县财政局')).toEqual([1, 4, 9, 10, 15, 16]);
    expect(k.safeguards[3]?.units).toEqual(['县委宣传部', '县融媒体中心', '团县委', '县妇联', '县科协']);
  });

  it('reads tasks numbered （一）…（十） on through the sections, each section a group counted 一、二、三, units on a line of their own', () => {
    const k = plan('jishan-campus-safety-2023.txt');
    expect(k.document).toMatchObject({
      title: '稷山县2023年校园安全提升行动实施方案',
      docNumber: '稷政办发〔2023〕7号',
      issuer: '稷山县人民政府办公室',
      issuedOn: '2023-02-24',
    });
    expect(k.groups.map((g) => [g.numeral, g.title, g.tasks])).toEqual([
      ['一', '夯实校园安全基础', [1, 2, 3, 4]],
      ['二', '整治校园周边环境', [5, 6, 7]],
      ['三', '提升安全教育和应急能力', [8, 9, 10]],
    ]);
    expect(k.tasks[5]?.units).toEqual(['县公安局交警大队', '县交通运输局', '县教育局']);
    expect(k.tasks[0]?.text).not.toContain('牵头单位');
    // 五、工作要求 also numbers its paragraphs （一）…: they are not tasks and name no units
    expect(k.safeguards.map((s) => [s.title, s.units])).toEqual([
      ['压实工作责任', []],
      ['加强督导检查', []],
      ['做好经费保障', []],
    ]);
  });

  it('answers who is responsible and what a unit does on an imported plan with no hand edits', () => {
    for (const [file, who, unitQ, tasks] of [
      ['plan-fullwidth-chrome.txt', '任务3谁负责', '住建局负责哪些任务', [3, 5, 6]],
      ['plan-lead-cooperate.txt', '第五项谁负责', '县财政局负责哪些任务', [1, 2]],
    ] as const) {
      const qa = new QuestionAnswerer(plan(file));
      const a = qa.answer(who);
      expect(a.found).toBe(true);
      expect(a.tasks).toHaveLength(1);
      const k = plan(file);
      const t = k.tasks[(a.tasks[0] ?? 1) - 1];
      for (const u of t?.units ?? []) expect(a.text).toContain(u);
      expect(a.text.indexOf(t?.units[0] ?? '?')).toBeLessThan(a.text.indexOf(t?.units[1] ?? '?'));
      expect(qa.answer(unitQ).tasks).toEqual(tasks);
      expect(qa.answer('任务99谁负责').found).toBe(false);
    }
  });
});

describe('a plan whose 总体要求 holds （一）指导思想 （二）基本原则 （三）主要目标', () => {
  it('reads the parts, tasks with 牵头单位；责任单位, and figures with what they count', () => {
    const k = plan('plan-overall-requirements.txt');
    expect(k.guidingIdeology).toMatch(/^坚持以人民为中心的发展思想/);
    expect(k.principles.map((p) => p.title)).toEqual(['坚持规划引领', '坚持建管并重']);
    expect(k.goals.deadline).toEqual({ date: '2026-12-31', text: '2026年底' });
    expect(k.groups.map((g) => [g.title, g.tasks])).toEqual([
      ['实施规模化供水工程', [1, 2]],
      ['强化水质保障', [3, 4]],
      ['健全运行管护机制', [5]],
    ]);
    expect(k.tasks.map((t) => t.units)).toEqual([
      ['县水利局', '县发改局', '县财政局'],
      ['县水利局', '各乡镇'],
      ['县生态环境局', '县水利局'],
      ['县卫健局', '县疾控中心', '县水利局'],
      ['县水利局', '各乡镇'],
    ]);
    expect(k.tasks[0]?.deadline).toMatchObject({
      date: '2025-06-30',
      text: '2025年6月底',
      source: 'explicit',
    });
    // 千吨万人 is a name and 一期 a phase, not figures
    expect(k.tasks.flatMap((t) => t.targets.map((x) => `${x.what} ${x.value}${x.unit}`))).toEqual([
      '供水管网 120公里',
      '改造（每年） 15处以上',
      '标志牌 50块以上',
      '县疾控中心对供水工程水质抽检（每季度） 1次',
      '水质达标率 95%以上',
      '专职管水员 80名以上',
    ]);
    expect(k.safeguards[1]?.targets.map((x) => `${x.what} ${x.value}${x.unit}`)).toEqual([
      '农村供水专项资金（每年） 2000万元以上',
    ]);
  });
});

describe('problems', () => {
  it('reports a task without units, a duplicate and a gap, with line numbers, and writes nothing', async () => {
    const r = importPlan(read('tests/fixtures/plans/plan-broken.txt'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([
      { line: 10, message: '任务2没有写责任单位：应以“（责任单位：…）”或“（牵头单位：…；配合单位：…）”结尾' },
      { line: 11, message: '任务编号2出现了两次（前一个是「第二项工作」）' },
      { line: 12, message: '任务编号不连续：这里应是4，写的是5' },
    ]);
    const out = path.join(tempDataDir(), 'broken.json');
    const cli = await runCli(['import', 'tests/fixtures/plans/plan-broken.txt', '--out', out]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('plan-broken.txt:11: 任务编号2出现了两次');
    expect(existsSync(out)).toBe(false);
  });

  it('imports from the command line, and the bot answers from the imported file', async () => {
    const dir = tempDataDir();
    const out = path.join(dir, 'pinglu.json');
    const r = await runCli(['import', 'tests/fixtures/plans/plan-lead-cooperate.txt', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1组5项任务，9个单位，2条保障机制');
    const ask = await runCli(['ask', '县应急管理局牵头哪些任务', '--knowledge', out]);
    expect(ask.stdout).toContain('任务5「保障运动场地安全」');
    const env = await runCli(['ask', '--json'], { input: '任务1谁负责\n', env: { PLAN_BOT_KNOWLEDGE: out } });
    expect(JSON.parse(env.stdout).units).toEqual(['县教体局', '县财政局', '县住建局']);
  });
});

describe('deriveAliases', () => {
  it.each([
    ['县财政局', ['财政局', '财政']],
    ['县委编办', ['编办']],
    ['各乡镇', ['乡镇']],
    ['团县委', []],
    ['县扶贫开发服务中心', ['扶贫开发服务中心']],
  ])('%s → %j', (name, aliases) => {
    expect(deriveAliases(name)).toEqual(aliases);
  });

  it('leaves out a stem that is an ordinary word of the plan', () => {
    expect(deriveAliases('县教育局', (w) => w === '教育')).toEqual(['教育局']);
  });
});
