import type { Knowledge } from '../knowledge/schema.js';
import type { Lexicon } from '../language/lexicon.js';
import type { Span } from '../language/spans.js';
import { tokenize } from '../language/tokenize.js';

/** What the conversation remembers of the last answer in one chat, for one sender. */
export interface Turn {
  /** The question as it was answered (completed when it was a follow-up). */
  question: string;
  /** Tasks the answer listed, in order (for 第二个, 最后一个, 它们). */
  tasks: number[];
  /** The one task the conversation is about, if any (for 它, 下一项, 那15呢). */
  focusTask?: number;
  /** The task before it, for 这两项. */
  previousTask?: number;
  /** The one unit the last question named, if any (for 其中牵头的呢, 它牵头的有几项). */
  focusUnit?: string;
  /** The last answer listed the safeguards (for 第三条谁负责). */
  safeguards: boolean;
  /** Numbered suggestions of the last answer ("您是不是想问"), for a reply of "1" or "2". */
  choices?: string[];
}

// Words that add nothing of their own to a follow-up (那…呢, 的, 是, 要): a question made only of these, refs,
// question words, fields and roles needs the previous turn.
const FILLER =
  /^(?:的|是|有|要|呢|啊|呀|吧|嗯|那|这|里|中|在|又|再|还|还有|了|来着|请问|一下|分别|都|各|个|由|里面|的是|是什么|达到|还是|属于|角色|身份|地位|任何|一项|多)+$/;

const CONTENT_KINDS: Span['kind'][] = ['word', 'place', 'unknownUnit', 'groupTitle', 'percent'];

/** Turns the spans back into text, with some replaced. */
function join(norm: string, spans: Span[], replace: Map<Span, string>): string {
  let out = '';
  let pos = 0;
  for (const s of spans) {
    const r = replace.get(s);
    if (r === undefined) continue;
    out += norm.slice(pos, s.at) + r;
    pos = s.end;
  }
  return (out + norm.slice(pos)).replace(/\s+/g, ' ').trim();
}

/**
 * Completes an elliptical follow-up from the previous turn: "那15呢" → the last question about task 15, "它的牵头单位
 * 是谁" → "任务14的牵头单位是谁", "第二个是什么" → "任务2是什么", "其中牵头的呢" → "县工科局牵头的任务有哪些". A question
 * that is complete on its own is returned unchanged; undefined when there is nothing to complete from.
 */
