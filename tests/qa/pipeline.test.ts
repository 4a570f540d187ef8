import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPlan } from '../../src/knowledge/import-plan.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { Knowledge } from '../../src/knowledge/schema.js';
import { lexiconFor } from '../../src/language/lexicon.js';
import { tokenize } from '../../src/language/tokenize.js';
import { answerQuestion } from '../../src/qa/answer-question.js';
import { type Conversation, conversationSchema } from '../../src/qa/conversation.js';
import { execute } from '../../src/qa/execute.js';
import { parseQuestion } from '../../src/qa/parse-question.js';
import { type Query, querySchema, type TaskSet } from '../../src/qa/query.js';
import { render } from '../../src/qa/render.js';

const kb = loadKnowledge();
const tokensOf = (text: string, plan: Knowledge = kb) => tokenize(text, lexiconFor(plan));
const parse = (text: string, conv?: Conversation, plan: Knowledge = kb) =>
  parseQuestion(tokensOf(text, plan), plan, conv);

/** Runs a conversation through the one pipeline, keeping only the state object between turns. */
function talk(lines: string[], plan: Knowledge = kb) {
  let state: Conversation | undefined;
  return lines.map((text) => {
    const query = parseQuestion(tokensOf(text, plan), plan, state);
    const out = answerQuestion(tokensOf(text, plan), plan, state);
    // the state is a plain object: it survives JSON and validates against its schema
    state = conversationSchema.parse(JSON.parse(JSON.stringify(out.state)));
    return { query, answer: out.answer };
  });
}

const unit = (u: string, role: 'lead' | 'co' | 'any' = 'any'): TaskSet => ({ op: 'unit', unit: u, role });

describe('parseQuestion: one typed query per question', () => {
  it.each<[string, Query]>([
    ['任务14的牵头单位是谁', { kind: 'clause', ref: { type: 'task', no: 14 }, ask: 'lead' }],
    [
      '县教育局参与但不牵头的任务有哪些',
      {
        kind: 'tasks',
        set: { op: 'and', sets: [unit('县教育局'), { op: 'not', set: unit('县教育局', 'lead') }] },
        count: false,
      },
    ],
    [
      '县教育局牵头、县财政局配合的任务',
      {
        kind: 'tasks',
        set: { op: 'and', sets: [unit('县教育局', 'lead'), unit('县财政局', 'co')] },
        count: false,
      },
    ],
    [
      '只有县教育局一家负责的任务',
      { kind: 'tasks', set: { op: 'unitsExactly', units: ['县教育局'] }, count: false },
    ],
    [
      '恰好有三个责任单位的任务有几项',
      { kind: 'tasks', set: { op: 'unitCount', n: 3, cmp: 'eq' }, count: true },
    ],
    [
      '任务12和任务14共同的责任单位',
      {
        kind: 'units',
        set: {
          op: 'and',
          sets: [
            { op: 'ofTasks', tasks: { op: 'tasks', tasks: [12] }, role: 'any' },
            { op: 'ofTasks', tasks: { op: 'tasks', tasks: [14] }, role: 'any' },
          ],
        },
        count: false,
      },
    ],
    [
      '任务12有而任务14没有的责任单位',
      {
        kind: 'units',
        set: {
          op: 'minus',
          from: { op: 'ofTasks', tasks: { op: 'tasks', tasks: [12] }, role: 'any' },
          sets: [{ op: 'ofTasks', tasks: { op: 'tasks', tasks: [14] }, role: 'any' }],
        },
        count: false,
      },
    ],
    [
      '牵头任务第二多的单位',
      {
        kind: 'rank',
        over: 'units',
        measure: 'tasks',
        role: 'lead',
        dir: 'max',
        position: 2,
        except: [],
      },
    ],
    [
      '县教育局和县人社局谁牵头的任务多，多几项',
      {
        kind: 'compare',
        over: 'units',
        items: ['县教育局', '县人社局'],
        measure: 'tasks',
        role: 'lead',
        how: 'more',
      },
    ],
    [
      '每项任务都有县教育局参与吗',
      {
        kind: 'check',
        claim: { is: 'quant', quant: 'every', domain: { op: 'all' }, pred: unit('县教育局') },
      },
    ],
    [
      '有没有任务没有配合单位',
      {
        kind: 'check',
        claim: {
          is: 'quant',
          quant: 'some',
          domain: { op: 'all' },
          pred: { op: 'not', set: { op: 'hasUnits', role: 'co' } },
        },
      },
    ],
    [
      '县财政局是任务14的牵头单位吗',
      { kind: 'role', unit: '县财政局', ref: { type: 'task', no: 14 }, claim: 'lead' },
    ],
    [
      '县人社局不是任务14的责任单位吧',
      { kind: 'role', unit: '县人社局', ref: { type: 'task', no: 14 }, claim: 'any', not: true },
    ],
    [
      '2022年底前要完成的任务有哪些',
      { kind: 'tasks', set: { op: 'due', year: 2022, cmp: 'le' }, count: false },
    ],
    ['方案的文号是什么', { kind: 'doc', fact: 'docNumber' }],
    // progress is the check-ins feature's, from the reported ledger: the plan only names it
    ['任务14进展如何', { kind: 'progress', tasks: [14] }],
    ['任务14完成了吗', { kind: 'progress', tasks: [14] }],
    [
      'what tasks does the county education bureau lead',
      { kind: 'tasks', set: unit('县教育局', 'lead'), count: false },
    ],
  ])('%s', (text, expected) => {
    const q = parse(text);
    expect(q).toEqual(expected);
    expect(querySchema.parse(q)).toEqual(q);
  });

  it('reads several questions in one message, and several things asked of one clause', () => {
    expect(parse('哪些任务由县教育局牵头？任务3的期限是什么时候')).toEqual({
      kind: 'several',
      parts: [
        { kind: 'tasks', set: unit('县教育局', 'lead'), count: false },
        { kind: 'clause', ref: { type: 'task', no: 3 }, ask: 'deadline' },
      ],
    });
    expect(parse('任务5的牵头单位和完成时限')).toEqual({
      kind: 'several',
      parts: [
        { kind: 'clause', ref: { type: 'task', no: 5 }, ask: 'lead' },
        { kind: 'clause', ref: { type: 'task', no: 5 }, ask: 'deadline' },
      ],
    });
  });

  it('reads the tokens it is given and never changes them', () => {
    const tokens = tokensOf('县教育局牵头、县财政局配合的任务有几项？');
    const before = JSON.stringify(tokens);
    parseQuestion(tokens, kb);
    answerQuestion(tokens, kb);
    expect(JSON.stringify(tokens)).toBe(before);
  });
});

