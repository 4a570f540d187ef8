import type { RoleName } from '../language/spans.js';
import { type ClauseReading, isLink, isNeg, isNotIn, isParticle, namesUnits, use } from './clause-reading.js';
import type { UnitCond } from './frame.js';
import type { Term, TermOf } from './read-terms.js';

/** A unit named in the clause, at term `i`. */
export interface UnitAt {
  name: string;
  i: number;
}

/**
 * The units named and the conditions on them, the roles named and the role asked for. `leadFirst`: the clause
 * said "first in the list of units", which is the lead.
 */
export function readUnits(r: ClauseReading, units: UnitAt[], leadFirst: boolean): void {
  const { terms, f, plan } = r;
  // units: a short alias inside a word of the plan (财政投入, 发改委员) is that word, not the unit
  for (const u of units) {
    const t = terms[u.i] as TermOf<'unit'>;
    const next = terms[u.i + 1];
    const prev = terms[u.i - 1];
    const after = next?.kind === 'content' && next.at === t.end ? `${t.text.slice(-1)}${next.text[0]}` : '';
    const before = prev?.kind === 'content' && prev.end === t.at ? `${prev.text.slice(-1)}${t.text[0]}` : '';
    // 财政投入 / 金融+财政+土地: a short alias inside a word or a list of words is that word
    if (
      t.weak &&
      (plan.bigrams.has(after) ||
        plan.bigrams.has(before) ||
        after.endsWith('+') ||
        before.startsWith('+') ||
        after.includes('+') ||
        before.includes('+'))
    ) {
      r.used.delete(u.i);
      (terms[u.i] as Term).kind = 'content';
    }
  }
  const realUnits = units.filter((u) => terms[u.i]?.kind === 'unit');
  f.units = unitConds(terms, realUnits).map((u) => (leadFirst ? { ...u, role: 'lead' as const } : u));
  // 是牵头还是配合: the role is what is asked
  const roleWords = terms.filter((t): t is TermOf<'role'> => t.kind === 'role').map((t) => t.role);
  if (roleWords.includes('lead') && roleWords.includes('co') && terms.some((t) => isParticle(t, '还是'))) {
    f.ask = f.ask ?? 'role';
    f.units = f.units.map((u) => ({ ...u, role: 'any' }));
  }
  // 参与任务最多的 / 牵头任务数: a unit's tasks are what is measured
  f.perUnit = terms.some(
    (t, i) =>
      t.kind === 'role' &&
      !namesUnits(t) &&
      terms[i + 1]?.kind === 'field' &&
      (terms[i + 1] as TermOf<'field'>).field === 'tasks',
  );

  // roles and negations
  for (const [i, t] of terms.entries()) {
    if (t.kind === 'role') {
      if (!(leadFirst && t.role === 'any')) f.roles.push(t.role);
      use(r, i);
    }
    if ((isNeg(t) || isNotIn(t)) && !f.units.some((u) => u.neg)) {
      f.negated = true;
      // 保障机制里没有: the nearest thing named before the negation is the safeguards
      let k = i - 1;
      while (k >= 0 && terms[k]?.kind === 'particle') k--;
      if (terms[k]?.kind === 'safeguard') f.negSafeguards = true;
    }
  }
  const askRoles = terms.filter((t): t is TermOf<'role'> => t.kind === 'role');
  // 牵头单位是谁 / 谁牵头 / 配合单位有哪些: the role of the units asked for; a role word naming units says it
  // (县发改局牵头的任务的配合单位 → 配合); 牵头单位和配合单位 both → all of them
  const named = askRoles.filter((r) => namesUnits(r));
  const namedRoles = new Set(named.map((r) => r.role));
  const lead = leadFirst || askRoles.find((r) => r.role === 'lead');
  const co = askRoles.find((r) => r.role === 'co');
  f.askRole =
    namedRoles.has('lead') && namedRoles.has('co')
      ? 'any'
      : named.length && !leadFirst
        ? (named[named.length - 1] as TermOf<'role'>).role
        : lead
          ? 'lead'
          : co
            ? 'co'
            : 'any';
}

/**
 * The conditions in the terms after a unit: each role word is one (参与, 牵头), negated when a negation stands
 * between it and the condition before ("参与但不牵头"); 没参与 is a negated 参与.
 */
