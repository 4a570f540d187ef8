import type { RoleName, Span } from '../language/spans.js';
import type { TaskSet } from './query.js';
import { isLink, isNegation, PARTICIPATION, type Reading, roleIn, type UnitRef } from './query-reading.js';

/** One unit's constraint in a task filter: its role and whether it is negated. */
export interface UnitConstraint {
  unit: string;
  role: RoleName;
  negated: boolean;
  joinedBy: 'and' | 'or';
}

/**
 * The conditions in the words after a unit: each role word is one (参与, 牵头), negated when a negation stands
 * between it and the condition before ("参与但不牵头", "参与的任务中哪项不是它牵头的"); 没参与 is a negated 参与.
 */
export function roleClauses(tail: Span[], nextUnit: boolean): { role: RoleName; negated: boolean }[] {
  const out: { role: RoleName; negated: boolean }[] = [];
  let negPending = false;
  // a second condition needs a clause of its own: after 但 / 而, 其中, ……中, 它, or a negation
  let newClause = true;
  for (const s of tail) {
    // "县财政局参与几项任务，其中牵头几项": what follows 其中 is counted apart
    if (s.kind === 'op' && s.op === 'which' && out.length) break;
    if (s.kind === 'op' && (s.op === 'but' || s.op === 'which')) newClause = true;
    if (s.kind === 'ref' && s.ref === 'it') newClause = true;
    if (s.kind === 'word' && /中|里/.test(s.text)) newClause = true;
    if (s.kind === 'op' && (s.op === 'not' || s.op === 'neither')) {
      if (PARTICIPATION.test(s.text)) {
        out.push({ role: 'any', negated: true });
        negPending = false;
        newClause = false;
      } else {
        negPending = true;
        newClause = true;
      }
    }
    const after = tail.slice(tail.indexOf(s) + 1);
    // "牵头单位不是县教育局": the role word describes the unit after the negation
    const ofNext =
      nextUnit &&
      after.some(isNegation) &&
      after.every((x) => isNegation(x) || x.kind === 'word' || x.kind === 'sep');
    // "哪项的责任单位最多": the role word is what is counted, not a condition
    const measured = after.slice(0, 2).some((x) => x.kind === 'op' && (x.op === 'most' || x.op === 'least'));
    if (s.kind === 'role' && newClause && !ofNext && !measured) {
      out.push({ role: s.role, negated: negPending });
      negPending = false;
      newClause = false;
    }
  }
  // "有县财政局、但没有县税务局": a negation just before the next unit is that unit's
  if (out.length === 0 && negPending && !nextUnit) out.push({ role: 'any', negated: true });
  return out;
}

/**
 * Reads "X参与但Y没参与", "既没有X也没有Y", "X和Y都参与", "X或Y", "不是X牵头的": each unit's conditions come from
 * the words between it and the next unit; units joined only by 和 / 或 share the words after the last.
 */
export function unitConstraints(r: Reading, units: UnitRef[]): UnitConstraint[] {
  const out: UnitConstraint[] = [];
  for (let k = 0; k < units.length; k++) {
    const u = units[k] as UnitRef;
    let end = units[k + 1]?.index ?? r.spans.length;
    let tail = r.spans.slice(u.index + 1, end);
    // "X和Y都参与": only a link before the next unit, so X takes Y's words
    let j = k;
    while (tail.every((s) => isLink(s) || s.kind === 'word') && tail.some(isLink) && units[j + 1]) {
      j++;
      end = units[j + 1]?.index ?? r.spans.length;
      tail = r.spans.slice((units[j] as UnitRef).index + 1, end);
    }
    const prevUnitEnd = k > 0 ? (units[k - 1] as UnitRef).index + 1 : 0;
    const before = r.spans.slice(Math.max(prevUnitEnd, u.index - 2), u.index);
    const negBefore = before.some((s) => s.kind === 'op' && (s.op === 'not' || s.op === 'neither'));
    const linkBefore = r.spans.slice(prevUnitEnd, u.index).find((s) => s.kind === 'op' && s.op === 'or');
    const clauses = roleClauses(tail, k + 1 < units.length);
    if (clauses.length === 0) clauses.push({ role: roleIn(before) ?? 'any', negated: false });
    clauses.forEach((c, n) => {
      if (
        out.some(
          (o) =>
            o.unit === u.name && o.role === c.role && o.negated === (c.negated || (n === 0 && negBefore)),
        )
      )
        return;
      out.push({
        unit: u.name,
        role: c.role,
        negated: c.negated || (n === 0 && negBefore),
        joinedBy: n === 0 && linkBefore ? 'or' : 'and',
      });
    });
  }
  return out;
}

/** One set, or several joined by and / or. */
export function combine(sets: TaskSet[], op: 'and' | 'or'): TaskSet {
  return sets.length === 1 ? (sets[0] as TaskSet) : { op, sets };
}

/** A unit's condition as a task set (negated when the question negates it). */
export function constraintSet(c: UnitConstraint): TaskSet {
  const base: TaskSet = { op: 'unit', unit: c.unit, role: c.role };
  return c.negated ? { op: 'not', set: base } : base;
}
