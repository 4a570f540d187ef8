import { replyAddress } from '../core/reply-address.js';
import type { CheckinFormSpec, Clock, IncomingMessage, Outgoing, PlatformEvent } from '../shared/types.js';
import { type Status, statusSchema } from '../store/db-schema.js';
import type { Store } from '../store/store.js';
import type { CheckinDesk } from './checkin-desk.js';
import type { ParsedCheckin } from './report-reading.js';
import { weekOf } from './weeks.js';

/** "填报": ask for the check-in form. */
export const FORM_COMMAND = /^(?:填报|填报本周进度|进度填报|汇报表单|填表)$/;

/** Longest note kept from a form. */
const MAX_NOTE = 500;

/** A submitted check-in form, as an adapter reads it from the platform's callback. */
export type FormSubmission = Extract<PlatformEvent, { kind: 'form' }>;

/** The form for the sender's unit, or the unbound/usage text: "填报" and each weekly prompt carry it. */
export function formFor(msg: IncomingMessage, desk: CheckinDesk, clock: Clock): Outgoing[] {
  const to = replyAddress(msg);
  const bound = desk.roster.memberOf(msg.platform, msg.sender.id);
  // unbound: myTasks answers with how to get bound
  if (!bound) return desk.myTasks(msg);
  const tasks = formTasks(desk, bound.unit);
  const week = weekOf(clock.now());
  return [
    {
      to,
      text: `${bound.unit} ${week} 进度填报：请在卡片中选择任务、状态并填写进度；也可以直接发送“任务${tasks[0]?.no ?? 1} 进度60% 情况说明”。`,
      form: { unit: bound.unit, week, tasks },
    },
  ];
}

/**
 * Records a submitted form through the same path as a typed report (CheckinDesk.report with the items already
 * structured): the same binding, task and week rules, the same confirmation. On success the answer carries the
 * form again with `recorded` filled in, so the platform can show what was recorded in place of the form.
 */
export async function submitForm(
  s: FormSubmission,
  deps: { desk: CheckinDesk; store: Store; clock: Clock },
): Promise<Outgoing[]> {
  const { desk, clock } = deps;
  // `plan:no` when the form listed the tasks of several plans
  const [planId, taskText] = /^(.+):(\d+)$/.exec(s.values.task ?? '')?.slice(1) ?? [undefined, s.values.task];
  const task = Number(taskText);
  const status = statusSchema.safeParse(s.values.status ?? 'normal');
  const progressText = (s.values.progress ?? '').trim().replace(/[%％]$/, '');
  const progress = progressText === '' ? null : Number(progressText);
  const errors: string[] = [];
  if (!Number.isInteger(task) || task < 1) errors.push('请选择任务');
  if (!status.success) errors.push('请选择状态');
  if (progress !== null && (!Number.isFinite(progress) || progress < 0 || progress > 100))
    errors.push(`进度“${s.values.progress}”应为0到100之间的数字`);
  const st: Status = status.success ? status.data : 'normal';
  const parsed: ParsedCheckin = {
    items: [
      {
        tasks: [task],
        progress: st === 'done' && progress === null ? 100 : progress === null ? null : Math.round(progress),
        status: st,
        note: (s.values.note ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_NOTE),
      },
    ],
    errors,
  };
  const msg: IncomingMessage = {
    platform: s.platform,
    id: `form:${s.submissionId}`,
    chatId: s.chatId,
    chatType: s.chatType,
    sender: s.sender,
    text: `任务${task}`,
    mentionsBot: true,
    at: clock.now(),
  };
  const out = await desk.report(msg, parsed, planId);
  const to = {
    platform: s.platform,
    chatId: s.chatId,
    ...(s.formMessageId ? { replyTo: s.formMessageId } : {}),
  };
  const recorded = deps.store.data.checkins.filter((c) => c.msgId === `${s.platform}:${msg.id}`);
  return out.map((o) => {
    if (!('text' in o) || 'file' in o) return o;
    if (recorded.length === 0) return { ...o, to };
    const bound = desk.roster.memberOf(s.platform, s.sender.id);
    const tasks = bound ? formTasks(desk, bound.unit) : [];
    return {
      ...o,
      to,
      form: {
        unit: recorded[0]?.unit ?? '',
        week: recorded[0]?.week ?? weekOf(clock.now()),
        tasks,
        recorded: o.text.split('\n').filter((l) => l.startsWith('•')),
      },
    };
  });
}

/** The tasks a unit's form lists: with several plans, each with its plan (the title starting with its short name). */
function formTasks(desk: CheckinDesk, unit: string): CheckinFormSpec['tasks'] {
  const many = desk.roster.plans.size > 1;
  return desk.roster
    .tasksOf(unit)
    .map(({ task, plan }) =>
      many
        ? { no: task.no, title: `${plan.short} ${task.title}`, plan: plan.id }
        : { no: task.no, title: task.title },
    );
}