function roleClauses(tail: Term[], nextUnit: boolean): { role: RoleName; neg: boolean }[] {
  const out: { role: RoleName; neg: boolean }[] = [];
  let negPending = false;
  let newClause = true;
  tail.forEach((s, k) => {
    if (s.kind === 'op' && s.op === 'which' && out.length) return;
    if (s.kind === 'op' && (s.op === 'but' || s.op === 'which')) newClause = true;
    if (s.kind === 'ref' && s.ref === 'it') newClause = true;
    if (isParticle(s, '中', '里', '又', '也', '还', '并且', '同时又')) newClause = true;
    if (isNotIn(s)) {
      out.push({ role: 'any', neg: true });
      negPending = false;
      newClause = false;
      return;
    }
    if (isNeg(s) || (s.kind === 'qop' && s.op === 'none')) {
      negPending = true;
      newClause = true;
    }
    const after = tail.slice(k + 1);
    // 牵头单位不是县教育局: the role word describes the unit after the negation
    const ofNext =
      nextUnit &&
      after.some(isNeg) &&
      after.every((x) => isNeg(x) || x.kind === 'particle' || x.kind === 'content' || x.kind === 'sep');
    // 哪项的责任单位最多: the role word is what is counted, not a condition
    const measured = after.slice(0, 2).some((x) => x.kind === 'op' && (x.op === 'most' || x.op === 'least'));
    if (s.kind === 'role' && newClause && !ofNext && !measured && !namesUnitsAsked(s, after, tail[k - 1])) {
      out.push({ role: s.role, neg: negPending });
      negPending = false;
      newClause = false;
    }
  });
  if (out.length === 0 && negPending && !nextUnit) out.push({ role: 'any', neg: true });
  return out;
}

/** 责任单位是谁 / 牵头单位有哪些: a role word naming the units asked for is not a condition on a named unit. */
function namesUnitsAsked(s: Term, after: Term[], before?: Term): boolean {
  if (!namesUnits(s)) return false;
  // 作为牵头单位 / 是牵头单位: the role the unit plays
  if (isParticle(before, '作为', '是', '为', '担任', '属于')) return false;
  // 是牵头单位吧 / 吗: a yes or no is asked of the unit, no units are asked for
  return after
    .slice(0, 3)
    .some((x) => (x.kind === 'q' && x.q !== 'yesno') || (x.kind === 'op' && x.op === 'count'));
}

/** Each unit's conditions, read from the terms between it and the next unit; units joined by 和 share the words. */
export function unitConds(terms: Term[], units: { name: string; i: number }[]): UnitCond[] {
  const out: UnitCond[] = [];
  for (let k = 0; k < units.length; k++) {
    const u = units[k] as { name: string; i: number };
    let end = units[k + 1]?.i ?? terms.length;
    let tail = terms.slice(u.i + 1, end);
    let j = k;
    while (
      tail.every((s) => isLink(s) || s.kind === 'particle' || (s.kind === 'op' && s.op === 'all')) &&
      tail.some(isLink) &&
      units[j + 1]
    ) {
      j++;
      end = units[j + 1]?.i ?? terms.length;
      tail = terms.slice((units[j] as { i: number }).i + 1, end);
    }
    const prevEnd = k > 0 ? (units[k - 1] as { i: number }).i + 1 : 0;
    const before = terms.slice(Math.max(prevEnd, u.i - 2), u.i);
    const negBefore = before.some((s) => isNeg(s) || (s.kind === 'qop' && s.op === 'none'));
    const or = terms.slice(prevEnd, u.i).some((s) => s.kind === 'op' && s.op === 'or');
    const clauses = roleClauses(tail, k + 1 < units.length);
    if (clauses.length === 0) {
      const r = before.find((s): s is TermOf<'role'> => s.kind === 'role');
      clauses.push({ role: r?.role ?? 'any', neg: false });
    }
    clauses.forEach((c, n) => {
      const neg = c.neg || (n === 0 && negBefore);
      if (out.some((o) => o.name === u.name && o.role === c.role && o.neg === neg)) return;
      out.push({ name: u.name, role: c.role, neg, or: n === 0 && or });
    });
  }
  return out;
}

/**
 * 有配合单位 / 没有配合单位 / 有没有牵头单位: a role word naming units right after 有 or a negation is a test on the
 * clauses (whether they have such units), read as one `has` term; the yes/no word (有没有, 是否有) is kept.
 */
export function hasPhrases(terms: Term[]): Term[] {
  const out: Term[] = [];
  terms.forEach((t, i) => {
    const prev = out[out.length - 1];
    const next = terms[i + 1];
    const asked = (next?.kind === 'q' && next.q !== 'yesno') || (next?.kind === 'op' && next.op === 'count');
    if (t.kind !== 'role' || !namesUnits(t) || !prev || asked || next?.kind === 'unit') {
      out.push(t);
      return;
    }
    const has = isParticle(prev, '有', '具有', '设有');
    const neg = isNeg(prev) && ['没有', '没', '无', '未设'].includes(prev.text);
    const yesno = prev.kind === 'q' && prev.q === 'yesno' && prev.text.endsWith('有');
    if (!has && !neg && !yesno) {
      out.push(t);
      return;
    }
    const term: Term = { kind: 'has', role: t.role, neg, at: t.at, end: t.end, text: t.text };
    if (yesno) out.push(term);
    else out[out.length - 1] = { ...term, at: prev.at, text: `${prev.text}${t.text}` };
  });
  return out;
}