describe('coverage: what was not understood is said, never a narrower question answered', () => {
  it('answers with a note when only a word of the question is not the plan’s', () => {
    const { answer } = talk(['县教育局牵涉哪些任务'])[0] as { answer: { text: string; found: boolean } };
    expect(answer.found).toBe(true);
    expect(answer.text).toMatch(/没有“牵涉”的说法/);
  });

  it('refuses what the plan does not hold, and gives the part it can answer after it', () => {
    const [a] = talk(['任务14的牵头单位负责人是谁']);
    expect(a?.answer.found).toBe(false);
    expect(a?.answer.text).toMatch(/^方案中没有人员姓名/);
    expect(a?.answer.text).toMatch(/能回答的部分：任务14「推进产教深度融合」由县发改局牵头/);
    // who the head of a unit is asks only the person
    expect(talk(['县财政局局长是谁'])[0]?.answer.text).not.toMatch(/能回答的部分/);
  });

  it('checks "X不是任务N的责任单位" and shows the task’s units', () => {
    const [no, yes, lead] = talk([
      '县人社局不是任务14的责任单位吧',
      '县文旅局不是任务14的责任单位吧',
      '县人社局不是任务14的牵头单位吧',
    ]);
    expect(no?.answer.text).toMatch(/^不对。县人社局是任务14「推进产教深度融合」的配合单位/);
    expect(yes?.answer.text).toMatch(/^对。县文旅局不是任务14/);
    expect(yes?.answer.text).toMatch(/该任务由县发改局牵头，配合单位：县教育局、县财政局/);
    expect(lead?.answer.text).toMatch(/^对。县人社局不是任务14「推进产教深度融合」的牵头单位，是配合单位/);
  });

  it('never lists every task for a test it did not read (哪些任务没有配合单位)', () => {
    const [a] = talk(['哪些任务没有配合单位']);
    expect(a?.answer.tasks).toEqual([1, 7, 8, 19]);
  });
});

