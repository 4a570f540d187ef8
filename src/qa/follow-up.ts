import type { Conversation } from './conversation.js';
import { type Frame, namesSomething, type UnitCond } from './frame.js';
import type { PlanIndex } from './plan-index.js';

type Role = 'lead' | 'co' | 'any';

/** Whether the frame asks something (a question word, a count, yes/no, a ranking, a comparison, a role). */
function asks(f: Frame): boolean {
  return (
    f.ask !== undefined ||
    f.count ||
    f.yesno ||
    f.each ||
    f.wh ||
    f.rank !== undefined ||
    f.compare !== undefined
  );
}

/** Words pointing back (它, 这些, 这两项, 下一项), not counting 那 / 呢. */
function pointsBack(f: Frame): boolean {
  return f.refs.some((r) => r !== 'then');
}

/** A question that stands on its own: it names what it is about and asks something, pointing back to nothing. */
function complete(f: Frame): boolean {
  const about =
    namesSomething(f) ||
    f.unitCount !== undefined ||
    f.hasUnits !== undefined ||
    f.due !== undefined ||
    f.taskCount !== undefined ||
    f.domain ||
    (f.rank !== undefined &&
      (f.ask === 'units' || f.ask === 'tasks' || f.ask === 'groups') &&
      (f.roles.length > 0 || f.perUnit));
  return about && asks(f) && !pointsBack(f) && !f.within && !f.ordinal && !f.position;
}

/** A unit condition for a unit pointed back to, with the frame's role and negation. */
function condFor(f: Frame, name: string): UnitCond {
  return { name, role: (f.roles.find((r) => r !== 'any') ?? 'any') as Role, neg: f.negated, or: false };
}

/** Items of the last list picked by a position (第二个, 最后一个, 前两个) or an ordinal. */
function pickFromList(f: Frame, c: Conversation): Frame | undefined {
  if (!c.list || (!f.position && !f.ordinal)) return undefined;
  if (f.alsoPosition) {
    const a = pickFromList({ ...f, alsoPosition: undefined }, c);
    const b = pickFromList(
      { ...f, position: f.alsoPosition, ordinal: undefined, alsoPosition: undefined },
      c,
    );
    if (!a || !b) return a ?? b;
    const tasks = [...new Set([...a.tasks, ...b.tasks])];
    const named = new Set(a.units.map((u) => u.name));
    return {
      ...a,
      tasks,
      units: [...a.units, ...b.units.filter((u) => !named.has(u.name))],
      safeguards: [...new Set([...a.safeguards, ...b.safeguards])],
      gaps: [...a.gaps, ...b.gaps.filter((g) => !a.gaps.includes(g))],
    };
  }
  const n = f.position?.n ?? f.ordinal?.n ?? 1;
  const count = f.position?.count ?? 1;
  const fromEnd = f.position?.fromEnd ?? false;
  // the list last walked by position when the newest list is too short for it (第三个 → 它的责任单位呢 → 那第五个呢)
  const fits = (l: NonNullable<Conversation['list']>) =>
    (fromEnd ? l.items.length - n : n - 1 + count - 1) < l.items.length;
  // 谁负责 asks about a task, 牵头了哪些任务 about a unit: the list of the kind the question needs
  const wants = f.ask === 'units' ? 'tasks' : f.ask === 'tasks' ? 'units' : undefined;
  const kindOk = (l: NonNullable<Conversation['list']>) =>
    !wants || l.of === wants || (wants === 'tasks' && l.of === 'safeguards');
  const list =
    c.walked && ((!fits(c.list) && fits(c.walked)) || (!kindOk(c.list) && kindOk(c.walked) && fits(c.walked)))
      ? c.walked
      : c.list;
  const at = fromEnd ? list.items.length - n : n - 1;
  const picked = list.items.slice(Math.max(0, at), Math.max(0, at) + count);
  const out: Frame = { ...f, position: undefined, ordinal: undefined, picked: true };
  if (at < 0 || at >= list.items.length) {
    // 第五条 after four safeguards: out of range, which the answer says
    if (list.of === 'safeguards') return { ...out, safeguard: true, safeguards: [n] };
    const what = { tasks: '项任务', units: '个单位', safeguards: '条保障机制' }[list.of];
    return {
      ...out,
      gaps: [
        ...out.gaps,
        { why: 'range', words: `上一个回答只列出了${list.items.length}${what}，没有第${n}个。` },
      ],
    };
  }
  if (list.of === 'tasks') return { ...out, tasks: [...out.tasks, ...picked.map(Number)] };
  if (list.of === 'safeguards') return { ...out, safeguard: true, safeguards: picked.map(Number) };
  return { ...out, units: [...out.units, ...picked.map((u) => condFor(f, String(u)))] };
}

