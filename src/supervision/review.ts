import { describe } from '../checkins/checkin-desk.js';
import { recipients } from '../checkins/weekly-messages.js';
import type { OutgoingText } from '../shared/types.js';
import type { Checkin, Review } from '../store/db-schema.js';
import type { Store } from '../store/store.js';
import type { PlanView } from './plan-view.js';
import { reviewState } from './review-state.js';
import { planUnits } from './unit-standing.js';

/** Who reviewed: the admin's platform identity and display name. */
export type Reviewer = Review['by'];

/** Every unit's current record per task in a plan (`unit|task`), in one pass over the check-ins. */
function allCurrent(view: PlanView, units?: ReadonlySet<string>): Map<string, Checkin> {
  const out = new Map<string, Checkin>();
  for (const c of view.data.checkins) {
    if (c.withdrawn || (units && !units.has(c.unit)) || c.plan !== view.plan) continue;
    const k = `${c.unit}|${c.task}`;
    const prev = out.get(k);
    if (!prev || prev.at <= c.at) out.set(k, c);
  }
  return out;
}

/** A unit's current record per task in a plan: its latest check-in that is not withdrawn, whatever the week. */
export function currentRecords(view: PlanView, unit: string): Map<number, Checkin> {
  return new Map([...allCurrent(view, new Set([unit])).values()].map((c) => [c.task, c]));
}

/** The current records of the rostered units that wait for review (待审核), oldest first. */
export function pendingReviews(view: PlanView): Checkin[] {
  const units = new Set(planUnits(view).map((u) => u.unit));
  return [...allCurrent(view, units).values()]
    .filter((c) => reviewState(c) === '待审核')
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** Marks check-ins confirmed (in memory; the caller commits). */
export function confirmCheckins(store: Store, records: Checkin[], by: Reviewer, now: Date): void {
  store.changeCheckins(records, (c) => {
    c.review = { state: 'confirmed', by: { ...by }, at: now.toISOString() };
  });
}

/** Marks a check-in returned with the reason (in memory; the caller commits). */
export function returnCheckin(store: Store, record: Checkin, by: Reviewer, reason: string, now: Date): void {
  store.changeCheckins([record], (c) => {
    c.review = { state: 'returned', by: { ...by }, at: now.toISOString(), reason };
  });
}

/** "县财政局 任务14（2022-W10 进度60%，…）" for replies about a record. */
export function recordLabel(view: PlanView, c: Checkin): string {
  const title = view.kb.tasks[c.task - 1]?.title ?? '';
  return `${c.unit} 任务${c.task}「${title}」（${c.week}：${describe(c)}）`;
}

/**
 * What a return sends: the reason to the unit's liaisons (its work chat, with them @-ed, when it has one), so that
 * their next report on the task is the resubmission.
 */
export function returnNotice(view: PlanView, c: Checkin, reason: string, by: Reviewer): OutgoingText[] {
  const unit = view.data.roster.find((u) => u.unit === c.unit);
  if (!unit) return [];
  const text = `【退回】${recordLabel(view, c)}已被退回。\n原因：${reason}\n请补充后重新汇报该任务，格式：任务${c.task} 进度N% 情况说明（会记为重新提交）。审核人：${by.name ?? by.id}`;
  return recipients(unit, ['liaison']).map((to) => ({ to, text }));
}

/**
 * Marks new records that answer a return: a unit's next report on a task whose current record was returned
 * is its resubmission (`resubmitOf`). Called on the records before they are stored, with the unit's latest record
 * of a task in a plan (the roster's index: no scan of the ledger per report).
 */
export function markResubmissions(
  records: Checkin[],
  latest: (unit: string, task: number, plan: string) => Checkin | undefined,
): void {
  for (const r of records) {
    const c = latest(r.unit, r.task, r.plan);
    if (c?.review?.state === 'returned') r.resubmitOf = c.id;
  }
}
