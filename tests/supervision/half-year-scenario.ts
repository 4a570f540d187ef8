import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';

/**
 * A half year of supervision, 2022-01-03 to 2022-07-01, written as a replay transcript and, independently of the
 * bot, as the facts an oracle needs: when each unit reported what, when prompts and digests fall (元旦, 春节, 清明,
 * 劳动节 and 端午 move them), which deadlines were set, what was returned. Every unit of the plan is rostered
 * (17; 14 answer for tasks).
 *
 * - 县税务局 falls silent W07–W12, then reports again: its leader hears at W08, the county at W10, lifted at W13.
 * - 县文旅局 reports every week on Saturday, after the week closed: late, never missed two weeks in a row.
 * - 县小企业发展促进中心 misses W20 only: counted, not escalated.
 * - 任务14's deadline is set to 2022-03-30 in chat (Jan 4; the W09 prompt is exactly 30 days before it); every unit reports it done by W12 except 县财政局, whose
 *   done (W13) is returned (Mar 30) and resubmitted (Apr 6), and 县自然资源局, which never finishes: escalated at
 *   W13 (Apr 1), to the county at W15.
 * - 任务9's deadline is set to 2022-05-30 (Apr 11; prompts 7 days before and on the day); 县委编办 (no leader bound) never finishes: escalated at the
 *   digest 端午 moves to Monday Jun 6 (nobody to tell), to the county at W25.
 */
export const kb = loadKnowledge();

const H = 3600_000;
const D = 24 * H;
/** An instant from a local (Asia/Shanghai) date and time. */
export const at = (date: string, time = '00:00') => new Date(`${date}T${time}:00+08:00`);
/** The local date of an instant. */
export const day = (t: Date) => new Date(t.getTime() + 8 * H).toISOString().slice(0, 10);
const addDays = (date: string, n: number) => day(new Date(at(date).getTime() + n * D));

export const ADMIN = 'ou_admin';
export const COUNTY = 'ou_county';
export const LEADERS: Record<string, { id: string; name: string }> = {
  县财政局: { id: 'ou_fin_lead', name: '刘局长' },
  县税务局: { id: 'ou_tax_lead', name: '周局长' },
  县自然资源局: { id: 'ou_land_lead', name: '吴局长' },
  县教育局: { id: 'ou_edu_lead', name: '郑局长' },
};

/** Every unit of the plan, in its order, and the tasks each answers for. */
export const UNITS = kb.units.map((u) => u.name);
export const TASKS_OF = new Map(
  UNITS.map((u) => [u, kb.tasks.filter((t) => t.units.includes(u)).map((t) => t.no)]),
);
/** The units that answer for tasks (the others are rostered but never prompted). */
export const TASK_UNITS = UNITS.filter((u) => (TASKS_OF.get(u) ?? []).length > 0);
export const liaison = (unit: string) => `ou_l${UNITS.indexOf(unit)}`;

/** The weeks with a prompt, and the local day it falls on (holidays move it; 春节 week W05 has none). */
export const PROMPT_DAYS: [string, string][] = [
  ['2022-W01', '2022-01-04'], // 元旦: Monday 3 January is off
  ['2022-W02', '2022-01-10'],
  ['2022-W03', '2022-01-17'],
  ['2022-W04', '2022-01-24'],
  ['2022-W06', '2022-02-07'], // 春节 31 Jan–6 Feb: W05's prompt falls on Monday 7 Feb, which is W06's
  ['2022-W07', '2022-02-14'],
  ['2022-W08', '2022-02-21'],
  ['2022-W09', '2022-02-28'],
  ['2022-W10', '2022-03-07'],
  ['2022-W11', '2022-03-14'],
  ['2022-W12', '2022-03-21'],
  ['2022-W13', '2022-03-28'],
  ['2022-W14', '2022-04-06'], // 清明: Monday and Tuesday off
  ['2022-W15', '2022-04-11'],
  ['2022-W16', '2022-04-18'],
  ['2022-W17', '2022-04-25'],
  ['2022-W18', '2022-05-05'], // 劳动节: Monday to Wednesday off
  ['2022-W19', '2022-05-09'],
  ['2022-W20', '2022-05-16'],
  ['2022-W21', '2022-05-23'],
  ['2022-W22', '2022-05-30'],
  ['2022-W23', '2022-06-06'],
  ['2022-W24', '2022-06-13'],
  ['2022-W25', '2022-06-20'],
  ['2022-W26', '2022-06-27'],
];

/** When the digests run (local): Friday 17:00, but 春节 and 端午 move two of them to a Monday. */
export const DIGESTS: string[] = [
  '2022-01-07',
  '2022-01-14',
  '2022-01-21',
  '2022-01-28',
  '2022-02-07', // the 春节 Friday's digest
  ...['02-18', '02-25', '03-04', '03-11', '03-18', '03-25', '04-01', '04-08', '04-15', '04-22', '04-29'].map(
    (d) => `2022-${d}`,
  ),
  ...['05-06', '05-13', '05-20', '05-27'].map((d) => `2022-${d}`),
  '2022-06-06', // 端午 is Friday 3 June: its digest runs on Monday
  '2022-06-17',
  '2022-06-24',
  '2022-07-01',
];

