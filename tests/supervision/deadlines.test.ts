import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPlan } from '../../src/knowledge/import-plan.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { Knowledge } from '../../src/knowledge/schema.js';
import { projectRoot } from '../../src/project-root.js';
import { taskDeadline } from '../../src/supervision/deadlines.js';

const kb = loadKnowledge();

/** The bundled plan with one task's text changed, as another plan would word it. */
function withText(no: number, text: string): Knowledge {
  return { ...kb, tasks: kb.tasks.map((t) => (t.no === no ? { ...t, text } : t)) };
}

describe('a task deadline', () => {
  it('comes from the task text, else the goals, with the words it was read from', () => {
    expect(taskDeadline(kb, 2)).toMatchObject({
      date: '2022-12-31',
      label: '2022年12月31日',
      source: 'task',
    });
    expect(taskDeadline(kb, 2).quote).toBe('到2022年底');
    expect(taskDeadline(kb, 9)).toMatchObject({ date: '2022-12-31', source: 'task', quote: '到2022年' });
    expect(taskDeadline(kb, 14)).toMatchObject({ date: '2022-12-31', source: 'goals', quote: '到2022年底' });
    const other = withText(
      14,
      '建立产教融合项目库，2021年9月底前完成首批项目遴选，到2022年6月底前全面建成。',
    );
    expect(taskDeadline(other, 14)).toMatchObject({
      date: '2022-06-30',
      source: 'task',
      quote: '到2022年6月底前',
    });
    const noYear = withText(5, '年内完成学校布局调整。');
    expect(taskDeadline(noYear, 5)).toMatchObject({ date: '2021-12-31', source: 'task' });
  });

  it('is overridden in chat, and in the overlay when the plan is imported', () => {
    const chat = new Map([[14, { date: '2022-03-31' }]]);
    expect(taskDeadline(kb, 14, chat)).toMatchObject({ date: '2022-03-31', source: 'chat' });
    const raw = readFileSync(
      path.join(projectRoot(), 'knowledge/source/jishan-vocational-education-plan-2021.txt'),
      'utf8',
    );
    const overlay = JSON.parse(
      readFileSync(path.join(projectRoot(), 'knowledge/jishan-2021.overlay.json'), 'utf8'),
    );
    const r = importPlan(raw, {
      ...overlay,
      tasks: { ...overlay.tasks, 3: { ...overlay.tasks?.['3'], deadline: '2021-12-31' } },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.knowledge.tasks[2]?.deadline).toMatchObject({ date: '2021-12-31', source: 'overlay' });
    expect(taskDeadline(r.knowledge, 3)).toMatchObject({ date: '2021-12-31', source: 'overlay' });
    // an admin's date still wins over the overlay
    expect(taskDeadline(r.knowledge, 3, new Map([[3, { date: '2022-01-31' }]]))).toMatchObject({
      source: 'chat',
    });
  });
});
