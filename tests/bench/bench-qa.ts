import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { PlanSet } from '../../src/knowledge/plan-set.js';
import { PlanDesk } from '../../src/plans/plan-desk.js';
import { type Route, routeQuestion } from '../../src/plans/plan-question-handler.js';
import { projectRoot } from '../../src/project-root.js';
import { QuestionAnswerer } from '../../src/qa/answer-question.js';
import { planFolder } from '../helpers/temp-bot.js';

/** Percentile of a sorted list. */
function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** QA benchmark: per-question latency in-process, and a 10,000-question batch through `plan-bot ask --json`. */
export function benchQa(): Record<string, number> {
  const root = projectRoot();
  const fixtures = path.join(root, 'tests/fixtures');
  const questions = readdirSync(fixtures)
    .filter((f) => /^qa-.*\.jsonl$/.test(f) && f !== 'qa-tighten-pending.jsonl')
    .flatMap((f) => readFileSync(path.join(fixtures, f), 'utf8').split('\n'))
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { q: string }).q);
  const qa = new QuestionAnswerer(loadKnowledge());
  for (let i = 0; i < 2000; i++) qa.answer(questions[i % questions.length] as string); // warm-up
  const times: number[] = [];
  for (let round = 0; round < 50; round++) {
    for (const q of questions) {
      const t0 = performance.now();
      qa.answer(q);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const batch = Array.from({ length: 10_000 }, (_, i) => questions[i % questions.length]).join('\n');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, 'dist/src/cli/plan-bot.js'), 'ask', '--json'], {
    input: batch,
    maxBuffer: 1 << 30,
  });
  const batchMs = performance.now() - t0;
  const lines = r.stdout.toString('utf8').trimEnd().split('\n').length;
  if (r.status !== 0 || lines !== 10_000) throw new Error(`batch failed: status ${r.status}, ${lines} lines`);
  return {
    qa_distinct_questions: questions.length,
    qa_questions: times.length,
    qa_p50_ms: pct(times, 50),
    qa_p99_ms: pct(times, 99),
    qa_max_ms: times[times.length - 1] ?? Number.NaN,
    qa_batch_10k_ms: batchMs,
  };
}

/** The fixture questions (the plan's development and blind sets). */
function fixtureQuestions(): string[] {
  const fixtures = path.join(projectRoot(), 'tests/fixtures');
  return readdirSync(fixtures)
    .filter((f) => /^qa-.*\.jsonl$/.test(f) && f !== 'qa-tighten-pending.jsonl')
    .flatMap((f) => readFileSync(path.join(fixtures, f), 'utf8').split('\n'))
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { q: string }).q);
}

/** Times one way of answering over every question, 50 rounds after a warm-up; p50, p99 and max in ms. */
function timeAll(
  questions: string[],
  answer: (q: string) => void,
): { p50: number; p99: number; max: number } {
  for (let i = 0; i < 2000; i++) answer(questions[i % questions.length] as string);
  const times: number[] = [];
  for (let round = 0; round < 50; round++) {
    for (const q of questions) {
      const t0 = performance.now();
      answer(q);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 50), p99: pct(times, 99), max: times[times.length - 1] ?? Number.NaN };
}

/**
 * The QA with the bundled plan and a second plan (tests/fixtures/plans) loaded, on the bundled plan's questions:
 * in a chat whose default plan is the bundled one (the plan names are looked for, then its answerer answers), and
 * in a fresh conversation (the plan is picked: named, fitting one, or asked back), beside the single-plan figures.
 * Also how the questions were routed, and a 10,000-question batch through `plan-bot ask --json --knowledge DIR`.
 */
