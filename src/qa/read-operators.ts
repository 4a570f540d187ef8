import { type ClauseReading, isLink, isNeg, use } from './clause-reading.js';
import type { Term } from './read-terms.js';
import type { UnitAt } from './unit-conditions.js';

/** The words that close 除了…以外 (they start no list of their own). */
const CLOSERS = ['以外', '之外'];
/** Reads the operators of a clause: quantifiers, set operations, superlatives, comparisons, 除了 and 分别. */
export function readOperators(r: ClauseReading, units: UnitAt[]): void {
  const { terms, f } = r;
  // operators
  terms.forEach((t, i) => {
    if (t.kind === 'op') {
      switch (t.op) {
        case 'only':
          f.quant = 'only';
          if (terms[i + 1]?.kind === 'unit') f.onlyUnits = true;
          // 不是只有县教育局一家负责: the negation of "only"
          if (isNeg(terms[i - 1])) f.notOnly = true;
          break;
        case 'all':
          if (/分别|各/.test(t.text)) f.each = true;
          else {
            if (f.quant === undefined)
              f.unitsBeforeQuant = terms.slice(0, i).filter((x) => x.kind === 'unit').length;
            f.quant ??= 'every';
            // 县发改局和县工科局都有任务: 都 right after two units ranges over the units
            const a = terms[i - 1];
            const b = terms[i - 3];
            if (a?.kind === 'unit' && b?.kind === 'unit' && isLink(terms[i - 2])) f.quantOver ??= 'units';
          }
          break;
        case 'common':
          f.setop = 'common';
          break;
        case 'total':
          f.total = true;
          break;
        case 'difference':
          f.setop = 'minus';
          break;
        case 'most':
          if (/第一/.test(t.text) && units.length) {
            f.askRole = 'lead';
            f.roles.push('lead');
            break;
          }
          f.rank ??= { dir: 'max', position: 1 };
          break;
        case 'least':
          f.rank ??= { dir: 'min', position: 1 };
          break;
        case 'same':
          f.compare = 'same';
          if (/组|部分|块/.test(t.text)) f.sameGroup = true;
          break;
        case 'different':
          f.compare ??= 'same';
          break;
        case 'compare':
          f.compare = 'more';
          break;
        case 'which':
          f.within = true;
          break;
        case 'and':
          // 还有谁 / 还有哪些单位: the others
          if (t.text === '还有' && terms[i + 1]?.kind === 'q') f.other = true;
          break;
        case 'except': {
          // 除了X(和Y)(以外): the units, tasks or the lead right after 除(了); 以外 / 之外 closes the list
          if (CLOSERS.includes(t.text)) break;
          for (let k = i + 1; k < terms.length; k++) {
            const s = terms[k] as Term;
            if (s.kind === 'op' && CLOSERS.includes(s.text)) break;
            if (s.kind === 'unit') f.exceptUnits.push(s.name);
            else if (s.kind === 'task') f.notTasks.push(...s.tasks);
            else if (s.kind === 'ref' && s.ref === 'it') {
              // 除了这项任务: the task talked about is left out
              const it = f.refs.indexOf('it');
              if (it >= 0) f.refs.splice(it, 1);
              f.refs.push('exceptIt');
              use(r, k);
            } else if (s.kind === 'role' && s.role === 'lead') f.exceptLead = true;
            else if (s.kind === 'sep' && (f.exceptUnits.length || f.notTasks.length || f.exceptLead)) break;
            else if (!(isLink(s) || (s.kind === 'op' && s.op === 'except') || s.kind === 'particle')) break;
          }
          break;
        }
        default:
          break;
      }
      use(r, i);
    }
    if (t.kind === 'qop') {
      switch (t.op) {
        case 'every': {
          f.quant = 'every';
          // 每一组 / 每一条 / 每组: the quantifier ranges over groups or safeguards, not tasks
          const next = terms[i + 1];
          const counter = /[组条]$/.test(t.text)
            ? t.text.slice(-1)
            : next?.kind === 'number'
              ? next.counter
              : undefined;
          if (counter === '组') f.quantOver = 'groups';
          else if (counter === '条') f.quantOver = 'safeguards';
          break;
        }
        case 'any':
          f.quant ??= 'any';
          break;
        case 'none':
          f.quant = 'none';
          break;
        case 'only':
          f.quant = 'only';
          break;
        case 'each':
          f.each = true;
          break;
        case 'common':
          f.setop = 'common';
          break;
        case 'union':
          f.setop ??= 'union';
          break;
        case 'minus':
          f.setop = 'minus';
          break;
        case 'other':
          f.other = true;
          break;
        case 'more':
        case 'less':
          if (i > 0 && !f.rank) f.compare ??= 'more';
          break;
        case 'compare':
          f.compare = 'more';
          break;
        case 'same':
          f.compare = 'same';
          break;
        case 'exactly':
          break;
        default:
          break;
      }
      use(r, i);
    }
  });
  if (f.notTasks.length) f.tasks = f.tasks.filter((n) => !f.notTasks.includes(n));
  f.exceptUnits = [...new Set(f.exceptUnits)];
  if (f.exceptUnits.length) f.units = f.units.filter((u) => !f.exceptUnits.includes(u.name));
}
