import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { projectRoot } from '../../src/project-root.js';
import { QuestionAnswerer } from '../../src/qa/answer-question.js';
import { checkAnswer, type EvalItem } from './score-qa.js';

/** One line of tests/fixtures/qa-tighten-pending.jsonl. */
interface PendingRow {
  file: string;
  q: string;
  kind: string;
  expect: EvalItem['expect'];
  was: EvalItem['expect'];
  why: string[];
  current: { text: string; tasks: number[]; found?: boolean };
}

/**
 * Applies the pending tightened expectations the current QA now meets: each such row of a fixture gets its
 * tightened `expect` (and loses its "pending" accepted refusal) and leaves the pending list; the others stay,
 * with the current answer refreshed. Run after changing the QA: `npm run build && node dist/tests/qa/apply-pending.js`.
 */
function main(): void {
  const fixtures = path.join(projectRoot(), 'tests/fixtures');
  const pendingFile = path.join(fixtures, 'qa-tighten-pending.jsonl');
  const rows = readFileSync(pendingFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as PendingRow);
  const qa = new QuestionAnswerer(loadKnowledge());
  const still: PendingRow[] = [];
  const byFile = new Map<string, PendingRow[]>();
  for (const p of rows) {
    const a = qa.answer(p.q);
    const why = checkAnswer({ q: p.q, kind: p.kind, expect: p.expect }, a);
    if (why.length) {
      still.push({ ...p, why, current: { text: a.text.slice(0, 300), tasks: a.tasks, found: a.found } });
      continue;
    }
    byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  }
  for (const [file, done] of byFile) {
    const full = path.join(fixtures, file);
    const lines = readFileSync(full, 'utf8').split('\n');
    const out = lines.map((l) => {
      if (!l.trim()) return l;
      const item = JSON.parse(l) as EvalItem;
      const p = done.find((d) => d.q === item.q);
      return p ? JSON.stringify({ ...item, expect: p.expect }) : l;
    });
    writeFileSync(full, out.join('\n'));
  }
  writeFileSync(pendingFile, still.map((p) => `${JSON.stringify(p)}\n`).join(''));
  console.log(`applied ${rows.length - still.length} tightened rows; ${still.length} still pending`);
  for (const p of still) console.log(`  ${p.file}: ${p.q} -> ${p.why.join('; ')}`);
}

main();
