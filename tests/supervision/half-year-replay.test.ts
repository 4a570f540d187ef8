import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { tempDataDir } from '../helpers/temp-bot.js';
import {
  ADMIN,
  ADMIN_SAYS,
  at,
  COUNTY,
  closeOf,
  DIGESTS,
  day,
  LEADERS,
  liaison,
  PROMPT_DAYS,
  RETURNED_AT,
  type ReportEvent,
  reportEvents,
  TASK_UNITS,
  TASKS_OF,
  transcript,
  UNITS,
} from './half-year-scenario.js';

/** One printed message of a replay. */
interface Row {
  at: string;
  platform: string;
  to: string;
  text: string;
}

const DAY = 86400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);
const label = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};
const local = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16);

/** Runs `plan-bot replay` on the transcript cut into parts, one process each, on one data directory. */
async function replay(cuts: Date[]): Promise<{ rows: Row[]; restarts: Row[][] }> {
  const { head, body } = transcript();
  const dir = tempDataDir();
  const parts: string[][] = [];
  let from = 0;
  for (const cut of [...cuts, new Date(8.64e15)]) {
    const upto = body.findIndex((b) => b.at > cut);
    const end = upto < 0 ? body.length : upto;
    const lines = body.slice(from, end).map((b) => b.line);
    // a restart: the process starts again five minutes later, with a tick of its own
    const restart =
      from > 0
        ? [{ at: new Date((body[from - 1]?.at.getTime() ?? 0) + 5 * 60_000).toISOString(), tick: true }]
        : [];
    parts.push([...head, ...restart, ...lines].map((l) => JSON.stringify(l)));
    from = end;
  }
  const rows: Row[] = [];
  const restarts: Row[][] = [];
  for (const [i, lines] of parts.entries()) {
    const file = path.join(dir, `part${i}.jsonl`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await runCli(['replay', file, '--data', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Row);
    if (i > 0) {
      const restartAt = (JSON.parse(lines[3] as string) as { at: string }).at;
      restarts.push(out.filter((o) => o.at === restartAt));
    }
    rows.push(...out);
  }
  return { rows, restarts };
}

// ---- the oracle: what should happen, from the scenario's facts alone

const events = reportEvents();
const deadlineAt = (task: number, t: Date): string =>
  task === 14 && t >= (ADMIN_SAYS[0]?.[0] as Date)
    ? '2022-03-30'
    : task === 9 && t >= (ADMIN_SAYS[3]?.[0] as Date)
      ? '2022-05-30'
      : '2022-12-31';

/** Whether a unit's task counts as done at `t`: its latest report line that was not returned says so. */
function doneAt(unit: string, task: number, t: Date): boolean {
  let last: ReportEvent | undefined;
  for (const e of events) {
    if (e.unit !== unit || e.at > t || !e.tasks.has(task)) continue;
    const returned = unit === '县财政局' && task === 14 && e.week === '2022-W13' && t >= RETURNED_AT;
    if (!returned) last = e;
  }
  return last?.tasks.get(task) === true;
}

/** The mark a prompt at `t` shows for a unit's task. */
function expectedMark(unit: string, task: number, t: Date): string {
  const date = deadlineAt(task, t);
  const left = daysBetween(day(t), date);
  const head = `截止${label(date)}`;
  if (doneAt(unit, task, t)) return `${head} ✅已完成`;
  if (left < 0) return `${head} 🔴已逾期${-left}天`;
  if (left <= 7) return `${head} 🟠${left === 0 ? '今天到期' : `剩${left}天`}`;
  if (left <= 30) return `${head} 🟡剩${left}天`;
  return head;
}

/** The escalations that should be sent: when, to whom, and how the message starts. */
const ESCALATIONS: [string, string, string][] = [
  ['2022-02-25T17:00', LEADERS.县税务局?.id ?? '', '【督办提醒】县税务局已连续2周未报送工作进展（W07、W08）'],
  ['2022-03-11T17:00', COUNTY, '【督办升级】县税务局已连续4周未报送工作进展（W07、W08、W09、W10）'],
  [
    '2022-04-01T17:00',
    LEADERS.县财政局?.id ?? '',
    '【督办提醒】县财政局有1项任务超过完成时限仍未完成：任务14（截止2022年3月30日，逾期2天）',
  ],
  [
    '2022-04-01T17:00',
    LEADERS.县自然资源局?.id ?? '',
    '【督办提醒】县自然资源局有1项任务超过完成时限仍未完成：任务14（截止2022年3月30日，逾期2天）',
  ],
  [
    '2022-04-15T17:00',
    COUNTY,
    '【督办升级】县自然资源局有1项任务超过完成时限仍未完成：任务14（截止2022年3月30日，逾期16天）',
  ],
  [
    '2022-06-24T17:00',
    COUNTY,
    '【督办升级】县委编办有1项任务超过完成时限仍未完成：任务9（截止2022年5月30日，逾期25天）',
  ],
];

/** The digest lines about escalations, by digest day. */
const DIGEST_LINES: Record<string, string[]> = {
  '2022-02-25': ['⬆️ 县税务局未按周报送（连续2周）→ 已提醒分管领导周局长'],
  '2022-03-11': ['⏫ 县税务局未按周报送，W08提醒后仍未改正 → 已报县领导'],
  '2022-04-01': [
    '⬆️ 县财政局任务逾期（任务14）→ 已提醒分管领导刘局长',
    '⬆️ 县自然资源局任务逾期（任务14）→ 已提醒分管领导吴局长',
    '✅ 县税务局已恢复报送，督办解除',
  ],
  '2022-04-08': ['✅ 县财政局逾期任务已完成，督办解除'],
  '2022-04-15': ['⏫ 县自然资源局任务逾期，W13提醒后仍未改正 → 已报县领导'],
  '2022-06-06': ['⬆️ 县委编办任务逾期（任务9）→ 未绑定分管领导，无人可告知（绑定 县委编办 @某人 分管领导）'],
  '2022-06-24': ['⏫ 县委编办任务逾期，W23提醒后仍未改正 → 已报县领导'],
};

/** The escalation level of a unit at `t` (after that instant's escalations). */
function levelAt(unit: string, t: Date): number {
  const spans: Record<string, [string, string | undefined, string | undefined][]> = {
    // [level 1 from, level 2 from, lifted]
    县税务局: [['2022-02-25T17:00', '2022-03-11T17:00', '2022-04-01T17:00']],
    县财政局: [['2022-04-01T17:00', undefined, '2022-04-08T17:00']],
    县自然资源局: [['2022-04-01T17:00', '2022-04-15T17:00', undefined]],
    县委编办: [['2022-06-06T17:00', '2022-06-24T17:00', undefined]],
  };
  const now = local(t.toISOString());
  for (const [l1, l2, lifted] of spans[unit] ?? []) {
    if (now < l1 || (lifted && now >= lifted)) continue;
    return l2 && now >= l2 ? 2 : 1;
  }
  return 0;
}

/** A unit's line of the 督办通报 as data. */
interface Standing {
  unit: string;
  overdue: [number, number][];
  missed: number;
  streak: number;
  late: number;
  level: number;
  reached: boolean;
}

/** The 督办通报 at `t`, ranked by the rule: overdue items, days overdue, missed in a row, missed, late. */
function expectedBulletin(t: Date): Standing[] {
  const rounds = PROMPT_DAYS.filter(([w]) => closeOf(w) <= t).map(([w]) => w);
  const rows = TASK_UNITS.map((unit) => {
    const overdue: [number, number][] = [];
    for (const task of TASKS_OF.get(unit) ?? []) {
      const d = deadlineAt(task, t);
      if (day(t) > d && !doneAt(unit, task, t)) overdue.push([task, daysBetween(d, day(t))]);
    }
    let missed = 0;
    let streak = 0;
    let late = 0;
    for (const w of rounds) {
      const sent = events.filter((e) => e.unit === unit && e.week === w && e.at <= t);
      if (sent.length === 0) {
        missed++;
        streak++;
        continue;
      }
      streak = 0;
      if (sent.every((e) => e.at > closeOf(w))) late++;
    }
    overdue.sort((a, b) => b[1] - a[1]);
    // 县委编办 has no leader bound: its first escalation reached nobody
    const level = levelAt(unit, t);
    return { unit, overdue, missed, streak, late, level, reached: !(unit === '县委编办' && level === 1) };
  }).filter((r) => r.overdue.length + r.missed + r.late > 0);
  const days = (r: Standing) => r.overdue.reduce((s, o) => s + o[1], 0);
  return rows.sort(
    (a, b) =>
      b.overdue.length - a.overdue.length ||
      days(b) - days(a) ||
      b.streak - a.streak ||
      b.missed - a.missed ||
      b.late - a.late,
  );
}

/** Reads the bot's 督办通报 lines back into data. */
function readBulletin(text: string): { summary: string; rows: Standing[] } {
  const [, summary = '', ...lines] = text.split('\n');
  const rows = lines
    .filter((l) => /^\d+\. /.test(l))
    .map((l) => {
      const m = /^\d+\. ([^：]+)：(.*)$/.exec(l) ?? [];
      const body = m[2] ?? '';
      const overdue = [...body.matchAll(/任务(\d+) 逾期(\d+)天/g)].map(
        (x) => [Number(x[1]), Number(x[2])] as [number, number],
      );
      const missed = Number(/未报(\d+)次/.exec(body)?.[1] ?? 0);
      // a run of one missed week is not written out
      const streak = Number(/连续(\d+)周/.exec(body)?.[1] ?? 0);
      return {
        unit: m[1] ?? '',
        overdue,
        missed,
        streak,
        late: Number(/迟报(\d+)次/.exec(body)?.[1] ?? 0),
        level: /；(已|应)报县领导/.test(body) ? 2 : /；(已|应)提醒分管领导/.test(body) ? 1 : 0,
        reached: !/（未绑定）|（未配置）/.test(body),
      };
    });
  return { summary, rows };
}

describe('half a year of supervision, replayed on the simulated clock with holidays', () => {
  it('sends every warning, escalation and 通报 line as it should, none twice across two restarts', async () => {
    const whole = await replay([]);
    const restarted = await replay([at('2022-03-11', '17:00'), at('2022-04-01', '17:00')]);
    // a restart changes nothing: the same messages at the same times, and nothing at the restarts themselves
    expect(restarted.restarts).toEqual([[], []]);
    expect(restarted.rows).toEqual(whole.rows);
    const rows = whole.rows;

    // prompts: the weeks holidays leave, on the days they move to, to every unit with tasks, with the marks
    const prompts = rows.filter((r) => r.text.startsWith('【每周进度汇报】'));
    const promptDays = [...new Set(prompts.map((p) => `${p.text.slice(8, 16)} ${local(p.at).slice(0, 10)}`))];
    expect(promptDays).toEqual(PROMPT_DAYS.map(([w, d]) => `${w} ${d}`));
    expect(prompts).toHaveLength(PROMPT_DAYS.length * TASK_UNITS.length);
    let marks = 0;
    const warned = new Set<string>();
    for (const p of prompts) {
      const unit = UNITS.find((u) => liaison(u) === p.to) as string;
      const t = new Date(p.at);
      for (const l of p.text.split('\n').filter((x) => x.startsWith('• 任务'))) {
        const m = /^• 任务(\d+)「[^」]+」（(?:牵头|配合)） (.*)$/.exec(l);
        expect(m, l).not.toBeNull();
        const task = Number(m?.[1]);
        expect(`${unit} ${local(p.at)} 任务${task} ${m?.[2]}`).toBe(
          `${unit} ${local(p.at)} 任务${task} ${expectedMark(unit, task, t)}`,
        );
        marks++;
        const icon = /[🟡🟠🔴✅]/u.exec(m?.[2] ?? '')?.[0];
        if (icon) warned.add(icon);
      }
    }
    expect([...warned].sort()).toEqual(['✅', '🔴', '🟠', '🟡'].sort());

    // escalations: exactly these, each once
    const sent = rows
      .filter((r) => /^【督办(提醒|升级)】/.test(r.text))
      .map((r) => [local(r.at), r.to, r.text.split('\n')[0]?.replace(/。$/, '')]);
    expect(sent).toEqual(ESCALATIONS);

    // digests: on the days the clock gives, each naming that week's escalations and nothing else
    const digests = rows.filter((r) => /^【\d{4}-W\d{2} 汇报情况】/.test(r.text) && r.to === ADMIN);
    const weekStatusAsked = rows.filter(
      (r) => r.text.startsWith('【') && r.text.includes('汇报情况') && r.to !== ADMIN,
    );
    expect(weekStatusAsked).toEqual([]);
    expect(digests.map((d) => local(d.at))).toEqual(DIGESTS.map((d) => `${d}T17:00`));
    for (const d of digests) {
      const lines = d.text.split('\n').filter((l) => /^(⬆️|⏫|✅ 县)/u.test(l));
      expect([local(d.at), ...lines.sort()]).toEqual([
        local(d.at),
        ...(DIGEST_LINES[day(new Date(d.at))] ?? []).sort(),
      ]);
    }

    // the 督办通报: after every digest and when asked, ranked as the oracle ranks, with item numbers and days
    const bulletins = rows.filter((r) => r.text.startsWith('【督办通报】'));
    expect(bulletins.map((b) => local(b.at))).toEqual(
      [...DIGESTS.map((d) => `${d}T17:00`), '2022-06-20T11:00'].sort(),
    );
    let units = 0;
    for (const b of bulletins) {
      const t = new Date(b.at);
      const want = expectedBulletin(t);
      const got = readBulletin(b.text);
      // a run of one missed week is not written out: compare runs of two or more
      const shown = (r: Standing) => ({ ...r, streak: r.streak > 1 ? r.streak : 0 });
      expect([local(b.at), ...got.rows]).toEqual([local(b.at), ...want.map(shown)]);
      const overdueUnits = want.filter((r) => r.overdue.length);
      expect(got.summary).toContain(
        `逾期未完成：${overdueUnits.length}个单位${overdueUnits.reduce((s, r) => s + r.overdue.length, 0)}项；有未报记录：${want.filter((r) => r.missed).length}个单位`,
      );
      units += got.rows.length;
    }
    expect(units).toBeGreaterThan(0);

    // the return reaches 县财政局's liaison with the reason; the next report is a resubmission
    const notice = rows.find((r) => r.text.startsWith('【退回】'));
    expect(notice).toMatchObject({ to: liaison('县财政局'), at: at('2022-03-30', '10:00').toISOString() });
    expect(notice?.text).toContain('原因：佐证不足，请补充会议纪要');
    const again = rows.filter(
      (r) => r.to === liaison('县财政局') && r.text.includes('重新提交，原汇报已被退回'),
    );
    expect(again.map((r) => local(r.at))).toEqual(['2022-04-06T10:02']);

    // one phone screen each: the figures (printed for the report) and the limits they stay under
    const figures = (list: Row[]) => {
      const lines = list.map((r) => r.text.split('\n').length);
      const widest = Math.max(...list.flatMap((r) => r.text.split('\n').map((l) => [...l].length)));
      return {
        max: Math.max(...lines),
        median: lines.sort((a, b) => a - b)[Math.floor(lines.length / 2)],
        widest,
      };
    };
    const fd = figures(digests);
    const fb = figures(bulletins);
    console.log(
      `half-year replay: ${rows.length} messages, ${prompts.length} prompts (${marks} task lines checked), ${sent.length} escalations, ${digests.length} digests (lines max ${fd.max}, median ${fd.median}, widest ${fd.widest} chars), ${bulletins.length} 通报 (lines max ${fb.max}, median ${fb.median}, widest ${fb.widest} chars, ${units} unit lines checked)`,
    );
    expect(fd.max).toBeLessThanOrEqual(16);
    expect(fb.max).toBeLessThanOrEqual(16);
  }, 300_000);
});
