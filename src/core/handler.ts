import type { ActionButton, Outgoing, PlatformEvent } from '../shared/types.js';
import type { MessageContext } from './context.js';

/** What a handler adds to 帮助: its lines for everyone and, shown to admins only, its admin lines. */
export interface HelpEntry {
  /** A heading the lines go under (handlers with the same heading share it, in registration order). */
  section: string;
  lines?: string[];
  adminLines?: string[];
  /** Buttons under 帮助 for admins (each click says its command). */
  adminButtons?: ActionButton[];
}

/**
 * One feature's way in. The core reads each message once into a context, then asks the registered handlers in
 * order; the first whose `match` is true handles it. A handler changes data only through the store's operations
 * and calls `ctx.save()` instead of committing: the core then commits once, with the replies.
 */
export interface Handler {
  name: string;
  help?: HelpEntry;
  /** Also offered a group message that does not @ the bot (a liaison's report in the unit's own chat). */
  unaddressed?: boolean;
  /** Also offered a message that arrived late after an outage (a check-in still counts; a question is stale). */
  delayed?: boolean;
  match(ctx: MessageContext): boolean;
  handle(ctx: MessageContext): Promise<Outgoing[]> | Outgoing[];
}

/** A feature's answer to one kind of platform event (a recall, a submitted form, a welcome …). */
export type EventHandlers = {
  [K in PlatformEvent['kind']]?: (ev: Extract<PlatformEvent, { kind: K }>) => Promise<Outgoing[]>;
};