/** Positions and ordinals without a list: tasks by number, or places in a group or in the whole plan. */
function placeAlone(f: Frame, plan: PlanIndex): Frame {
  const kb = plan.kb;
  const out: Frame = { ...f, position: undefined, ordinal: undefined };
  // 保障机制第一项 / 基本原则第三条: a safeguard or a principle by its place
  const n = f.ordinal?.n ?? f.position?.n;
  if (n !== undefined && f.safeguard && f.groups.length === 0 && f.tasks.length === 0)
    return {
      ...out,
      safeguards: [...out.safeguards, f.position?.fromEnd ? kb.safeguards.length + 1 - n : n],
    };
  if (n !== undefined && f.facts.includes('principles') && f.tasks.length === 0)
    return {
      ...out,
      principles: [...out.principles, f.position?.fromEnd ? kb.principles.length + 1 - n : n],
    };
  if (f.ordinal) {
    if (f.ordinal.counter === '个' && f.groups.length === 1) {
      const g = kb.groups[(f.groups[0] as number) - 1];
      const no = g?.tasks[f.ordinal.n - 1];
      return no !== undefined
        ? { ...out, groups: [], tasks: [no] }
        : { ...out, tasks: [...out.tasks, f.ordinal.n] };
    }
    return { ...out, tasks: [...out.tasks, f.ordinal.n] };
  }
  if (f.position) {
    const group = f.groups.length === 1 ? kb.groups[(f.groups[0] as number) - 1] : undefined;
    const list = group ? group.tasks : kb.tasks.map((t) => t.no);
    const at = f.position.fromEnd ? list.length - f.position.n : f.position.n - 1;
    const picked = list.slice(Math.max(0, at), Math.max(0, at) + f.position.count);
    if (picked.length === 0) return out;
    return { ...out, groups: group ? [] : out.groups, tasks: [...out.tasks, ...picked] };
  }
  return out;
}

/** Resolves 它 / 这些 / 这两项 / 下一项 to what the conversation last talked about, by what the question needs. */
function fillRefs(f: Frame, c: Conversation | undefined): Frame {
  const refs = f.refs.filter((r) => r !== 'then');
  if (!c || refs.length === 0) return f;
  let out: Frame = { ...f, refs: f.refs.filter((r) => r === 'then') };
  for (const r of refs) {
    if (r === 'exceptIt') {
      if (c.task !== undefined) out.notTasks = [...out.notTasks, c.task];
      continue;
    }
    if ((r === 'they' || r === 'theseUnits') && c.list) {
      if (c.list.of === 'tasks' && out.tasks.length === 0) out.tasks = c.list.items.map(Number);
      else if (c.list.of === 'units' && out.units.length === 0)
        out.units = c.list.items.map((u) => condFor(f, String(u)));
      else if (c.list.of === 'safeguards')
        out = { ...out, safeguard: true, safeguards: c.list.items.map(Number) };
      continue;
    }
    // 任务9和任务16…这两个: the two tasks the last question named
    if (r === 'two' && c.frame?.tasks.length === 2 && out.tasks.length === 0 && out.groups.length === 0) {
      out.tasks = [...c.frame.tasks];
      continue;
    }
    if (r === 'two' && c.task !== undefined) {
      out.tasks = c.previous !== undefined ? [c.previous, c.task] : [c.task];
      continue;
    }
    if ((r === 'next' || r === 'prev') && c.task !== undefined) {
      out.tasks = [c.task + (r === 'next' ? 1 : -1)];
      continue;
    }
    if (r !== 'it' && r !== 'they') continue;
    const hasClause = out.tasks.length > 0 || out.safeguards.length > 0 || out.topic !== '';
    const hasUnit = out.units.length > 0;
    // 它是牵头单位吗: the unit in the task talked about
    const roleCheck = out.yesno && out.ask === 'units' && !hasClause && !hasUnit;
    // 它有配合单位吗: a test on clauses, so 它 is the task
    const unitWanted =
      (roleCheck && !out.hasUnits) ||
      (hasClause && !hasUnit) ||
      (!hasClause &&
        !hasUnit &&
        !out.hasUnits &&
        (out.ask === 'tasks' ||
          out.ask === 'groups' ||
          out.safeguard ||
          (out.ask === undefined && out.roles.length > 0) ||
          (out.yesno && out.ask !== 'target' && out.ask !== 'text')));
    if (unitWanted && c.unit) {
      out.units = [condFor(out, c.unit)];
      if (roleCheck && c.task !== undefined) out.tasks = [c.task];
      // 它还牵头别的任务吗: the task just talked about is not one of the others
      if (out.other && c.task !== undefined && out.ask === 'tasks') out.notTasks = [...out.notTasks, c.task];
      continue;
    }
    if (c.safeguard !== undefined && c.task === undefined)
      out = { ...out, safeguard: true, safeguards: [c.safeguard] };
    else if (c.task !== undefined && !hasClause) out.tasks = [c.task];
    else if (c.unit && !hasUnit) out.units = [condFor(out, c.unit)];
    // 这项任务还有谁参与: besides the unit talked about
    if (out.other && out.ask === 'units' && c.unit && out.units.length === 0)
      out.exceptUnits = [...out.exceptUnits, c.unit];
  }
  return out;
}