export function benchQaPlans(): Record<string, number> {
  const root = projectRoot();
  const questions = fixtureQuestions();
  const single = new QuestionAnswerer(loadKnowledge());
  const folder = planFolder(['jishan-rural-revitalization-talent-2022.json']);
  const desk = new PlanDesk(PlanSet.load(folder));
  const first = desk.set.first;
  const run = (r: Route) => (r.kind === 'answer' ? desk.qa(r.plan).answer(r.text) : undefined);
  const one = timeAll(questions, (q) => single.answer(q));
  const chat = timeAll(questions, (q) => run(routeQuestion(desk, q, { chat: first })));
  const fresh = timeAll(questions, (q) => run(routeQuestion(desk, q, {})));
  const routed = { same: 0, other: 0, asked: 0, refused: 0, chatElsewhere: 0 };
  for (const q of questions) {
    const r = routeQuestion(desk, q, {});
    if (r.kind === 'ask') routed.asked++;
    else if (r.kind === 'reply') routed.refused++;
    else if (r.plan === first)
      routed.same += desk.qa(first).answer(r.text).text === single.answer(q).text ? 1 : 0;
    else routed.other++;
    const c = routeQuestion(desk, q, { chat: first });
    if (c.kind !== 'answer' || c.plan !== first) routed.chatElsewhere++;
  }
  const batch = Array.from({ length: 10_000 }, (_, i) => questions[i % questions.length]).join('\n');
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'dist/src/cli/plan-bot.js'), 'ask', '--json', '--knowledge', folder],
    { input: batch, maxBuffer: 1 << 30 },
  );
  const batchMs = performance.now() - t0;
  const lines = r.stdout.toString('utf8').trimEnd().split('\n').length;
  if (r.status !== 0 || lines !== 10_000) throw new Error(`batch failed: status ${r.status}, ${lines} lines`);
  return {
    qa_distinct_questions: questions.length,
    qa_one_plan_p50_ms: one.p50,
    qa_one_plan_p99_ms: one.p99,
    qa_two_plans_chat_p50_ms: chat.p50,
    qa_two_plans_chat_p99_ms: chat.p99,
    qa_two_plans_fresh_p50_ms: fresh.p50,
    qa_two_plans_fresh_p99_ms: fresh.p99,
    qa_two_plans_fresh_max_ms: fresh.max,
    qa_two_plans_same_answer: routed.same,
    qa_two_plans_other_plan: routed.other,
    qa_two_plans_asked_back: routed.asked,
    qa_two_plans_refused: routed.refused,
    qa_two_plans_chat_not_default: routed.chatElsewhere,
    qa_two_plans_batch_10k_ms: batchMs,
  };
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes('--plans')) {
  const f = benchQaPlans();
  console.log(
    `QA, ${f.qa_distinct_questions} questions of the bundled plan × 50: one plan p50 ${f.qa_one_plan_p50_ms?.toFixed(4)} / p99 ${f.qa_one_plan_p99_ms?.toFixed(4)} ms; two plans, chat default p50 ${f.qa_two_plans_chat_p50_ms?.toFixed(4)} / p99 ${f.qa_two_plans_chat_p99_ms?.toFixed(4)} ms; two plans, plan picked p50 ${f.qa_two_plans_fresh_p50_ms?.toFixed(4)} / p99 ${f.qa_two_plans_fresh_p99_ms?.toFixed(4)} ms`,
  );
  console.log(
    `routing with two plans, fresh conversation: ${f.qa_two_plans_same_answer} same answer as with one plan, ${f.qa_two_plans_asked_back} asked back, ${f.qa_two_plans_refused} refused, ${f.qa_two_plans_other_plan} answered from the other plan; chat default: ${f.qa_two_plans_chat_not_default} not answered from it`,
  );
  console.log(
    `QA batch, two plans: 10,000 questions through plan-bot ask --json --knowledge DIR: ${f.qa_two_plans_batch_10k_ms?.toFixed(0)} ms`,
  );
  console.log(JSON.stringify(f));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const f = benchQa();
  console.log(
    `QA in-process: ${f.qa_distinct_questions} fixture questions × 50 = ${f.qa_questions} answers, p50 ${f.qa_p50_ms?.toFixed(4)} ms, p99 ${f.qa_p99_ms?.toFixed(4)} ms (goal < 0.5 ms)`,
  );
  console.log(
    `QA batch: 10,000 questions through plan-bot ask --json incl. process start: ${f.qa_batch_10k_ms?.toFixed(0)} ms (goal < 3000 ms)`,
  );
  console.log(JSON.stringify(f));
}
