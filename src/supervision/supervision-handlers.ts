import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { MessageContext } from '../core/context.js';
import type { Handler } from '../core/handler.js';
import type { Lexicon } from '../language/lexicon.js';
import { readDate } from '../language/read-deadline.js';
import { projectRoot } from '../project-root.js';
import type { ActionButton, Outgoing } from '../shared/types.js';
import type { Checkin } from '../store/db-schema.js';
import type { Store } from '../store/store.js';
import { bulletinText } from './bulletin.js';
import { dateLabel, deadlineOverrides, planStart, taskDeadline } from './deadlines.js';
import type { PlanView } from './plan-view.js';
import { readReviewCommand } from './read-review-command.js';
import {
  confirmCheckins,
  currentRecords,
  pendingReviews,
  type Reviewer,
  recordLabel,
  returnCheckin,
  returnNotice,
} from './review.js';
import { reviewState } from './review-state.js';
import { planUnits } from './unit-standing.js';

const words = z
  .object({ deadlineReset: z.array(z.string().min(1)), cancel: z.array(z.string().min(1)) })
  .parse(
    JSON.parse(readFileSync(path.join(projectRoot(), 'src/supervision/supervision-words.json'), 'utf8')),
  );

/** What the supervision commands need. */
export interface SupervisionHandlerDeps {
  /** The plan a message is about (named in it, the chat's default, else the first plan), as it stands now. */
  view(ctx: MessageContext): PlanView;
  store: Store;
  lexicon: Lexicon;
}

/** How many check-ins 待审核 shows at a time: two buttons each, six at most on a WeCom card. */
export const REVIEW_BATCH = 3;
/** How long the ask for a return's reason waits. */
const REASON_MS = 30 * 60_000;

const FAIL = '未保存：服务器写入失败，操作没有生效，请稍后再试。';
const ADMIN_ONLY = '只有管理员可以审核汇报、设置截止时间和查看督办通报。';

/** "任务14 截止 2022-06-30" as read: the task and the new date, a reset, or a date that is not one. */
type DeadlineCommand = { task: number } & ({ date: string } | { reset: true } | { bad: string });

/** Reads "任务14 截止 2022-06-30" (also 截止时间 / 完成时限, 2022年6月30日, 6月底, 恢复) from the context's tokens. */
function readDeadlineCommand(ctx: MessageContext, from: string): DeadlineCommand | undefined {
  const spans = ctx.tokens.spans.filter((s) => s.kind !== 'sep');
  const [task, field] = spans;
  if (
    task?.kind !== 'task' ||
    task.tasks.length !== 1 ||
    field?.kind !== 'field' ||
    field.field !== 'deadline'
  )
    return undefined;
  const rest = ctx.tokens.norm
    .slice(field.end)
    .replace(/^[\s:：为是改到至]+/, '')
    .trim();
  const no = task.tasks[0] as number;
  if (!rest) return undefined;
  if (words.deadlineReset.includes(rest)) return { task: no, reset: true };
  const date = readDate(rest, { from });
  if (date) return { task: no, date };
  // a date that is not one (2022-13-45) gets an answer; a question (截止时间是什么时候) goes on to the answerer
  return /^\d{4}\s*[-/.年]/.test(rest) ? { task: no, bad: rest } : undefined;
}