export function completeFollowUp(
  text: string,
  prev: Turn | undefined,
  lex: Lexicon,
  kb: Knowledge,
): string | undefined {
  if (!prev) return undefined;
  const { norm, spans } = tokenize(text, lex);
  const has = (k: Span['kind']) => spans.some((s) => s.kind === k);
  const refs = spans.filter((s): s is Extract<Span, { kind: 'ref' }> => s.kind === 'ref');
  const content = spans.filter(
    (s) => CONTENT_KINDS.includes(s.kind) && !(s.kind === 'word' && FILLER.test(s.text)),
  );
  const entities = spans.filter((s) => ['task', 'unit', 'group', 'safeguard', 'paren'].includes(s.kind));
  const numbers: Extract<Span, { kind: 'number' }>[] = spans.filter(
    (s): s is Extract<Span, { kind: 'number' }> => s.kind === 'number' && !s.counter,
  );
  const isNumber = (s: Span) => numbers.some((n) => n === s);
  const ordinals = spans.filter(
    (s): s is Extract<Span, { kind: 'ordinal' }> =>
      s.kind === 'ordinal' && ['个', '项', '条', ''].includes(s.counter),
  );
  // words of its own make a question complete, unless it points back (其中, 它, 这项, 那…呢)
  const pointsBack =
    refs.some((s) => s.ref !== 'then') || spans.some((s) => s.kind === 'op' && s.op === 'which');
  if (content.length > 0 && !pointsBack) return undefined;
  const prevTokens = tokenize(prev.question, lex);
  const prevTask = prevTokens.spans.find((s) => s.kind === 'task');
  const prevUnit = prevTokens.spans.find((s) => s.kind === 'unit');
  const rest = (drop: (s: Span) => boolean) => {
    const m = new Map<Span, string>();
    for (const s of spans) if (drop(s)) m.set(s, '');
    return join(norm, spans, m)
      .replace(/^[那,]+|[呢?]+$/g, '')
      .trim();
  };
  const isThen = (s: Span) =>
    s.kind === 'ref' && (s.ref === 'then' || s.ref === 'it' || s.ref === 'they' || s.ref === 'theseUnits');
  const dropRefs = (s: Span) => s.kind === 'ref' || (s.kind === 'op' && s.op === 'which');
  const onlyEntityAndThen = spans.every(
    (s) =>
      isThen(s) ||
      s.kind === 'sep' ||
      s.kind === 'word' ||
      entities.includes(s) ||
      isNumber(s) ||
      (s.kind === 'ref' && (s.ref === 'next' || s.ref === 'prev')),
  );

  // 那15呢 / 任务11呢 / 那在任务17里呢 / 那人社局呢 / (再)下一项呢: the last question about another task or unit
  const next = refs.find((s) => s.ref === 'next' || s.ref === 'prev');
  const newTask =
    next && prev.focusTask
      ? prev.focusTask + (next.ref === 'next' ? 1 : -1)
      : ((entities.find((s) => s.kind === 'task') as Extract<Span, { kind: 'task' }> | undefined)?.tasks[0] ??
        (numbers.length === 1 && prev.focusTask ? numbers[0]?.value : undefined));
  const newUnit = entities.find((s): s is Extract<Span, { kind: 'unit' }> => s.kind === 'unit');
  const newTasks = (entities.find((s) => s.kind === 'task') as Extract<Span, { kind: 'task' }> | undefined)
    ?.tasks;
  const newGroup = spans.find((s) => s.kind === 'group' || (s.kind === 'paren' && s.cn));
  const prevGroup = prevTokens.spans.find((s) => s.kind === 'group' || (s.kind === 'paren' && s.cn));
  // 那第三部分呢 after a question about a group
  if (
    newGroup &&
    prevGroup &&
    spans.every((s) => s === newGroup || isThen(s) || s.kind === 'sep' || s.kind === 'word')
  ) {
    return join(prevTokens.norm, prevTokens.spans, new Map([[prevGroup, newGroup.text]]));
  }
  // 第二多的呢 after 哪个单位牵头的任务最多: another place of the same ranking
  const most = prevTokens.spans.find((s) => s.kind === 'op' && (s.op === 'most' || s.op === 'least'));
  const placeOrdinal = spans.find(
    (s): s is Extract<Span, { kind: 'ordinal' }> => s.kind === 'ordinal' && /^[多少]/.test(norm.slice(s.end)),
  );
  if (most && placeOrdinal) {
    return join(
      prevTokens.norm,
      prevTokens.spans,
      new Map([[most, `第${placeOrdinal.n}${norm[placeOrdinal.end]}`]]),
    );
  }
  // 那第五条呢 after a question about a safeguard: another safeguard, which may not exist
  const prevSg = prevTokens.spans.find((s) => s.kind === 'safeguard');
  const newOrdinal = spans.find((s): s is Extract<Span, { kind: 'ordinal' }> => s.kind === 'ordinal');
  if (
    prevSg &&
    newOrdinal &&
    spans.every((s) => s === newOrdinal || isThen(s) || s.kind === 'sep' || s.kind === 'word')
  ) {
    return `保障机制第${newOrdinal.n}条${rest((s) => s === newOrdinal || s.kind === 'ref') || '的内容和责任单位'}`.replace(
      /呢$/,
      '',
    );
  }
  if (onlyEntityAndThen && (newTask !== undefined || newUnit)) {
    if (newTasks && newTasks.length > 1 && prevTask) {
      return join(prevTokens.norm, prevTokens.spans, new Map([[prevTask, `任务${newTasks.join('和任务')}`]]));
    }
    if (newTask !== undefined && prevTask) {
      return join(prevTokens.norm, prevTokens.spans, new Map([[prevTask, `任务${newTask}`]]));
    }
    if (newTask !== undefined && prev.focusTask === undefined && prevUnit && !newUnit) return undefined;
    if (newUnit && prevUnit)
      return join(prevTokens.norm, prevTokens.spans, new Map([[prevUnit, newUnit.name]]));
    return undefined;
  }

  // 那14有15没有的呢: bare numbers are tasks when the conversation is about tasks
  if (numbers.length >= 2 && prev.tasks.length >= 2) {
    const m = new Map<Span, string>();
    for (const s of numbers) m.set(s, `任务${s.value}`);
    for (const s of spans) if (s.kind === 'ref') m.set(s, '');
    const asks = spans.some((s) => s.kind === 'q' || s.kind === 'field' || s.kind === 'role');
    return `${join(norm, spans, m).replace(/[呢?]+$/, '')}${asks ? '' : '责任单位'}`;
  }
  // 其中县教育局牵头的有几项 / 其中哪项是县工科局牵头的: narrowed to the group or unit of the last question
  const which = spans.find((s) => s.kind === 'op' && s.op === 'which');
  if (which) {
    const scope = prevTokens.spans.find((s) => s.kind === 'group' || s.kind === 'paren');
    const sg = prevTokens.spans.find((s) => s.kind === 'safeguard');
    const body = rest(dropRefs).replace(/^的/, '');
    if (scope) return `${scope.text}${body}`;
    if (sg)
      return `${prevTokens.norm.slice(sg.at, prevTokens.spans.find((s) => s.kind === 'ordinal' && s.at > sg.at)?.end ?? sg.end)}中${body}`;
    // 县教育局在其中是什么角色 / 其中哪些单位也参与了任务16: 其中 is the task of the last answer
    if (prev.focusTask !== undefined && !prev.focusUnit)
      return join(norm, spans, new Map([[which, `任务${prev.focusTask}中`]]));
    const negated = spans.some((s) => s.kind === 'op' && (s.op === 'not' || s.op === 'neither'));
    if (prev.focusUnit && (entities.length > 0 || negated))
      return `${prev.focusUnit}参与的任务中${rest((s) => s === which)}`;
  }
  if (entities.length > 0) return undefined;

  // 第二个是什么 / 第三个谁牵头 / 最后一个谁负责 / 第三条谁负责: an item of the last list
  const last = refs.find((s) => s.ref === 'last' || s.ref === 'first');
  const ordinal = ordinals[0];
  if (ordinal || last) {
    const list = prev.safeguards ? kb.safeguards.map((s) => s.no) : prev.tasks;
    const k = last?.ref === 'last' ? list.length - 1 : last?.ref === 'first' ? 0 : (ordinal?.n ?? 0) - 1;
    const item = list[k];
    if (item === undefined) return undefined;
    const name = prev.safeguards ? `保障机制第${item}条` : `任务${item}`;
    return `${name}${rest((s) => s === ordinal || s === last || dropRefs(s))}`;
  }

  // 哪一条的责任单位最少 after the list of safeguards
  if (
    prev.safeguards &&
    spans.some(
      (s) =>
        (s.kind === 'op' && (s.op === 'most' || s.op === 'least')) || (s.kind === 'q' && /条/.test(s.text)),
    )
  ) {
    return `保障机制${rest(dropRefs)}`;
  }
  // 那它配合的呢 after a unit's tasks: the unit's other role
  const roleSpan = spans.find((s) => s.kind === 'role');
  const asksUnits = spans.some(
    (s) =>
      (s.kind === 'q' && s.q === 'who') ||
      (s.kind === 'field' && s.field === 'units') ||
      (s.kind === 'role' && /单位|部门/.test(s.text)),
  );
  if (prev.focusUnit && roleSpan && !asksUnits && entities.length === 0) {
    const counts = spans.some((s) => s.kind === 'op' && s.op === 'count');
    const neg = spans.some((s) => s.kind === 'op' && (s.op === 'not' || s.op === 'neither'));
    return `${prev.focusUnit}${neg ? '没有' : ''}${roleSpan.text}的任务有${counts ? '几项' : '哪些'}`;
  }
  // 这两项的责任单位一样吗
  if (refs.some((s) => s.ref === 'two') && prev.focusTask && prev.previousTask) {
    return `任务${prev.previousTask}和任务${prev.focusTask}${rest((s) => s.kind === 'ref')}`;
  }
  // 它们的牵头单位分别是谁 / 它们都由谁牵头: every task of the last list
  if (refs.some((s) => s.ref === 'they') && prev.tasks.length > 1) {
    return `任务${prev.tasks.join('、')}${rest((s) => s.kind === 'ref')}`;
  }
  const asks = spans.some(
    (s) => s.kind === 'q' || s.kind === 'field' || s.kind === 'role' || (s.kind === 'op' && s.op === 'count'),
  );
  if (!asks && refs.length === 0) return undefined;
  // 它的牵头单位是谁 / 目标是多少 / 那完成时间呢 / 配合单位有哪些 / 其中牵头的是谁 / 这项任务还有谁参与
  if (prev.focusTask) {
    const also = /还有/.test(norm) && prev.focusUnit ? `除了${prev.focusUnit}，` : '';
    const body = rest(dropRefs).replace(/^的/, '');
    return `${also}任务${prev.focusTask}${/^[的是要有由在还一共]/.test(body) || !body ? '' : '的'}${body || '是什么'}`;
  }
  // 其中牵头的呢 / 它牵头的有几项 / 其中哪项是县工科局牵头的: narrowed to the unit or group of the last question
  if (prev.focusUnit) {
    const body = rest(dropRefs).replace(/^的/, '');
    const role = spans.find((s) => s.kind === 'role');
    const counts = spans.some((s) => s.kind === 'op' && s.op === 'count');
    if (!role) return undefined;
    return counts ? `${prev.focusUnit}${role.text}的任务有几项` : `${prev.focusUnit}${role.text}的任务有哪些`;
  }
  const group = prevTokens.spans.find((s) => s.kind === 'group' || s.kind === 'paren');
  if (group && asks) return `${group.text}${rest(dropRefs)}`;
  return undefined;
}

/** The turn to remember after answering `question` with these tasks and units. */
export function turnAfter(question: string, tasks: number[], lex: Lexicon, prev: Turn | undefined): Turn {
  const { spans } = tokenize(question, lex);
  const units = [...new Set(spans.flatMap((s) => (s.kind === 'unit' ? [s.name] : [])))];
  const focusTask = tasks.length === 1 ? tasks[0] : undefined;
  const safeguards =
    spans.some((s) => s.kind === 'safeguard') &&
    tasks.length === 0 &&
    !spans.some((s) => s.kind === 'ordinal');
  const turn: Turn = { question, tasks, safeguards };
  if (focusTask !== undefined) turn.focusTask = focusTask;
  const before = prev?.focusTask;
  if (before !== undefined && before !== focusTask) turn.previousTask = before;
  if (units.length === 1) turn.focusUnit = units[0] as string;
  return turn;
}
