import type { Knowledge } from '../knowledge/schema.js';
import type { Query, SafeguardSet, TaskSet, UnitSet } from './query.js';
import { cnOrdinal } from './writer.js';

const ROLE = { lead: '牵头', co: '配合', any: '参与' } as const;
const UNIT_OF = { lead: '牵头单位', co: '配合单位', any: '责任单位' } as const;
const CMP = { eq: '恰好', lt: '少于', le: '不超过', gt: '超过', ge: '至少' } as const;

/** The tasks of a set described in words. */
export function describeSet(kb: Knowledge, s: TaskSet): string {
  switch (s.op) {
    case 'all':
      return `全部${kb.tasks.length}项重点任务`;
    case 'tasks':
      return `任务${s.tasks.join('、')}`;
    case 'group':
      return `第${cnOrdinal(s.group)}部分「${kb.groups[s.group - 1]?.title ?? ''}」的任务`;
    case 'unit':
      return `${s.unit}${ROLE[s.role]}的任务`;
    case 'unitCount':
      return `责任单位${CMP[s.cmp]}${s.n}个的任务`;
    case 'due':
      return `${s.year}年${s.cmp === 'le' ? '底前' : s.cmp === 'ge' ? '以后' : ''}完成的任务`;
    case 'hasUnits':
      return `有${UNIT_OF[s.role]}的任务`;
    case 'unitsExactly':
      return `责任单位恰好是${s.units.join('、')}的任务`;
    case 'sameUnitsAs':
      return `责任单位与保障机制（${cnOrdinal(s.safeguard)}）相同的任务`;
    case 'and':
      return s.sets.map((x) => describeSet(kb, x)).join('，且为');
    case 'or':
      return s.sets.map((x) => describeSet(kb, x)).join('，或');
    case 'not':
      return s.set.op === 'unit'
        ? `${s.set.unit}没有${ROLE[s.set.role]}的任务`
        : s.set.op === 'hasUnits'
          ? `没有${UNIT_OF[s.set.role]}的任务`
          : s.set.op === 'tasks'
            ? `${describeSet(kb, s.set)}以外的其他任务`
            : `不属于“${describeSet(kb, s.set)}”的任务`;
  }
}

function describeSafeguards(s: SafeguardSet): string {
  if (s.op === 'all') return '保障机制';
  if (s.op === 'nos') return `保障机制（${s.nos.map(cnOrdinal).join('、')}）`;
  return `${s.unit}${s.neg ? '不在其中' : ROLE[s.role]}的保障机制`;
}

/** A set of units described in words. */
export function describeUnits(kb: Knowledge, s: UnitSet): string {
  const role = (r: 'lead' | 'co' | 'any') =>
    r === 'any' ? '责任单位' : r === 'lead' ? '牵头单位' : '配合单位';
  switch (s.op) {
    case 'named':
      return s.units.join('、');
    case 'all':
      return '方案涉及的全部单位';
    case 'ofTasks':
      return `${describeSet(kb, s.tasks)}的${role(s.role)}`;
    case 'ofSafeguards':
      return `${s.each ? '每一条' : ''}${describeSafeguards(s.safeguards)}${s.each ? '都有' : ''}的${role(s.role)}`;
    case 'taking':
      return `在${describeSet(kb, s.tasks)}中${CMP[s.cmp]}${ROLE[s.role]}${s.n}项的单位`;
    case 'and':
      return `${s.sets.map((x) => describeUnits(kb, x)).join('与')}共同的单位`;
    case 'or':
      return s.sets.map((x) => describeUnits(kb, x)).join('和');
    case 'minus':
      return s.sets.every((x) => x.op === 'named')
        ? `${describeUnits(kb, s.from)}（除去${s.sets.map((x) => describeUnits(kb, x)).join('、')}）`
        : `${describeUnits(kb, s.from)}中，不在${s.sets.map((x) => describeUnits(kb, x)).join('、')}里的单位`;
  }
}

/** The question as the parser understood it, in one line (for "我理解的问题"). */
export function describeQuery(kb: Knowledge, q: Query): string {
  switch (q.kind) {
    case 'tasks':
      if (q.each === 'lead') return `${describeSet(kb, q.set)}各由谁牵头`;
      if (q.each === 'group') return `${describeSet(kb, q.set)}各属于哪一部分`;
      if (q.each === 'units') return `${describeSet(kb, q.set)}各有哪些责任单位`;
      return q.count ? `${describeSet(kb, q.set)}有几项` : `哪些任务是${describeSet(kb, q.set)}`;
    case 'units':
      return `${describeUnits(kb, q.set)}${q.count ? '有几个' : '有哪些'}`;
    case 'groups':
      if (q.set.op === 'eachOf')
        return `哪些部分里${q.set.preds.map((p) => describeSet(kb, p)).join('和')}都有`;
      return q.set.op === 'all' || q.set.op === 'nos'
        ? `重点任务分几个部分`
        : `哪些部分的任务${q.set.op === 'every' ? '全部' : q.set.op === 'some' ? '有' : '都不'}是${describeSet(kb, q.set.pred)}`;
    case 'safeguards':
      return `${describeSafeguards(q.set)}${q.count ? '有几条' : '有哪些'}`;
    case 'rank': {
      const over = { units: '单位', tasks: '任务', safeguards: '保障机制', groups: '部分' }[q.over];
      const measure =
        q.over === 'units'
          ? `${ROLE[q.role]}${q.measure === 'safeguards' ? '的保障机制' : '任务'}`
          : q.over === 'groups'
            ? q.measure === 'units'
              ? '涉及的单位'
              : '的任务'
            : '责任单位';
      const place = q.position > 1 ? `排第${cnOrdinal(q.position)}` : q.dir === 'max' ? '最多' : '最少';
      const within = q.within ? `在${describeSet(kb, q.within)}中，` : '';
      return `${within}${q.except.length ? `除${q.except.join('、')}外，` : ''}哪个${over}${measure}${place}`;
    }
    case 'compare':
      return q.over === 'units'
        ? `${q.items.join('和')}谁${ROLE[q.role]}的任务多`
        : q.over === 'groups'
          ? `第${q.items.map((n) => cnOrdinal(Number(n))).join('部分和第')}部分哪个${q.measure === 'units' ? '涉及的单位' : '任务'}多`
          : `任务${q.items.join('和任务')}的责任单位${q.how === 'same' ? '是否相同' : '哪个多'}`;
    case 'check': {
      const c = q.claim;
      if (c.is === 'count') return `${describeSet(kb, c.set)}是否${CMP[c.cmp]}${c.n}项`;
      if (c.is === 'inSafeguards')
        return `${c.unit}是否是${c.every ? '每一条' : ''}${describeSafeguards(c.safeguards)}的${c.role === 'lead' ? '牵头单位' : '责任单位'}`;
      if (c.is === 'groups')
        return `${{ every: '是否每一部分', some: '是否有部分', none: '是否没有部分' }[c.quant]}都有${describeSet(kb, c.pred)}`;
      if (c.is === 'sameGroup') return `${c.preds.map((p) => describeSet(kb, p)).join('和')}是否在同一部分`;
      if (c.is === 'onlyUnits')
        return `${describeSet(kb, c.domain)}中是否只有${c.units.join('、')}${ROLE[c.role]}`;
      if (c.is === 'only') return `${describeSet(kb, c.pred)}是否都在${describeSet(kb, c.domain)}中`;
      const quant = { every: '是否都是', some: '是否有', none: '是否都不是' }[c.quant];
      return `${describeSet(kb, c.domain)}中${quant}${describeSet(kb, c.pred)}`;
    }
    default:
      return '';
  }
}