/** When a week's reports are due: its Friday 17:00 (the digest cron, before holidays move it). */
export function closeOf(week: string): Date {
  const w = Number(week.slice(6));
  // 2022-W01 starts on Monday 3 January
  return new Date(at('2022-01-07', '17:00').getTime() + (w - 1) * 7 * D);
}

/** One report a unit sends: when, for which week, and what each task line says. */
export interface ReportEvent {
  unit: string;
  week: string;
  at: Date;
  /** Task → done or not, as sent. */
  tasks: Map<number, boolean>;
  text: string;
}

export const SILENT_TAX = new Set(['2022-W07', '2022-W08', '2022-W09', '2022-W10', '2022-W11', '2022-W12']);
const T14_DONE_FROM = '2022-W12';
const T9_DONE_FROM = '2022-W20';

/** The line a unit sends for one of its tasks in a week (n: the week's number in the half year). */
function line(unit: string, task: number, week: string, n: number): { text: string; done: boolean } {
  if (task === 14) {
    if (unit === '县自然资源局') return { text: '任务14 进度70%，用地手续办理中', done: false };
    if (unit === '县财政局') {
      if (week === '2022-W13') return { text: '任务14 已完成，已签订合作协议', done: true };
      if (week > '2022-W13') return { text: '任务14 已完成，已补充会议纪要', done: true };
      return { text: `任务14 进度${Math.min(80, 5 * n)}%`, done: false };
    }
    if (week >= T14_DONE_FROM) return { text: '任务14 已完成，验收通过', done: true };
  }
  if (task === 9) {
    if (unit === '县委编办') return { text: '任务9 进度90%，编制方案待审批', done: false };
    if (week >= T9_DONE_FROM) return { text: '任务9 已完成，验收通过', done: true };
  }
  return { text: `任务${task} 进度${Math.min(90, 5 * n)}%`, done: false };
}

/** Every report of the half year, in time order. */
export function reportEvents(): ReportEvent[] {
  const out: ReportEvent[] = [];
  PROMPT_DAYS.forEach(([week, promptDay], n) => {
    TASK_UNITS.forEach((unit, k) => {
      if (unit === '县税务局' && SILENT_TAX.has(week)) return;
      if (unit === '县小企业发展促进中心' && week === '2022-W20') return;
      // 县文旅局 reports on the week's Saturday, after it closed
      const when =
        unit === '县文旅局'
          ? at(addDays(day(closeOf(week)), 1), '10:00')
          : new Date(at(promptDay, '10:00').getTime() + k * 60_000);
      const lines = (TASKS_OF.get(unit) ?? []).map((t) => ({ t, ...line(unit, t, week, n + 1) }));
      out.push({
        unit,
        week,
        at: when,
        tasks: new Map(lines.map((l) => [l.t, l.done])),
        text: lines.map((l) => l.text).join('\n'),
      });
    });
  });
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The admins' commands: two deadlines, a return and a confirmation, and a 督办通报 asked for in chat. */
export const ADMIN_SAYS: [Date, string][] = [
  [at('2022-01-04', '10:30'), '任务14 截止 2022-03-30'],
  [at('2022-03-30', '10:00'), '退回 县财政局 任务14 佐证不足，请补充会议纪要'],
  [at('2022-04-07', '10:00'), '确认 县财政局 任务14'],
  [at('2022-04-11', '10:30'), '任务9 截止 2022-05-30'],
  [at('2022-06-20', '11:00'), '督办通报'],
];
export const RETURNED_AT = at('2022-03-30', '10:00');

/** The transcript lines (JSON objects) in time order; `restartAfter` marks where a run stops and the next begins. */
export function transcript(): { head: unknown[]; body: { at: Date; line: unknown }[] } {
  const head: unknown[] = [
    { admins: [`lark:${ADMIN}`] },
    { leaders: [`lark:${COUNTY}`] },
    {
      roster: UNITS.map((unit) => ({
        unit,
        members: [
          { platform: 'lark', id: liaison(unit), name: `${unit}联络员`, role: 'liaison' },
          ...(LEADERS[unit]
            ? [{ platform: 'lark', id: LEADERS[unit]?.id, name: LEADERS[unit]?.name, role: 'leader' }]
            : []),
        ],
      })),
    },
  ];
  const body: { at: Date; line: unknown }[] = [];
  let id = 0;
  const say = (t: Date, from: string, text: string) =>
    body.push({
      at: t,
      line: {
        at: t.toISOString(),
        platform: 'lark',
        chat: from,
        chatType: 'direct',
        from,
        text,
        id: `m${++id}`,
      },
    });
  for (const e of reportEvents()) say(e.at, liaison(e.unit), e.text);
  for (const [t, text] of ADMIN_SAYS) say(t, ADMIN, text);
  // the weekly clock: every weekday at 09:00, 15:00 and 17:00
  for (let d = '2022-01-03'; d <= '2022-07-01'; d = addDays(d, 1)) {
    const dow = at(d, '12:00').getUTCDay();
    if (dow === 0 || dow === 6) continue;
    for (const time of ['09:00', '15:00', '17:00'])
      body.push({ at: at(d, time), line: { at: at(d, time).toISOString(), tick: true } });
  }
  // ticks first at the same instant (a prompt at 09:00 goes out before anything said at 09:00)
  body.sort(
    (a, b) =>
      a.at.getTime() - b.at.getTime() ||
      Number('tick' in (b.line as object)) - Number('tick' in (a.line as object)),
  );
  return { head, body };
}
