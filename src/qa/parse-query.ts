import type { Knowledge } from '../knowledge/schema.js';
import type { Lexicon } from '../language/lexicon.js';
import type { Tokens } from '../language/spans.js';
import { build } from './build-query.js';
import { type Query, querySchema } from './query.js';
import {
  bears,
  COMMON_WORDS,
  MEANINGFUL,
  MINUS_WORDS,
  Reading,
  ROLE_QUESTION,
  STANDALONE,
  UNION_WORDS,
  type UnitRef,
} from './query-reading.js';
import {
  askedFor,
  groupsIn,
  rankPlace,
  safeguardIn,
  safeguardsIn,
  tasksIn,
  unitCountIn,
} from './read-question-parts.js';
/** The parser's verdict on a question. */
export type Parsed =
  | { kind: 'query'; query: Query }
  /** A combined question the parser could not read completely: ask, never answer a simpler one. */
  | { kind: 'unclear'; why: string }
  /** A question about something the plan does not have (another county's unit, an unknown unit). */
  | { kind: 'refuse'; message: string; suggest?: string }
  /** Nothing combined here: the simple answerer takes it. */
  | { kind: 'simple' };

/** Parses one question's spans into a typed query, or says why it cannot. */
export function parseQuery(t: Tokens, kb: Knowledge, lex?: Lexicon): Parsed {
  const r = new Reading(t, kb);
  const unitCount = unitCountIn(r, lex);
  let place = rankPlace(r);
  if (place) r.used.add(place.i);
  const units: UnitRef[] = [];
  for (const { s, i } of r.all('unit')) {
    // the same unit twice (its English name, then the Chinese in brackets) is one unit
    if ((!s.weak || r.spans.length < 12) && !units.some((u) => u.name === s.name))
      units.push({ name: s.name, index: i });
  }
  const places = r.all('place');
  const unknown = r.all('unknownUnit').filter(({ i }) => r.spans[i + 1]?.kind !== 'unit');
  const safeguard = safeguardIn(r);
  const tasks = tasksIn(r, safeguard !== undefined);
  const groups = groupsIn(r);
  const asked = askedFor(r);
  // an operator is about sets only when the question names something to build a set from (不能低于 is not)
  const entities = units.length + tasks.length + groups.length + (safeguard !== undefined ? 1 : 0);
  const meaningful = MEANINGFUL.filter(
    (op) =>
      r.ops(op).some(({ i }) => bears(r, i) && !r.used.has(i)) &&
      (entities > 0 || (STANDALONE.includes(op) && asked !== undefined)),
  );
  const roleSpans = r.all('role').map(({ s }) => s.role);

  if (places.length && (asked || roleSpans.length)) {
    const p = places[0]?.s.text ?? '';
    return {
      kind: 'refuse',
      message: `本方案是${kb.document.title}，方案中没有关于“${p}”的内容，它不是本方案的责任单位。`,
    };
  }
  if (unknown.length && (asked || roleSpans.length || tasks.length || r.says(/角色|共同|都/))) {
    const name = unknown[0]?.s.text ?? '';
    return { kind: 'refuse', message: `方案中没有“${name}”，它不是任何任务的责任单位。`, suggest: name };
  } // one task and no unit: 都 / 只 / 共同 only restate its own units (第7条是不是只有一个单位负责)
  if (
    tasks.length === 1 &&
    units.length === 0 &&
    groups.length === 0 &&
    meaningful.every((op) => op === 'only' || op === 'common') &&
    asked !== 'countUnits'
  )
    return { kind: 'simple' };

  const compositional =
    meaningful.length > 0 ||
    units.length >= 2 ||
    // 任务3和任务5分别谁负责 asks about each task: the simple answerer lists them; 共同 / 合起来 / 有而…没有 combine them
    (tasks.length >= 2 &&
      (asked === 'leads' ||
        r.has('common', 'total', 'same', 'compare', 'difference') ||
        r.says(MINUS_WORDS) ||
        r.says(UNION_WORDS) ||
        r.says(COMMON_WORDS) ||
        r.says(/(?:哪个|哪项|谁)[^,.?]{0,10}?(?:多|少)|比[^,.?]{0,8}多/))) ||
    (groups.length > 0 && asked !== undefined) ||
    (units.length > 0 && safeguard === 0 && r.all('q').length > 0 && !r.says(/任务/)) ||
    (asked === 'countTasks' && units.length > 0) ||
    (unitCount !== undefined && (asked === 'tasks' || asked === 'countTasks')) ||
    place !== undefined ||
    // 县工科局配合的任务: the simple answerer lists all of a unit's tasks
    (units.length === 1 &&
      tasks.length === 0 &&
      r.all('role').some(({ s }) => s.role === 'co') &&
      asked === 'tasks') ||
    (r.has('most', 'least') && r.says(/哪(?:一|个)?(?:部分|组)/)) ||
    (tasks.length >= 1 && units.length >= 1 && r.says(ROLE_QUESTION)) ||
    (asked === 'countUnits' && tasks.length >= 1) ||
    (r.has('only') && safeguard !== undefined && asked !== undefined) ||
    (safeguard !== undefined &&
      (asked === 'units' || asked === 'countUnits') &&
      (safeguardsIn(r).length >= 2 || r.says(/没有|不在|不负责/))) ||
    (asked === 'countUnits' && tasks.length === 0);
  if (!compositional) return { kind: 'simple' };

  // "由教育局排在第一位(牵头)的任务": first place in a named unit's list is its lead role
  const leadForced = place?.position === 1 && units.length > 0 && !r.says(/哪个(?:单位|部门)/);
  if (leadForced) place = undefined;
  const q = build(r, {
    units,
    tasks,
    groups,
    safeguard,
    safeguards: safeguardsIn(r),
    asked: asked ?? (leadForced ? 'tasks' : undefined),
    unitCount,
    place,
    leadForced,
  });
  if (!q) return { kind: 'unclear', why: 'structure' };
  const left = r.all('op').filter(({ s, i }) => MEANINGFUL.includes(s.op) && !r.used.has(i) && bears(r, i));
  if (left.length) return { kind: 'unclear', why: left.map(({ s }) => s.text).join('、') };
  const checked = querySchema.safeParse(q);
  return checked.success ? { kind: 'query', query: checked.data } : { kind: 'unclear', why: 'schema' };
}
