import { addWeeks, weekOf } from '../checkins/weeks.js';
import type { AdminRef, SupervisionSettings } from '../config.js';
import type { Address, OutgoingText } from '../shared/types.js';
import type { Escalation, Member } from '../store/db-schema.js';
import type { Store } from '../store/store.js';
import type { PlanView } from './plan-view.js';
import { type UnitStanding, unitStandings } from './unit-standing.js';

/** What one weekly escalation run needs. */
export interface EscalationRun {
  view: PlanView;
  store: Store;
  settings: Pick<SupervisionSettings, 'missedWeeks' | 'countyAfterWeeks'>;
  /** The county leaders (PLAN_BOT_LEADERS). */
  county: AdminRef[];
  now: Date;
}

/** What a run sends and what the digest says about it. */
export interface EscalationResult {
  messages: OutgoingText[];
  /** One line per escalation sent or lifted this week, for the admins' digest. */
  lines: string[];
}

const REASON_LABEL: Record<Escalation['reason'], string> = { missed: '未按周报送', overdue: '任务逾期' };

/** A short week label: 2022-W10 → W10. */
const shortWeek = (w: string) => w.slice(5);

/** Why a unit is escalated, as told (undefined when it is not). */
function cause(s: UnitStanding, reason: Escalation['reason'], missedWeeks: number): string | undefined {
  if (reason === 'missed') {
    if (s.streak.length < missedWeeks) return undefined;
    return `已连续${s.streak.length}周未报送工作进展（${s.streak.map(shortWeek).join('、')}）`;
  }
  if (s.overdue.length === 0) return undefined;
  const items = s.overdue.map((o) => `任务${o.task}（截止${o.deadline.label}，逾期${o.days}天）`);
  return `有${s.overdue.length}项任务超过完成时限仍未完成：${items.join('、')}`;
}

function direct(p: Pick<Member, 'platform' | 'id'>): Address {
  return { platform: p.platform, chatId: p.id, userId: p.id };
}

/**
 * The escalation ladder, run once a week with the digest on the weekly clock: a unit that missed
 * `missedWeeks` prompted weeks in a row, or has a task past its deadline and not done, is escalated to its own
 * leaders (roster role 分管领导); when the cause is still there `countyAfterWeeks` weeks later, to the county
 * leaders. Each escalation is stored under `unit|plan|reason|week` in the same commit as its messages, so it is
 * sent once and never again after a restart; an escalation whose cause is gone is marked lifted.
 */
export function runEscalations(r: EscalationRun): EscalationResult {
  const { view, store, now } = r;
  const week = weekOf(now);
  const all = Object.entries(view.data.escalations ?? {});
  const messages: OutgoingText[] = [];
  const lines: string[] = [];
  const title = `《${view.kb.document.title}》`;
  for (const s of unitStandings(view, now)) {
    const roster = view.data.roster.find((u) => u.unit === s.unit);
    const leaders = (roster?.members ?? []).filter((m) => m.role === 'leader');
    for (const reason of ['missed', 'overdue'] as const) {
      const why = cause(s, reason, r.settings.missedWeeks);
      const mine = all.filter(([, e]) => e.unit === s.unit && e.plan === view.plan && e.reason === reason);
      const open = mine.find(([, e]) => e.level === 1 && !e.resolved);
      const key = `${s.unit}|${view.plan}|${reason}|${week}`;
      if (!why) {
        if (open) {
          store.putEscalation(open[0], { ...open[1], resolved: week });
          lines.push(`✅ ${s.unit}${reason === 'missed' ? '已恢复报送' : '逾期任务已完成'}，督办解除`);
        }
        continue;
      }
      // a second run in the same week (a repeated digest) finds this week's entry and sends nothing
      if (view.data.escalations?.[key]) continue;
      if (!open) {
        const to = leaders.map((m) => `${m.platform}:${m.id}`);
        const text = `【督办提醒】${s.unit}${why}。\n${title}请督促本单位落实并按周汇报进展。`;
        for (const m of leaders) messages.push({ to: direct(m), text });
        store.putEscalation(key, {
          unit: s.unit,
          plan: view.plan,
          reason,
          level: 1,
          week,
          at: now.toISOString(),
          why,
          to,
        });
        lines.push(
          `⬆️ ${s.unit}${REASON_LABEL[reason]}（${reason === 'missed' ? `连续${s.streak.length}周` : s.overdue.map((o) => `任务${o.task}`).join('、')}）→ ${
            leaders.length
              ? `已提醒分管领导${leaders.map((m) => m.name).join('、')}`
              : `未绑定分管领导，无人可告知（绑定 ${s.unit} @某人 分管领导）`
          }`,
        );
        continue;
      }
      const followed = mine.some(([, e]) => e.level === 2 && e.follows === open[0]);
      if (followed || week < addWeeks(open[1].week, r.settings.countyAfterWeeks)) continue;
      const told = open[1].to.length ? '已提醒分管领导' : '（未绑定分管领导）';
      const text = `【督办升级】${s.unit}${why}。\n${shortWeek(open[1].week)}${told}，${r.settings.countyAfterWeeks}周后仍未改正，现报县领导。${title}`;
      for (const a of r.county) messages.push({ to: direct(a), text });
      store.putEscalation(key, {
        unit: s.unit,
        plan: view.plan,
        reason,
        level: 2,
        week,
        at: now.toISOString(),
        why,
        to: r.county.map((a) => `${a.platform}:${a.id}`),
        follows: open[0],
      });
      lines.push(
        `⏫ ${s.unit}${REASON_LABEL[reason]}，${shortWeek(open[1].week)}提醒后仍未改正 → ${
          r.county.length ? '已报县领导' : '未配置县领导（PLAN_BOT_LEADERS），无人可告知'
        }`,
      );
    }
  }
  return { messages, lines };
}

/**
 * How far a unit is escalated now in a plan: 2 (told the county leaders), 1 (its own leaders; `reached` false
 * when it has none bound, so nobody was told) or 0.
 */
export function escalationLevel(view: PlanView, unit: string): { level: 0 | 1 | 2; reached: boolean } {
  const mine = Object.entries(view.data.escalations ?? {}).filter(
    ([, e]) => e.unit === unit && e.plan === view.plan,
  );
  let out: { level: 0 | 1 | 2; reached: boolean } = { level: 0, reached: true };
  for (const [key, e] of mine) {
    if (e.level !== 1 || e.resolved) continue;
    const county = mine.find(([, x]) => x.level === 2 && x.follows === key);
    if (county) return { level: 2, reached: county[1].to.length > 0 };
    out = { level: 1, reached: out.level === 1 ? out.reached || e.to.length > 0 : e.to.length > 0 };
  }
  return out;
}