describe('the conversation tracker', () => {
  it('picks a position from the last list, in the order shown, and 它 is the item picked', () => {
    const [, second, it] = talk(['县教育局牵头哪些任务', '第二个的配合单位是谁', '它的完成时限呢']);
    expect(second?.query).toEqual({ kind: 'clause', ref: { type: 'task', no: 2 }, ask: 'co' });
    expect(it?.query).toEqual({ kind: 'clause', ref: { type: 'task', no: 2 }, ask: 'deadline' });
  });

  it('rewrites the last query: 换成X呢 / 那…呢 / 反过来呢 / 还有呢', () => {
    const [, swap, then] = talk(['任务14谁牵头', '换成任务15呢', '那配合单位呢']);
    expect(swap?.query).toEqual({ kind: 'clause', ref: { type: 'task', no: 15 }, ask: 'lead' });
    expect(then?.query).toEqual({ kind: 'clause', ref: { type: 'task', no: 15 }, ask: 'co' });

    const [, reversed] = talk(['县教育局牵头、县财政局配合的任务有哪些', '反过来呢']);
    expect(reversed?.query).toEqual({
      kind: 'tasks',
      set: { op: 'and', sets: [unit('县财政局', 'lead'), unit('县教育局', 'co')] },
      count: false,
    });

    const [first, more] = talk(['任务9的指标有哪些', '还有呢']);
    expect(first?.answer.text).toMatch(/任务9.*的目标/);
    expect(more?.query).toMatchObject({ kind: 'clause', ask: 'targets', shown: expect.any(Array) });
    expect(more?.answer.text).toMatch(/已经全部列出/);
  });

  it('replaces the entity a correction names, and starts afresh on 另外 or a complete question', () => {
    const [, corrected] = talk(['县人社局牵头哪些任务', '不对，是县教育局']);
    expect(corrected?.query).toEqual({ kind: 'tasks', set: unit('县教育局', 'lead'), count: false });
    const [, fresh] = talk(['任务14谁牵头', '另外，方案的文号是什么']);
    expect(fresh?.query).toEqual({ kind: 'doc', fact: 'docNumber' });
    const [, other] = talk(['县教育局参与了几项任务', '县财政局呢']);
    expect(other?.query).toEqual({ kind: 'tasks', set: unit('县财政局'), count: true });
  });

  it('points back to the two tasks talked about (这两项) and ranks on (第二多的呢)', () => {
    const [, , both] = talk(['任务12的牵头单位', '任务13的期限是什么时候', '这两项的共同责任单位']);
    expect(both?.answer.text).toMatch(/共同的单位有2个：县教育局、县人社局/);
    const [, next] = talk(['哪个单位牵头的任务最多', '第二多的呢']);
    expect(next?.query).toMatchObject({ kind: 'rank', position: 2 });
  });
});

describe('the executor is total', () => {
  it('reports a clause the plan does not have, whatever built the query', () => {
    for (const ref of [
      { type: 'task', no: 99 },
      { type: 'task', no: 1.5 },
      { type: 'safeguard', no: 9 },
    ] as const) {
      const r = execute({ kind: 'clause', ref, ask: 'units' }, kb);
      expect(r.kind).toBe('other');
      expect(render(r, kb).found).toBe(false);
    }
  });

  it('never reads a decimal as a task', () => {
    expect(JSON.stringify(parse('1.0702132931297694e+131 项'))).not.toMatch(/"tasks":\[1/);
  });
});

describe('the plan is a parameter', () => {
  const other = importPlan(
    readFileSync(path.join(import.meta.dirname, '../fixtures/plans/plan-lead-cooperate.txt'), 'utf8'),
  );
  if (!other.ok) throw new Error('fixture plan did not import');
  const plan = other.knowledge;

  it('parses, executes and renders over whichever plan it is given', () => {
    const q = parse('县教体局牵头的任务有哪些', undefined, plan);
    expect(q).toEqual({ kind: 'tasks', set: unit('县教体局', 'lead'), count: false });
    const answer = render(execute(q, plan), plan);
    expect(answer.tasks.length).toBeGreaterThan(0);
    expect(answer.text).toMatch(/^县教体局牵头的重点任务/);
  });

  it('keeps no state tied to one plan: the same question alternates between plans', () => {
    for (let k = 0; k < 2; k++) {
      expect(talk(['方案的文号是什么'], plan)[0]?.answer.text).toMatch(/平政办发〔2023〕12号/);
      expect(talk(['方案的文号是什么'])[0]?.answer.text).toMatch(/稷政发〔2021〕6号/);
    }
    expect(talk(['任务5谁牵头'], plan)[0]?.answer.text).toMatch(/县应急管理局牵头/);
    expect(talk(['任务5谁牵头'])[0]?.answer.text).toMatch(/县教育局牵头/);
  });
});
