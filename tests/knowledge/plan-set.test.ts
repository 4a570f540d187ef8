import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultKnowledgePath } from '../../src/knowledge/load-knowledge.js';
import { derivePlanNames, titleParts } from '../../src/knowledge/plan-names.js';
import { PlanSet } from '../../src/knowledge/plan-set.js';
import { projectRoot } from '../../src/project-root.js';
import { runCli } from '../cli/run-cli.js';
import { planFolder } from '../helpers/temp-bot.js';

describe('the plan set', () => {
  it('loads a single file as before, and every plan file of a folder (overlays left out), by file name', () => {
    expect(PlanSet.load(defaultKnowledgePath).list.map((p) => p.id)).toEqual(['jishan-2021']);
    // the bundled folder holds the plan and its overlay: one plan
    expect(PlanSet.load(path.dirname(defaultKnowledgePath)).size).toBe(1);
    const set = PlanSet.load(planFolder());
    expect(set.list.map((p) => [p.id, p.short, p.kb.tasks.length])).toEqual([
      ['jishan-2021', '职教行动计划', 20],
      ['jishan-campus-safety-2023', '校园安全实施方案', 10],
      ['jishan-rural-revitalization-talent-2022', '乡村振兴人才培育行动方案', 16],
    ]);
    expect(set.get('jishan-2021')?.names).toContain('稷政发〔2021〕6号');
    // one roster across plans: each unit once, with every plan's aliases
    const names = set.units.map((u) => u.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['县科协', '县公安局交警大队', '县发改局']));
    expect(set.plansOf('县财政局').map((p) => p.id)).toHaveLength(3);
    expect(set.plansOf('县科协').map((p) => p.id)).toEqual(['jishan-rural-revitalization-talent-2022']);
  });

  it('names a bad plan file, and an empty folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-bot-plans-'));
    expect(() => PlanSet.load(dir)).toThrowError(/holds no plan file/);
    copyFileSync(defaultKnowledgePath, path.join(dir, 'a.json'));
    writeFileSync(path.join(dir, 'b.json'), '{"not":"a plan"}');
    expect(() => PlanSet.load(dir)).toThrowError(/b\.json 不是有效的方案文件/);
    const r = await runCli(['ask', '任务1谁负责', '--knowledge', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/b\.json 不是有效的方案文件/);
  });

  it('reloads a folder: a plan added appears, a bad file keeps the plans loaded', () => {
    const dir = planFolder([]);
    const set = PlanSet.load(dir);
    expect(set.size).toBe(1);
    copyFileSync(
      path.join(projectRoot(), 'tests/fixtures/plans/jishan-campus-safety-2023.json'),
      path.join(dir, 'campus.json'),
    );
    expect(set.reload()).toEqual({ added: ['campus'], removed: [], kept: ['jishan-2021'] });
    expect(set.version).toBe(1);
    writeFileSync(path.join(dir, 'broken.json'), '{');
    expect(() => set.reload()).toThrowError(/broken\.json 不是有效的 JSON/);
    expect(set.size).toBe(2);
  });
});

describe('plan names', () => {
  it.each([
    ['稷山县推进新时代职业教育改革发展行动计划', '职业教育改革发展', '行动计划'],
    ['稷山县乡村振兴人才培育三年行动方案（2022—2024年）', '乡村振兴人才培育', '行动方案'],
    ['稷山县2023年校园安全提升行动实施方案', '校园安全', '实施方案'],
    ['河津市农村人居环境整治提升行动方案', '农村人居环境整治', '行动方案'],
  ])('%s: topic %s, kind %s', (title, topic, kind) => {
    expect(titleParts(title)).toMatchObject({ topic, kind });
  });

  it('derives names from the title and 文号, the topic and kind first', () => {
    expect(
      derivePlanNames({ title: '稷山县2023年校园安全提升行动实施方案', docNumber: '稷政办发〔2023〕7号' }),
    ).toEqual(['校园安全实施方案', '校园安全提升行动实施方案', '稷政办发〔2023〕7号']);
  });
});
