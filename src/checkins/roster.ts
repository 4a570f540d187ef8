import type { Plan, PlanSet } from '../knowledge/plan-set.js';
import type { Task } from '../knowledge/schema.js';
import type { Checkin, Member, RosterUnit } from '../store/db-schema.js';
import type { Store } from '../store/store.js';

/** A unit's task with the unit's role in it. */
export interface UnitTask {
  task: Task;
  role: '牵头' | '配合';
  /** The plan the task belongs to (task numbers repeat across plans). */
  plan: Plan;
}

/**
 * Who answers for which unit, across platforms and plans (a unit is one respondent for all its plans); reads and
 * edits the roster in the store.
 */
export class Roster {
  constructor(
    readonly plans: PlanSet,
    private readonly store: Store,
  ) {}

  /** The roster units, in the plans' unit order. */
  units(): RosterUnit[] {
    const order = this.plans.units.map((u) => u.name);
    return [...this.store.data.roster].sort((a, b) => order.indexOf(a.unit) - order.indexOf(b.unit));
  }

  /** The unit a platform user is bound to, with the member entry. */
  memberOf(platform: string, id: string): { unit: string; member: Member } | undefined {
    for (const u of this.store.data.roster) {
      const member = u.members.find((m) => m.platform === platform && m.id === id);
      if (member) return { unit: u.unit, member };
    }
    return undefined;
  }

  /**
   * The numbered tasks a unit is responsible for, with its role: in one plan, or in every plan that takes reports
   * (not stopped), plan by plan.
   */
  tasksOf(unit: string, plan?: string): UnitTask[] {
    const stopped = new Set(this.store.data.plans.stopped);
    const plans = plan
      ? this.plans.list.filter((p) => p.id === plan)
      : this.plans.list.filter((p) => !stopped.has(p.id));
    return plans.flatMap((p) =>
      p.kb.tasks
        .filter((t) => t.units.includes(unit))
        .map((task) => ({
          task,
          role: task.units[0] === unit ? ('牵头' as const) : ('配合' as const),
          plan: p,
        })),
    );
  }

  /** Replaces the whole roster in memory (a replay's roster line); call save() after. */
  replace(units: RosterUnit[]): void {
    this.store.setRoster(units);
  }

  /** Makes roster changes durable. */
  save(): Promise<void> {
    return this.store.commit();
  }

  /** Adds (or updates) a member of a unit in memory; the caller commits. Returns the unit it was moved from. */
  bind(unit: string, member: Member): string | undefined {
    return this.store.bindMember(unit, member);
  }

  /** Removes a member in memory; the caller commits. Returns the unit it was in. */
  unbind(platform: string, id: string): string | undefined {
    return this.store.unbindMember(platform, id);
  }

  /** The current (latest, not withdrawn) record per task of a unit in a week, in one plan (default the first). */
  current(unit: string, week: string, plan: string = this.plans.first.id): Map<number, Checkin> {
    const out = new Map<number, Checkin>();
    for (const c of this.index().get(`${unit}|${week}`) ?? []) {
      if (c.withdrawn || c.plan !== plan) continue;
      const prev = out.get(c.task);
      if (!prev || prev.at <= c.at) out.set(c.task, c);
    }
    return out;
  }

  /** A unit's latest record of a task in a plan that is not withdrawn, whatever its week. */
  latest(unit: string, task: number, plan: string): Checkin | undefined {
    this.index();
    const key = `${unit}|${plan}|${task}`;
    const last = this.cache?.lastOfTask.get(key);
    if (last && !last.withdrawn) return last;
    // the latest was withdrawn in place: the one before it
    let out: Checkin | undefined;
    for (const c of this.cache?.byTask.get(key) ?? []) {
      if (c.withdrawn) continue;
      if (!out || out.at <= c.at) out = c;
    }
    return out;
  }

  /** Forget the index after records were changed in place (withdrawn). */
  invalidate(): void {
    this.cache = undefined;
  }

  // Records grouped by unit and week, extended as records are appended and rebuilt when the array is replaced
  // (a rolled-back write) or shrinks; with 50,000 records a scan per check-in would dominate.
  private cache?: {
    list: Checkin[];
    length: number;
    byKey: Map<string, Checkin[]>;
    byTask: Map<string, Checkin[]>;
    lastOfTask: Map<string, Checkin>;
  };

  private index(): Map<string, Checkin[]> {
    const list = this.store.data.checkins;
    if (!this.cache || this.cache.list !== list || this.cache.length > list.length) {
      this.cache = { list, length: 0, byKey: new Map(), byTask: new Map(), lastOfTask: new Map() };
    }
    const { byKey, byTask, lastOfTask } = this.cache;
    const add = (map: Map<string, Checkin[]>, key: string, c: Checkin) => {
      const group = map.get(key);
      if (group) group.push(c);
      else map.set(key, [c]);
    };
    for (let i = this.cache.length; i < list.length; i++) {
      const c = list[i] as Checkin;
      add(byKey, `${c.unit}|${c.week}`, c);
      const taskKey = `${c.unit}|${c.plan}|${c.task}`;
      add(byTask, taskKey, c);
      const last = lastOfTask.get(taskKey);
      if (!c.withdrawn && (!last || last.withdrawn || last.at <= c.at)) lastOfTask.set(taskKey, c);
    }
    this.cache.length = list.length;
    return byKey;
  }
}