/** The last question with the slots the follow-up changes (那县工科局呢, 换成任务16呢, 打错了，是县自然资源局). */
function replaceEntities(prev: Frame, f: Frame): Frame {
  const out: Frame = {
    ...prev,
    shown: undefined,
    follow: undefined,
    gaps: prev.gaps.filter((g) => g.why !== 'unknownUnit' && g.why !== 'range'),
  };
  if (f.tasks.length) {
    out.tasks = f.tasks;
    out.safeguards = [];
  }
  if (f.safeguard) {
    out.safeguard = true;
    out.safeguards = f.safeguards;
    if (!f.tasks.length) out.tasks = [];
  }
  // 县税务局没参与的呢: the new unit brings its own condition
  const ownCond = f.units.some((u) => u.neg || u.role !== 'any');
  if (f.units.length) {
    // the tasks left out were the old unit's own (它还牵头别的任务吗 → 换成县工科局呢)
    if (prev.other) out.notTasks = [];
    if (ownCond) out.units = f.units;
    else if (prev.units.length === f.units.length)
      out.units = prev.units.map((u, i) => ({ ...u, name: f.units[i]?.name ?? u.name }));
    else if (prev.units.length > 0)
      out.units = [{ ...(prev.units[0] as UnitCond), name: f.units[0]?.name ?? '' }];
    else
      out.units = f.units.map((u) => ({
        ...u,
        role: (prev.roles.find((r) => r !== 'any') ?? u.role) as Role,
      }));
    out.unknownUnits = [];
  }
  if (f.unknownUnits.length) {
    out.unknownUnits = f.unknownUnits;
    out.units = [];
  }
  if (f.groups.length) out.groups = f.groups;
  if (f.topic) {
    out.topic = f.topic;
    out.content = f.content;
    out.tasks = f.tasks;
    out.measure = f.measure;
  }
  if (f.rank) out.rank = f.rank;
  if (f.places.length) out.places = f.places;
  if (f.negated && prev.setop) {
    out.setop = 'minus';
    out.negated = true;
  }
  out.gaps = [...out.gaps, ...f.gaps];
  // a follow-up that asks something of its own (不对，我问的是任务15的牵头单位) asks that
  if (asks(f)) return { ...out, ask: f.ask, askRole: f.askRole, count: f.count, yesno: f.yesno };
  return out;
}

/**
 * 这组 / 那一组: the one group the last answer was about (its tasks all in one group, or the task talked about);
 * when there is none, the words are reported as not understood rather than dropped.
 */
function groupPointedTo(f: Frame, c: Conversation, plan: PlanIndex): Frame {
  const refs = f.refs.filter((r) => r !== 'group');
  const tasks = c.list?.of === 'tasks' ? c.list.items.map(Number) : c.task !== undefined ? [c.task] : [];
  const groups = new Set(tasks.map((n) => plan.kb.tasks[n - 1]?.group));
  const g = groups.size === 1 ? [...groups][0] : undefined;
  if (g !== undefined && f.groups.length === 0) return { ...f, refs, groups: [g] };
  return { ...f, refs, gaps: [...f.gaps, { why: 'words', words: '这组' }] };
}

