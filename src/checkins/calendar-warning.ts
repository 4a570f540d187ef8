import type { AdminRef } from '../config.js';
import type { Outgoing } from '../shared/types.js';
import type { WorkCalendar } from './work-calendar.js';

/** How far ahead the holiday calendar must reach before the admins are warned. */
export const CALENDAR_HORIZON_DAYS = 60;

/** The admins' warning when the next 60 days are not covered by the holiday calendar; none when they are. */
export function calendarWarning(calendar: WorkCalendar, now: Date, admins: AdminRef[]): Outgoing[] {
  const from = calendar.uncoveredFrom(now, CALENDAR_HORIZON_DAYS);
  if (!from) return [];
  const text = `【节假日日历提醒】${from}起的法定节假日和调休安排还没有录入，每周汇报提醒可能落在放假日。请按国务院办公厅的放假通知，在数据目录的 holidays.json 中录入放假日期和调休上班日期（见 docs/operating.md › Holidays），然后重启机器人；“plan-bot holidays”可查看日历覆盖到哪一天。`;
  return admins.map((a) => ({ to: { platform: a.platform, chatId: a.id, userId: a.id }, text }));
}
