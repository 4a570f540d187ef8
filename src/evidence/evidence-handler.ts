import type { MessageContext } from '../core/context.js';
import type { Handler } from '../core/handler.js';
import type { Outgoing } from '../shared/types.js';
import type { EvidenceKeeper } from './keep-evidence.js';

/** How the evidence feature asks the report feature about a message with photos or files. */
export interface ReportsForEvidence {
  /** True when the message's text is a report. */
  isReport(ctx: MessageContext): boolean;
  /** Records the report (the attachments then go with what it recorded). */
  record(ctx: MessageContext): Promise<Outgoing[]>;
  /** True when the message may be taken from this sender in this chat. */
  mayTake(ctx: MessageContext): boolean;
}

/** 佐证材料: photos and files sent with, before or after a report are kept with the check-ins they belong to. */
export function evidenceHandler(keeper: EvidenceKeeper, reports: ReportsForEvidence): Handler {
  const isReport = (ctx: MessageContext) => Boolean(ctx.text) && reports.isReport(ctx);
  return {
    name: 'evidence',
    unaddressed: true,
    delayed: true,
    match: (ctx) =>
      Boolean(ctx.msg.attachments?.length) &&
      (!ctx.msg.delayed || ctx.sender.member !== undefined) &&
      reports.mayTake(ctx) &&
      keeper.takes(ctx.msg, isReport(ctx)),
    handle: (ctx) => keeper.withReport(ctx.msg, isReport(ctx) ? () => reports.record(ctx) : undefined),
  };
}