/** The last question narrowed or re-asked by a follow-up (其中牵头几项, 一共几项, 谁牵头, 那它配合的呢). */
function narrow(prev: Frame, f: Frame): Frame {
  const out: Frame = {
    ...prev,
    shown: undefined,
    follow: undefined,
    gaps: [...f.gaps],
    refs: [],
    within: false,
  };
  if (asks(f) || f.roles.length) {
    // 是哪个 / 都是哪些 after a yes/no: the things the last question was about
    out.ask = f.ask ?? (f.wh && prev.yesno && prev.unitsWord ? 'units' : prev.ask);
    if (f.wh && !f.yesno && prev.yesno) {
      out.unitCount = undefined;
      out.hasUnits = undefined;
      out.taskCount = undefined;
    }
    out.count = f.count;
    out.yesno = f.yesno;
    out.each = f.each;
    out.rank = f.rank;
    out.compare = f.compare;
    out.quant = f.quant ?? (f.yesno ? undefined : prev.quant);
    if (f.measure !== undefined || f.ask !== prev.ask) out.measure = f.measure;
  }
  if (f.roles.length) {
    out.askRole = f.askRole;
    out.roles = f.roles;
  }
  if (f.units.length) {
    const named = new Set(f.units.map((u) => u.name));
    out.units = [...prev.units.filter((u) => !named.has(u.name)), ...f.units];
  } else if (f.roles.length && prev.units.length && f.ask !== 'units') {
    const role = (f.roles.find((r) => r !== 'any') ?? f.roles[0]) as Role;
    out.units = prev.units.map((u) => ({ ...u, role, neg: f.negated || u.neg }));
  } else if (f.negated && prev.units.length === 1) out.units = prev.units.map((u) => ({ ...u, neg: true }));
  // 其中哪些单位也参与了任务16: the tasks together
  if (f.tasks.length && f.within && prev.tasks.length) {
    out.tasks = [...new Set([...prev.tasks, ...f.tasks])];
    out.setop = f.setop ?? (f.negated ? 'minus' : 'common');
  } else if (f.tasks.length) out.tasks = f.tasks;
  if (f.negated) out.negated = true;
  if (f.domain) out.domain = true;
  if (f.groups.length) out.groups = f.groups;
  if (f.safeguard) {
    out.safeguard = true;
    out.safeguards = f.safeguards;
    // 任务12的单位，其中几个在保障机制里也出现: the units of both
    if (f.within && (prev.tasks.length || prev.groups.length) && prev.ask === 'units') {
      out.setop = 'common';
      out.ask = 'units';
    }
  }
  if (f.notTasks.length) out.notTasks = [...prev.notTasks, ...f.notTasks];
  if (f.exceptUnits.length) out.exceptUnits = f.exceptUnits;
  if (f.exceptLead) out.exceptLead = true;
  if (f.other) out.other = true;
  if (f.unitCount) out.unitCount = f.unitCount;
  if (f.hasUnits) out.hasUnits = f.hasUnits;
  if (f.due) out.due = f.due;
  if (f.facts.length) out.facts = f.facts;
  if (f.topic && !prev.topic) {
    out.topic = f.topic;
    out.content = f.content;
  }
  return out;
}

/** Two counts in one message over different things (第三组一共几项？县教育局牵头几项？): the second counts within the first. */
function countsWithin(prev: Frame, f: Frame): boolean {
  return (
    prev.count &&
    f.count &&
    prev.ask === 'tasks' &&
    f.ask === 'tasks' &&
    f.tasks.length === 0 &&
    !f.doc &&
    ((prev.groups.length > 0 && f.groups.length === 0) || (prev.units.length > 0 && f.units.length === 0))
  );
}

/**
 * Completes a question from the conversation: positions pick from the last list, 它 / 这些 point to what was
 * last talked about, 那X呢 / 换成X呢 / 打错了，是X change one slot of the last question, 反过来呢 swaps its units,
 * 还有呢 asks for the rest, 其中… narrows it; 另外 / 顺便问下 and a complete question start afresh.
 */
