import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPlan } from '../../src/knowledge/import-plan.js';
import type { Knowledge } from '../../src/knowledge/schema.js';
import { projectRoot } from '../../src/project-root.js';

// The answer key is tests/fixtures/plans/blind-plans-README.md, written by the engineer who wrote the two plans
// without seeing the importer; every expectation below is copied from it.
const load = (name: string): Knowledge => {
  const r = importPlan(readFileSync(path.join(projectRoot(), 'tests/fixtures/plans', name), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.knowledge;
};
const figures = (x: { targets: Knowledge['tasks'][number]['targets'] }) =>
  x.targets.map((t) => `${t.value}${t.unit}`);

describe('jishan-rural-revitalization-talent-2022.txt against its key', () => {
  const k = load('jishan-rural-revitalization-talent-2022.txt');

  it('reads the document facts', () => {
    expect(k.document).toMatchObject({
      title: '稷山县乡村振兴人才培育三年行动方案（2022—2024年）',
      noticeTitle: '稷山县人民政府办公室关于印发稷山县乡村振兴人才培育三年行动方案（2022—2024年）的通知',
      docNumber: '稷政办发〔2022〕15号',
      issuer: '稷山县人民政府办公室',
      recipients: '各乡(镇)人民政府,县直各有关单位',
      issuedOn: '2022-03-18',
      publishedOn: '2022-03-25',
      indexNumber: '1114102301289005557/2022-00187',
    });
    expect(k.document.basis.map((b) => b.title)).toEqual([
      '关于加快推进乡村人才振兴的意见',
      '山西省加快推进乡村人才振兴实施方案',
      '运城市乡村人才振兴三年行动计划',
    ]);
    expect(k.principles.map((p) => p.title)).toEqual(['坚持党管人才', '坚持需求导向', '坚持内培外引']);
    expect(k.goals.deadline).toEqual({ date: '2024-12-31', text: '2024年底' });
  });

  it('reads 4 groups of 16 tasks, each with its units, the lead first', () => {
    expect(k.groups.map((g) => [g.title, g.tasks])).toEqual([
      ['加快培养农业生产经营人才', [1, 2, 3, 4]],
      ['加快培养农村二三产业发展人才', [5, 6, 7, 8]],
      ['加快培养乡村公共服务和治理人才', [9, 10, 11, 12]],
      ['加快培养农业农村科技人才', [13, 14, 15, 16]],
    ]);
    expect(k.tasks.map((t) => t.title)).toEqual([
      '实施高素质农民培育计划',
      '培育家庭农场和农民合作社带头人',
      '培养农业社会化服务人才',
      '实施乡村产业振兴带头人“头雁”培育工程',
      '培育农村创业创新带头人',
      '培育农村电商人才',
      '培养乡村工匠和传统技艺传承人',
      '培育乡村旅游和文化人才',
      '加强乡村教师队伍建设',
      '加强乡村卫生健康人才队伍建设',
      '培育乡村治理人才',
      '培养农村妇女致富带头人',
      '加强农技推广人才队伍建设',
      '实施科技特派员服务行动',
      '发挥职业学校培养乡村人才作用',
      '建设乡村振兴人才实训基地',
    ]);
    expect(k.tasks[3]?.units).toEqual(['县乡村振兴局', '县委组织部', '县农业农村局', '县财政局']);
    expect(k.tasks[13]?.units).toEqual(['县科协', '县农业农村局', '县教育局']);
    const leads = (u: string) => k.tasks.filter((t) => t.units[0] === u).map((t) => t.no);
    const part = (u: string) => k.tasks.filter((t) => t.units.includes(u)).map((t) => t.no);
    expect(part('县农业农村局')).toEqual([1, 2, 3, 4, 5, 8, 12, 13, 14, 15, 16]);
    expect(leads('县农业农村局')).toEqual([1, 2, 3, 13]);
    expect(part('县人社局')).toEqual([3, 5, 6, 7, 9, 10, 12, 13, 16]);
    expect(leads('县人社局')).toEqual([5]);
    expect(leads('县财政局')).toEqual([]);
    expect(leads('县乡村振兴局')).toEqual([4, 16]);
    expect(part('县委宣传部')).toEqual([]);
    expect(k.units.map((u) => u.name)).toContain('县委宣传部');
    expect(k.safeguards.map((s) => [s.title, s.units[0]])).toEqual([
      ['加强组织领导', '县委组织部'],
      ['强化资金保障', '县财政局'],
      ['完善激励机制', '县人社局'],
      ['营造良好氛围', '县委宣传部'],
    ]);
  });

  it('reads every figure with its classifier and bound, and the deadlines written in the tasks', () => {
    expect(k.tasks.map(figures)).toEqual([
      ['500人以上', '1500人以上', '300人以上'],
      ['1-3个'],
      ['200名左右'],
      ['20名左右', '2万元以上'],
      ['100名以上', '1个'],
      ['20期以上', '1000人次以上', '2-3个'],
      ['50名左右', '3个以上'],
      ['300人次以上', '100名左右'],
      ['40名以上', '1次以上', '100%', '10%以上'],
      ['1名以上', '45%以上', '10名左右'],
      ['30%以上', '1个', '50名以上'],
      ['2000人次左右', '60名以上', '5个'],
      ['5天以上', '50%左右'],
      ['80名以上', '5个'],
      ['2个以上', '200人左右'],
      ['3-5个', '3000人次以上'],
    ]);
    expect(k.safeguards.map(figures)).toEqual([[], ['5%以上'], [], []]);
    const what = (no: number) => k.tasks[no - 1]?.targets.map((t) => t.what);
    expect(what(1)).toEqual(['高素质农民（每年）', '高素质农民（累计）', '产业带头人']);
    expect(what(16)).toEqual(['县级乡村振兴人才实训基地', '年培训能力']);
    expect(k.tasks.map((t) => (t.deadline.source === 'explicit' ? t.deadline.text : '-'))).toEqual([
      '2024年底',
      '2023年6月底',
      '-',
      '2022年底',
      '2024年底',
      '-',
      '2023年底',
      '-',
      '-',
      '2024年底',
      '2023年底',
      '2024年底',
      '2024年底',
      '2022年9月底',
      '2024年底',
      '2024年6月底',
    ]);
  });
});

describe('jishan-campus-safety-2023.txt against its key: tasks numbered （一）…（十） across sections', () => {
  const k = load('jishan-campus-safety-2023.txt');

  it('reads the document facts and the goals', () => {
    expect(k.document).toMatchObject({
      title: '稷山县2023年校园安全提升行动实施方案',
      docNumber: '稷政办发〔2023〕7号',
      issuer: '稷山县人民政府办公室',
      issuedOn: '2023-02-24',
      publishedOn: '2023-03-02',
      indexNumber: '1114102301289005557/2023-00096',
    });
    expect(k.document.basis.map((b) => b.title)).toEqual(['山西省中小学幼儿园安全管理办法']);
    expect(k.goals.deadline).toEqual({ date: '2023-12-31', text: '2023年底' });
  });

  it('takes the sections holding the tasks as groups, 牵头单位 first, and 工作要求 as unit-less safeguards', () => {
    expect(k.groups.map((g) => [g.title, g.tasks])).toEqual([
      ['夯实校园安全基础', [1, 2, 3, 4]],
      ['整治校园周边环境', [5, 6, 7]],
      ['提升安全教育和应急能力', [8, 9, 10]],
    ]);
    expect(k.tasks.map((t) => [t.title, t.units[0]])).toEqual([
      ['推进校园安防建设', '县教育局'],
      ['开展校舍安全隐患排查', '县教育局'],
      ['加强学校消防安全管理', '县消防救援大队'],
      ['强化学校食品安全监管', '县市场监管局'],
      ['维护校园周边治安秩序', '县公安局'],
      ['加强校车和学生交通安全管理', '县公安局交警大队'],
      ['整治校园周边经营场所', '县文旅局'],
      ['深入开展防溺水工作', '县教育局'],
      ['加强学生心理健康教育', '县教育局'],
      ['强化安全教育和应急演练', '县应急管理局'],
    ]);
    expect(k.tasks[8]?.units).toEqual(['县教育局', '县卫健局', '团县委', '县妇联']);
    const part = (u: string) => k.tasks.filter((t) => t.units.includes(u)).map((t) => t.no);
    expect(part('县教育局')).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10]);
    expect(part('县公安局')).toEqual([1, 5, 7]);
    expect(part('县公安局交警大队')).toEqual([6]);
    expect(k.safeguards.map((s) => [s.title, s.units])).toEqual([
      ['压实工作责任', []],
      ['加强督导检查', []],
      ['做好经费保障', []],
    ]);
  });

  it('reads the figures (not the “四个100%” in quotes, not the date “11·9”) and the deadlines', () => {
    expect(k.tasks.map(figures)).toEqual([
      ['100%'],
      ['1次'],
      ['2次以上', '100%'],
      ['100%', '2次以上'],
      ['200米', '100%'],
      ['1次'],
      ['200米内', '4次以上'],
      ['100块以上'],
      ['1名以上', '100%', '1次'],
      ['1次以上', '95%以上'],
    ]);
    expect(k.tasks.map((t) => (t.deadline.source === 'explicit' ? t.deadline.text : '-'))).toEqual([
      '2023年6月底',
      '2023年8月底',
      '2023年9月底',
      '2023年9月底',
      '-',
      '2023年5月底',
      '-',
      '2023年汛期前',
      '2023年12月底',
      '-',
    ]);
  });
});
