import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPlan } from '../../src/knowledge/import-plan.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { projectRoot } from '../../src/project-root.js';
import { QuestionAnswerer } from '../../src/qa/answer-question.js';
import { runCli } from '../cli/run-cli.js';

const count = (text: string, word: string) => text.split(word).length - 1;

// 稷政发〔2021〕6号 lists each task's units (（责任单位：…）) without naming a lead: that the first one leads is the
// reading by convention, and the answers say so once where they name a lead
describe('牵头: the first unit listed leads (by convention), said once where it matters', () => {
  const qa = new QuestionAnswerer(loadKnowledge());
  const questions = [
    '任务14谁负责',
    '任务14谁牵头',
    '任务14的配合单位有哪些',
    '县财政局在任务9里是牵头还是配合',
    '县发改局牵头哪些任务',
    '任务12和任务14各由谁牵头',
    '任务14的主要内容',
  ];

  it.each(questions)('%s', (q) => {
    const text = qa.answer(q).text;
    expect(count(text, '按惯例'), text).toBe(1);
    expect(text).toContain('第一个');
  });

  it('through `plan-bot ask` too', async () => {
    const r = await runCli(['ask', '任务14谁牵头']);
    expect(r.stdout).toContain('由县发改局牵头');
    expect(count(r.stdout, '按惯例')).toBe(1);
  });

  it('says nothing of a convention for a plan whose clauses name their lead (（牵头单位：…；配合单位：…）)', () => {
    const source = readFileSync(
      path.join(projectRoot(), 'tests/fixtures/plans/plan-lead-cooperate.txt'),
      'utf8',
    );
    const r = importPlan(source);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const other = new QuestionAnswerer(r.knowledge);
    const text = other.answer('任务1谁负责').text;
    expect(text).toContain('牵头');
    expect(text).not.toContain('按惯例');
  });
});
