import type { MessageContext } from '../core/context.js';
import type { Handler } from '../core/handler.js';
import type { Store } from '../store/store.js';
import type { CheckinDesk } from './checkin-desk.js';
import { addressedOrOwnChat } from './own-unit-chat.js';

/** True when the report reader takes a message as a report (or a reading to confirm), read once per message. */
export function readsAsReport(ctx: MessageContext, desk: CheckinDesk): boolean {
  return ctx.memo('report:kind', () => desk.understand(ctx.msg)) !== 'question';
}

/**
 * A liaison's report: read, checked against the unit's tasks, recorded or asked back. Also taken in the unit's
 * own chat without @, and from a backlog after an outage when the sender is bound (counted for the week it was
 * sent in, late).
 */
export function reportHandler(desk: CheckinDesk, store: Store): Handler {
  return {
    name: 'reports',
    help: {
      section: '进度汇报（已绑定的单位联络员）：',
      lines: [
        '• 任务14 进度60% 已召开校企座谈会（一条消息可报多项，一行一项；“本周无进展”也算汇报）',
        '• 重新发送即更正；“撤回”撤销最后一条；“我的任务”查看本单位任务和本周汇报',
      ],
    },
    unaddressed: true,
    delayed: true,
    match(ctx) {
      if (ctx.msg.delayed && !ctx.sender.member) return false;
      return addressedOrOwnChat(ctx, store) && readsAsReport(ctx, desk);
    },
    // the records are committed by the core with the message's claim and its 已记录, in one commit
    handle: (ctx) => desk.report(ctx.msg, undefined, undefined, (t) => ctx.save(t)),
  };
}
