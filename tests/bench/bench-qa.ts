import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { projectRoot } from '../../src/project-root.js';
import { QuestionAnswerer } from '../../src/qa/answer-question.js';

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

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = benchQa();
  console.log(
    `QA in-process: ${f.qa_distinct_questions} fixture questions × 50 = ${f.qa_questions} answers, p50 ${f.qa_p50_ms?.toFixed(4)} ms, p99 ${f.qa_p99_ms?.toFixed(4)} ms (goal < 0.5 ms)`,
  );
  console.log(
    `QA batch: 10,000 questions through plan-bot ask --json incl. process start: ${f.qa_batch_10k_ms?.toFixed(0)} ms (goal < 3000 ms)`,
  );
  console.log(JSON.stringify(f));
}
