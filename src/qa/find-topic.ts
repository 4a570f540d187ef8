import { applySynonyms } from '../language/normalize.js';
import { fitsMeasure, pickFigures } from './pick-figures.js';
import type { PlanIndex } from './plan-index.js';
import type { ClauseRef } from './query.js';
import type { Scored } from './topic-index.js';

/**
 * Gate on topic scores: answer above HIGH with a MARGIN over the next clause (or above CLEAR with a WIDE MARGIN when
 * the topic hits the clause's title or keywords), suggest above LOW, else the plan has nothing on it.
 */
export const GATE = { high: 0.55, low: 0.3, margin: 0.08, clear: 0.45, wideMargin: 0.2 };

/** Where a topic leads: one clause, several equally, a choice to offer, or nowhere. */
export type TopicHit =
  | { found: 'one'; ref: ClauseRef }
  | { found: 'several'; refs: ClauseRef[] }
  | { found: 'suggest'; refs: ClauseRef[] }
  | { found: 'none' };

const refOf = (s: Scored): ClauseRef =>
  s.doc.kind === 'goals' ? { type: 'goals' } : { type: s.doc.kind, no: s.doc.no };

/**
 * The clause a topic names (产教融合 → task 14), by IDF-weighted bigram coverage with the gate above. Units are
 * asked only of clauses that have them; a figure question only counts a clause whose figures fit the measure.
 */
export function findTopic(
  plan: PlanIndex,
  topic: string,
  opts: { units: boolean; measure?: string | undefined; figure: boolean; safeguards?: boolean },
): TopicHit {
  // the same topic asked the same way leads to the same clause: kept per plan, a bounded number
  let cache = hits.get(plan);
  if (!cache) {
    cache = new Map();
    hits.set(plan, cache);
  }
  const key = `${topic}\u0000${opts.units}|${opts.measure ?? ''}|${opts.figure}|${opts.safeguards ?? false}`;
  const known = cache.get(key);
  if (known) return known;
  const hit = searchTopic(plan, topic, opts);
  if (cache.size >= 5000) cache.clear();
  cache.set(key, hit);
  return hit;
}

const hits = new WeakMap<PlanIndex, Map<string, TopicHit>>();

function searchTopic(
  plan: PlanIndex,
  topic: string,
  opts: { units: boolean; measure?: string | undefined; figure: boolean; safeguards?: boolean },
): TopicHit {
  const text = applySynonyms(topic, plan.kb.synonyms);
  if (!text.trim()) return { found: 'none' };
  // 这一保障措施: only the safeguards are candidates
  const ranked = plan.topics
    .search(text, GATE.high)
    .filter(
      (s) => (s.doc.kind !== 'goals' || !opts.units) && (!opts.safeguards || s.doc.kind === 'safeguard'),
    );
  const best = ranked[0];
  if (!best || best.score < GATE.low) return { found: 'none' };
  const close = ranked.filter((s) => s.score >= GATE.high && best.score - s.score < GATE.margin);
  const fits = () => {
    if (!opts.figure) return true;
    const x =
      best.doc.kind === 'task'
        ? plan.kb.tasks[best.doc.no - 1]
        : best.doc.kind === 'safeguard'
          ? plan.kb.safeguards[best.doc.no - 1]
          : undefined;
    if (!x) return false;
    return pickFigures(x.targets, text, opts.measure, (t) => plan.topics.isCommon(t)).some((t) =>
      fitsMeasure(t, opts.measure),
    );
  };
  const clearWinner =
    best.headHit &&
    best.score >= GATE.clear &&
    best.score - (ranked[1]?.score ?? 0) >= GATE.wideMargin &&
    fits();
  if (best.score < GATE.high && !clearWinner) {
    return {
      found: 'suggest',
      refs: ranked
        .filter((s) => s.score >= GATE.low)
        .slice(0, 3)
        .map(refOf),
    };
  }
  if (close.length > 1) return { found: 'several', refs: close.slice(0, 3).map(refOf) };
  return { found: 'one', ref: refOf(best) };
}
