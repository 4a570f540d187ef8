import type { Handler } from '../core/handler.js';
import type { CheckinDesk } from './checkin-desk.js';

/** The answer to the bot's open ask-back about a report ("1", "是", "任务8"): applied to what was asked. */
export function askBackHandler(desk: CheckinDesk): Handler {
  return {
    name: 'ask-back answers',
    match: (ctx) => desk.completesPending(ctx.msg),
    handle: (ctx) => desk.report(ctx.msg, undefined, undefined, (t) => ctx.save(t)),
  };
}
