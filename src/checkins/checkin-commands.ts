import type { MessageContext } from '../core/context.js';
import type { Handler } from '../core/handler.js';
import type { Clock } from '../shared/types.js';
import type { CheckinDesk } from './checkin-desk.js';
import { formFor } from './checkin-form.js';
import { withdrawRequest } from './withdraw-request.js';

/** The withdrawal a 撤回 message asks for (the text after the command word), or undefined. */
function asked(ctx: MessageContext): { task?: number } | undefined {
  return ctx.command ? withdrawRequest(ctx.text.slice(ctx.command.word.length)) : undefined;
}

/** A liaison's commands: 我的任务, 撤回 [任务N], 填报 (the check-in form). */
export function checkinCommands(desk: CheckinDesk, clock: Clock): Handler[] {
  return [
    {
      name: 'my tasks',
      match: (ctx) => ctx.command?.name === 'myTasks',
      handle: (ctx) => desk.myTasks(ctx.msg),
    },
    {
      name: 'withdraw',
      match: (ctx) => ctx.command?.name === 'withdraw' && asked(ctx) !== undefined,
      handle: (ctx) => desk.withdraw(ctx.msg, asked(ctx)?.task, (t) => ctx.save(t)),
    },
    {
      name: 'form',
      help: {
        section: '进度汇报（已绑定的单位联络员）：',
        lines: [
          '• 任务14进展如何：查看各单位最新汇报；任务进度总览：各任务红黄绿灯',
          '• “填报”：用表单填写本周进度；汇报后10分钟内发送的照片或文件作为佐证材料保存',
        ],
      },
      match: (ctx) => ctx.command?.name === 'form',
      handle: (ctx) => formFor(ctx.msg, desk, clock),
    },
  ];
}