function reviewer(ctx: MessageContext): Reviewer {
  const m = ctx.msg;
  return { platform: m.platform, id: m.sender.id, ...(m.sender.name ? { name: m.sender.name } : {}) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The key of an admin's open ask for a return's reason (apart from the reports' ask-backs). */
const reasonKey = (ctx: MessageContext) => `return:${ctx.msg.platform}:${ctx.msg.sender.id}`;

/** The buttons of a batch of check-ins waiting for review: 确认N and 退回N for each. */
function reviewButtons(batch: Checkin[]): ActionButton[] {
  return batch.flatMap((c, i) => [
    { label: `确认${i + 1}`, say: `确认 ${c.unit} 任务${c.task}` },
    { label: `退回${i + 1}`, say: `退回 ${c.unit} 任务${c.task}` },
  ]);
}

/** The 待审核 list: the oldest waiting check-ins with their buttons, and how to do the rest by text. */
function pendingList(ctx: MessageContext, view: PlanView): Outgoing {
  const pending = pendingReviews(view);
  if (pending.length === 0) return ctx.reply('没有待审核的汇报。');
  const batch = pending.slice(0, REVIEW_BATCH);
  const lines = batch.map((c, i) => {
    const evidence = c.evidence?.length ? `；佐证${c.evidence.length}份` : '';
    const again = c.resubmitOf ? '；重新提交' : '';
    return `${i + 1}. ${recordLabel(view, c)}${evidence}${again}`;
  });
  const more = pending.length > batch.length ? `（以下${batch.length}条）` : '';
  const text = [
    `【待审核】共${pending.length}条${more}：`,
    ...lines,
    '确认：确认 单位 任务N（不写任务则确认该单位全部待审核）；退回：退回 单位 任务N 原因',
  ].join('\n');
  return ctx.reply(text, { buttons: reviewButtons(batch) });
}

/** Confirms or returns check-ins as an admin asked; the reply, and to the unit's liaisons a return's reason. */
function review(
  ctx: MessageContext,
  d: SupervisionHandlerDeps,
  how: 'confirm' | 'return',
  unit: string,
  tasks: number[],
  reason: string,
): Outgoing[] {
  const view = d.view(ctx);
  const current = currentRecords(view, unit);
  const missing = tasks.filter((n) => !current.has(n));
  const chosen = tasks.length
    ? tasks.flatMap((n) => (current.has(n) ? [current.get(n) as Checkin] : []))
    : [...current.values()].filter((c) => reviewState(c) === '待审核');
  const notes = missing.length ? [`${unit}没有任务${missing.join('、')}的汇报记录。`] : [];
  if (chosen.length === 0) {
    const none = tasks.length ? '' : `${unit}没有待审核的汇报。`;
    return [ctx.reply([...notes, none].join('').trim() || `${unit}没有可审核的汇报。`)];
  }
  const by = reviewer(ctx);
  const now = ctx.now;
  if (how === 'confirm') {
    const fresh = chosen.filter((c) => c.review?.state !== 'confirmed');
    const already = chosen.filter((c) => c.review?.state === 'confirmed');
    if (already.length) notes.push(`已确认过：${already.map((c) => `任务${c.task}`).join('、')}。`);
    if (fresh.length === 0) return [ctx.reply(notes.join('\n'))];
    confirmCheckins(d.store, fresh, by, now);
    ctx.save(FAIL);
    const left = pendingReviews(d.view(ctx)).length;
    const text = [
      `已确认：${fresh.map((c) => recordLabel(view, c)).join('；')}`,
      ...notes,
      left ? `还有${left}条待审核。` : '全部汇报已审核。',
    ].join('\n');
    return [ctx.reply(text, left ? { buttons: [{ label: `下一批（${left}）`, say: '待审核' }] } : {})];
  }
  if (!reason) {
    // a button says only 退回 单位 任务N: ask for the reason, kept with the admin for half an hour
    d.store.setPending(reasonKey(ctx), JSON.stringify({ unit, tasks: chosen.map((c) => c.task) }), now);
    ctx.save(FAIL);
    return [
      ctx.reply(
        `请回复退回${chosen.map((c) => `${c.unit} 任务${c.task}`).join('、')}的原因（例如：佐证不足，请补充会议纪要），30分钟内有效；回复“取消”不退回。`,
      ),
    ];
  }
  const out: Outgoing[] = [];
  for (const c of chosen) {
    returnCheckin(d.store, c, by, reason, now);
    out.push(...returnNotice(view, c, reason, by));
  }
  ctx.save(FAIL);
  const told = out.length ? '已通知该单位联络员重新汇报。' : `${unit}在花名册中没有联络员，无人可通知。`;
  return [
    ctx.reply(
      [
        `已退回：${chosen.map((c) => recordLabel(view, c)).join('；')}`,
        `原因：${reason}`,
        told,
        ...notes,
      ].join('\n'),
    ),
    ...out,
  ];
}

/**
 * The supervision commands: an admin's 任务N 截止 DATE, 确认 / 退回 单位 任务N [原因] (with the ask for a
 * reason a 退回 button leaves open), 待审核 and 督办通报. Others get a clear refusal.
 */
export function supervisionHandlers(d: SupervisionHandlerDeps): Handler[] {
  return [
    {
      name: 'deadline',
      help: {
        section: '',
        adminLines: [
          '督办：任务14 截止 2022-06-30（设置截止时间，“任务14 截止 恢复”改回方案的）· 待审核 · 确认 单位 [任务N] · 退回 单位 任务N 原因 · 督办通报',
        ],
        adminButtons: [
          { label: '待审核', say: '待审核' },
          { label: '督办通报', say: '督办通报' },
        ],
      },
      match: (ctx) =>
        ctx.memo('supervision:deadline', () => readDeadlineCommand(ctx, planStart(d.view(ctx).kb))) !==
        undefined,
      handle(ctx) {
        const cmd = ctx.memo('supervision:deadline', () =>
          readDeadlineCommand(ctx, planStart(d.view(ctx).kb)),
        );
        if (!cmd) return [];
        if (!ctx.sender.admin) return [ctx.reply('只有管理员可以设置任务的截止时间。')];
        const view = d.view(ctx);
        const task = view.kb.tasks[cmd.task - 1];
        if (!task) return [ctx.reply(`本方案共${view.kb.tasks.length}项重点任务，没有任务${cmd.task}。`)];
        if ('bad' in cmd)
          return [ctx.reply(`“${cmd.bad}”不是有效的日期。请写成：任务${cmd.task} 截止 2022-06-30`)];
        const key = `${view.plan}|${cmd.task}`;
        const before = taskDeadline(view.kb, cmd.task, deadlineOverrides(view.data, view.plan));
        if ('reset' in cmd) {
          if (before.source !== 'chat')
            return [ctx.reply(`任务${cmd.task}没有在聊天中设置过截止时间（现为${before.label}）。`)];
          d.store.setDeadlineOverride(key, undefined);
          ctx.save(FAIL);
          const after = taskDeadline(view.kb, cmd.task);
          return [ctx.reply(`已恢复：任务${cmd.task}「${task.title}」的截止时间按方案为${after.label}。`)];
        }
        d.store.setDeadlineOverride(key, {
          plan: view.plan,
          task: cmd.task,
          date: cmd.date,
          by: reviewer(ctx),
          at: ctx.now.toISOString(),
        });
        ctx.save(FAIL);
        return [
          ctx.reply(
            `已设置：任务${cmd.task}「${task.title}」截止时间为${dateLabel(cmd.date)}（原为${before.label}）。每周提示、逾期和督办按新的时间计算。`,
          ),
        ];
      },
    },
    {
      name: 'review',
      match: (ctx) =>
        (ctx.command?.name === 'confirm' || ctx.command?.name === 'return') &&
        ctx.memo('supervision:review', () =>
          readReviewCommand(ctx.command?.rest ?? '', d.view(ctx).kb, d.lexicon),
        ) !== undefined,
      handle(ctx) {
        const cmd = ctx.memo('supervision:review', () =>
          readReviewCommand(ctx.command?.rest ?? '', d.view(ctx).kb, d.lexicon),
        );
        if (!cmd) return [];
        if (!ctx.sender.admin) return [ctx.reply(ADMIN_ONLY)];
        const how = ctx.command?.name === 'return' ? 'return' : 'confirm';
        if (how === 'return' && cmd.tasks.length === 0)
          return [
            ctx.reply(`请写明退回哪项任务和原因，例如：退回 ${cmd.unit} 任务14 佐证不足，请补充会议纪要`),
          ];
        return review(ctx, d, how, cmd.unit, cmd.tasks, cmd.reason);
      },
    },
    {
      name: 'return reason',
      match(ctx) {
        if (!ctx.sender.admin || ctx.command) return false;
        const p = d.store.data.pending[reasonKey(ctx)];
        return p !== undefined && ctx.now.getTime() - Date.parse(p.at) <= REASON_MS;
      },
      handle(ctx) {
        const p = d.store.data.pending[reasonKey(ctx)];
        d.store.clearPending(reasonKey(ctx));
        ctx.save(FAIL);
        if (!p || words.cancel.includes(ctx.text.replace(/[。.!！]+$/, '')))
          return [ctx.reply('好的，没有退回。')];
        const asked = z.object({ unit: z.string(), tasks: z.array(z.number()) }).safeParse(safeJson(p.text));
        if (!asked.success) return [ctx.reply('没有退回：请重新发送“退回 单位 任务N 原因”。')];
        return review(ctx, d, 'return', asked.data.unit, asked.data.tasks, ctx.text);
      },
    },
    {
      name: 'pending review',
      match: (ctx) => ctx.command?.name === 'pendingReview',
      handle: (ctx) => (ctx.sender.admin ? [pendingList(ctx, d.view(ctx))] : [ctx.reply(ADMIN_ONLY)]),
    },
    {
      name: 'bulletin',
      match: (ctx) => ctx.command?.name === 'bulletin',
      handle(ctx) {
        if (!ctx.sender.admin) return [ctx.reply(ADMIN_ONLY)];
        const view = d.view(ctx);
        if (planUnits(view).length === 0)
          return [
            ctx.reply(
              '花名册中还没有负责任务的单位，暂无督办通报。管理员可以发送“绑定 单位 @某人”添加联络员。',
            ),
          ];
        return [ctx.reply(bulletinText(view, ctx.now))];
      },
    },
  ];
}
