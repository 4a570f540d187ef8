import type { Handler } from '../core/handler.js';
import type { Clock } from '../shared/types.js';
import type { CheckinDesk } from './checkin-desk.js';
import { formFor } from './checkin-form.js';

/** A task number after 撤回 ("撤回任务3", "撤回 3"), or nothing after it. */
const WITHDRAW_REST = /^(?:(?:任务\s*)?\d{1,3})?\s*[。.!！]?$/;

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
      match: (ctx) => ctx.command?.name === 'withdraw' && WITHDRAW_REST.test(ctx.command.rest),
      handle: (ctx) => desk.withdraw(ctx.msg),
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
