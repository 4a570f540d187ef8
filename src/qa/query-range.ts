import type { Knowledge } from '../knowledge/schema.js';
import type { Query, TaskSet } from './query.js';

/** The kb is only needed to check ranges; exported for the answerer. */
export function taskRangeProblem(kb: Knowledge, q: Query): number[] {
  const bad = new Set<number>();
  const walk = (s: TaskSet) => {
    if (s.op === 'tasks') for (const n of s.tasks) if (n < 1 || n > kb.tasks.length) bad.add(n);
    if (s.op === 'and' || s.op === 'or') s.sets.forEach(walk);
    if (s.op === 'not') walk(s.set);
  };
  if ('tasks' in q && typeof q.tasks === 'object' && !Array.isArray(q.tasks)) walk(q.tasks);
  if (q.select === 'units') for (const s of q.sources) if (s.from === 'tasks') walk(s.tasks);
  if (q.select === 'compareTasks' || q.select === 'roles')
    for (const n of q.select === 'roles' ? [q.task] : q.tasks) if (n < 1 || n > kb.tasks.length) bad.add(n);
  return [...bad];
}

/** Group numbers a query names that the plan does not have. */
export function groupRangeProblem(kb: Knowledge, q: Query): number[] {
  const bad = new Set<number>();
  const walk = (s: TaskSet) => {
    if (s.op === 'group' && (s.group < 1 || s.group > kb.groups.length)) bad.add(s.group);
    if (s.op === 'and' || s.op === 'or') s.sets.forEach(walk);
    if (s.op === 'not') walk(s.set);
  };
  if ('tasks' in q && typeof q.tasks === 'object' && !Array.isArray(q.tasks)) walk(q.tasks);
  if (q.select === 'countTasks' && q.ofWhich) walk(q.ofWhich);
  if (q.select === 'units') for (const s of q.sources) if (s.from === 'tasks') walk(s.tasks);
  return [...bad];
}