export function resolveFrame(
  raw: Frame,
  c: Conversation,
  opts: { sameMessage: boolean; plan: PlanIndex },
): Frame {
  const prev = c.frame;
  const fresh = raw.follow === 'fresh';
  let f = raw.refs.includes('group') ? groupPointedTo(raw, c, opts.plan) : raw;
  // 那第五条呢 after a safeguard: another safeguard, which may not exist
  if (f.ordinal?.counter === '条' && prev?.safeguard && !fresh && !f.tasks.length)
    f = { ...f, ordinal: undefined, safeguard: true, safeguards: [f.ordinal.n] };
  if ((f.position || f.ordinal) && c.list && !fresh && !(f.ordinal && f.groups.length))
    f = pickFromList(f, c) ?? f;
  if (f.position || f.ordinal) f = placeAlone(f, opts.plan);
  if (!prev || fresh) return fillRefs({ ...f, follow: undefined }, fresh ? undefined : c);
  if (f.follow === 'more') return { ...prev, follow: undefined, gaps: [] };
  if (f.follow === 'reverse') {
    // 反过来呢: the two units swap places; one unit takes the other role (牵头 ↔ 配合) or the opposite (参与 ↔ 没参与)
    if (prev.units.length >= 2) {
      const names = prev.units.map((u) => u.name);
      return {
        ...prev,
        follow: undefined,
        units: prev.units.map((u, i) => ({ ...u, name: names[names.length - 1 - i] as string })),
      };
    }
    if (prev.units.length === 1) {
      const u = prev.units[0] as UnitCond;
      const flipped: UnitCond =
        u.role === 'any' ? { ...u, neg: !u.neg } : { ...u, role: u.role === 'lead' ? 'co' : 'lead' };
      return { ...prev, follow: undefined, units: [flipped], askRole: flipped.role };
    }
    return { ...prev, follow: undefined };
  }
  // 有几个单位牵头了重点任务？各牵头几项？: 各 with nothing named is each unit the last answer listed
  if (
    f.each &&
    f.count &&
    f.units.length === 0 &&
    f.tasks.length === 0 &&
    f.groups.length === 0 &&
    !f.safeguard &&
    c.list?.of === 'units' &&
    c.list.items.length >= 2
  )
    return { ...f, units: c.list.items.map((u) => condFor(f, String(u))) };
  const entityOnly = !asks(f) && namesSomething(f) && f.roles.length === 0;
  if (
    f.follow === 'change' ||
    f.follow === 'correct' ||
    entityOnly ||
    (f.rank && !f.ask && !namesSomething(f))
  )
    return replaceEntities(prev, fillRefs(f, c));
  if (f.within) return narrow(prev, fillRefs(f, c));
  // 是牵头吗 / 是配合单位吗 with nothing named: the unit and the task just talked about
  if (
    !complete(f) &&
    f.yesno &&
    f.roles.some((r) => r !== 'any') &&
    !namesSomething(f) &&
    !f.domain &&
    !f.other &&
    c.unit &&
    c.task !== undefined &&
    (f.ask === undefined || f.ask === 'units' || f.ask === 'role')
  )
    return { ...f, refs: [], units: [condFor(f, c.unit)], tasks: [c.task], ask: 'role' };
  // 任务16谁负责 → 县工科局也参与吗: 也 asks about the unit in the task just talked about, not in general
  if (
    f.yesno &&
    f.setop === 'common' &&
    f.units.length === 1 &&
    f.tasks.length === 0 &&
    f.groups.length === 0 &&
    !f.safeguard &&
    !f.domain &&
    f.topic === '' &&
    c.task !== undefined &&
    prev.tasks.length === 1 &&
    prev.tasks[0] === c.task
  )
    return { ...f, setop: undefined, tasks: [c.task], ask: 'role' };
  if (!complete(f)) {
    const filled = fillRefs(f, c);
    if (pointsBack(f) && namesSomething(filled) && asks(filled)) return filled;
    // 下一项呢 / 上一项呢: the last question, about the task pointed to
    if (pointsBack(f) && namesSomething(filled) && !asks(f) && f.roles.length === 0 && !namesSomething(f))
      return replaceEntities(prev, filled);
    if (asks(f) || f.roles.length) return narrow(prev, filled);
    return filled;
  }
  if (opts.sameMessage && countsWithin(prev, f)) return narrow(prev, f);
  return fillRefs(f, c);
}
