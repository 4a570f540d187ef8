import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanDesk } from '../../src/plans/plan-desk.js';
import { routeQuestion } from '../../src/plans/plan-question-handler.js';
import { projectRoot } from '../../src/project-root.js';
import { manyPlans } from '../helpers/temp-bot.js';

/**
 * Questions to three plans (the bundled one and the two fixture plans), written with the plan each belongs to:
 * named (by short name, 文号, title words), fitting one plan without naming it, needing the plan asked back, and
 * across plans. Each is routed as a fresh conversation would be.
 */
const rows = readFileSync(path.join(projectRoot(), 'tests/fixtures/plans/plan-routing.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { q: string; kind: 'named' | 'fit' | 'ask' | 'across'; plan: string | null });

describe('routing questions among three plans', () => {
  it('picks the plan a question names or fits, asks back when it fits several, answers across plans', () => {
    const desk = new PlanDesk(manyPlans());
    const score = new Map<string, { routed: number; answered: number; of: number }>();
    const misses: string[] = [];
    for (const r of rows) {
      const route = routeQuestion(desk, r.q, {});
      const s = score.get(r.kind) ?? { routed: 0, answered: 0, of: 0 };
      s.of++;
      const ok =
        r.kind === 'ask'
          ? route.kind === 'ask'
          : r.kind === 'across'
            ? route.kind === 'reply' && route.found
            : route.kind === 'answer' && route.plan.id === r.plan;
      if (ok) s.routed++;
      else misses.push(`${r.kind}: ${r.q} → ${route.kind === 'answer' ? route.plan.id : route.kind}`);
      if (ok && route.kind === 'answer' && desk.qa(route.plan).answer(route.text).found) s.answered++;
      score.set(r.kind, s);
    }
    const line = [...score].map(
      ([k, s]) =>
        `${k} ${s.routed}/${s.of}${k === 'named' || k === 'fit' ? ` (answered ${s.answered})` : ''}`,
    );
    console.log(`plan routing: ${line.join(', ')}${misses.length ? `\n${misses.join('\n')}` : ''}`);
    for (const [k, s] of score) expect(s.routed / s.of, k).toBeGreaterThanOrEqual(0.95);
  });
});
