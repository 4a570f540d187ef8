import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewImport } from '../../src/import/preview-import.js';
import { projectRoot } from '../../src/project-root.js';
import { makeDocx } from '../helpers/make-docx.js';
import { planBlocks } from '../helpers/plan-blocks.js';

const read = (p: string) => readFileSync(path.join(projectRoot(), p), 'utf8');
const bytes = (s: string) => new TextEncoder().encode(s);

describe('the preview an admin confirms', () => {
  it('shows title, 文号, issuer and date, the tasks by group, the units, deadlines and every figure', async () => {
    const p = await previewImport(
      bytes(read('knowledge/source/jishan-vocational-education-plan-2021.txt')),
      '稷山.txt',
    );
    expect(p.plan?.tasks).toHaveLength(20);
    expect(p.problems).toEqual([]);
    const lines = p.text.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '方案预览：《稷山县推进新时代职业教育改革发展行动计划》',
      '文号：稷政发〔2021〕6号｜印发：稷山县人民政府｜成文日期：2021年4月28日｜发布：2021-05-21',
      '来源：稷山.txt（文本文件）',
    ]);
    expect(lines).toContain('重点任务20项，分5组：');
    expect(lines).toContain('（三）提高技术技能人才培养质量：任务7–13');
    expect(p.text).toContain('县教育局（15/20）、县人社局（1/13）');
    expect(p.text).toContain('县委宣传部（仅保障机制）');
    expect(lines).toContain('时限：发展目标“到2022年底”');
    expect(lines).toContain('数字指标12个：');
    expect(lines).toContain('• 任务7：职业教育品牌专业 1-3个（2022年底）');
    expect(lines).toContain('• 任务8：市级职业教育精品课程 3门');
    expect(lines).toContain('• 保障机制3：地方教育附加费用于职业教育的比例 30%以上');
    expect(lines.at(-1)).toBe('没有发现需要核对的问题。');
  });

  it('lists the figures of the goals too', async () => {
    const p = await previewImport(
      bytes(read('tests/fixtures/plans/jishan-rural-revitalization-talent-2022.txt')),
      'r.txt',
    );
    expect(p.text).toContain('• 发展目标：各类乡村振兴人才（累计） 5000人以上（2024年底）');
    expect(p.text).toContain('• 发展目标：高素质农民 1500人以上（2024年底）');
    expect(p.text).toContain('• 发展目标：农村实用人才带头人（每个行政村） 2名以上');
  });

  it('refuses a Word file with typed numbers gone wrong, naming each problem by its paragraph and first words', async () => {
    const blocks = planBlocks(read('tests/fixtures/plans/plan-broken.txt'));
    const p = await previewImport(makeDocx(blocks, { typed: true }), '测试方案.docx');
    expect(p.plan).toBeUndefined();
    expect(p.text.split('\n')).toEqual([
      '无法导入“测试方案.docx”（Word 文档）：',
      '1. 第7段「2.第二项工作。做好第二项工作。」：任务2没有写责任单位：应以“（责任单位：…）”或“（牵头单位：…；配合单位：…）”结尾',
      '2. 第8段「2.重复的第二项。做好重复的工作。（责任单位：县…」：任务编号2出现了两次（前一个是「第二项工作」）',
      '3. 第9段「5.第五项工作。做好第五项工作。（责任单位：县丙…」：任务编号不连续：这里应是4，写的是5',
      '请改正文件后重新发送；什么都没有导入。',
    ]);
  });

  it('warns, without refusing, about a unit name one character from another and a figure it cannot name', async () => {
    const text = read('tests/fixtures/plans/jishan-campus-safety-2023.txt')
      .replace('配合单位:县住建局、县应急管理局', '配合单位:县住建局、县应急管里局')
      .replace('师生参与率达到95%以上', '确保实效,达到95%以上');
    const p = await previewImport(bytes(text), 'campus.txt');
    expect(p.plan?.tasks).toHaveLength(10);
    expect(p.problems.map((x) => [x.severity, x.message])).toEqual([
      ['warning', expect.stringMatching(/^任务1的数字“100%”没有读清它指的是什么（读作“专职保安员配备率、/)],
      [
        'warning',
        '任务10的数字“95%以上”没有读清它指的是什么（读作“指标”）：可在 overlay 的 tasks.10.targets 里写明。',
      ],
      ['warning', '责任单位“县应急管里局”和“县应急管理局”只差一个字，是否同一个单位写错了？'],
    ]);
    expect(p.text).toContain('需要核对（3处，不影响导入）：\n1. 任务1的数字');
  });

  it('says which file could not be read and why, in Chinese', async () => {
    const p = await previewImport(bytes('x'), '方案.xlsx');
    expect(p.problems).toEqual([
      { severity: 'error', message: expect.stringContaining('不支持 .xlsx 文件') },
    ]);
    expect(p.text).toMatch(/^无法导入“方案\.xlsx”：\n1\. 不支持 \.xlsx 文件/);
  });
});
