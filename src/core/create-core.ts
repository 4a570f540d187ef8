import type { Lexicon } from '../language/lexicon.js';
import type { Clock, Core, IncomingMessage, Outgoing, OutgoingText, PlatformEvent } from '../shared/types.js';
import { systemClock } from '../shared/types.js';
import { inboxMessages } from '../store/inbox.js';
import type { Store } from '../store/store.js';
import { DuplicateMessage } from '../store/store-error.js';
import { readContext } from './context.js';
import { ConversationTracker } from './conversation.js';
import type { EventHandlers, Handler } from './handler.js';
import type { Logger } from './logger.js';
import { replyAddress } from './reply-address.js';

/** What the core is built from; everything is passed in, the features as handlers registered in main.ts. */
export interface CoreDeps {
  store: Store;
  log: Logger;
  clock?: Clock;
  /** The words the tokenizer knows (the plans' lexicon; a function when plans can be added while running). */
  lexicon: Lexicon | (() => Lexicon);
  isAdmin(platform: string, id: string): boolean;
  /** Moves a quote block out of a message's text (a feature knows the bot's own prompts). */
  separateQuote?(msg: IncomingMessage): IncomingMessage;
  /** The features' message handlers, asked in this order; the first that matches handles the message. */
  handlers: Handler[];
  /** The features' answers to platform events, by kind. */
  events?: EventHandlers;
  /** Runs the weekly jobs due by `now` (queued in the outbox and committed); returns their messages. */
  jobs?: (now: Date) => Promise<Outgoing[]>;
  /** How long a conversation's follow-up context is remembered (default 10 minutes). */
  followUpTtlMs?: number;
  /**
   * In a running bot: text replies go into the durable outbox in the same commit as the message's effects and
   * are delivered from there (`queued` starts delivery); only files are returned for direct delivery.
   */
  outbox?: { queued(): void };
}

/** The core as the composition root, the adapters and the tests use it. */
export interface CoreRuntime extends Core {
  handle(msg: IncomingMessage): Promise<Outgoing[]>;
  event(ev: PlatformEvent): Promise<Outgoing[]>;
  receive(msg: IncomingMessage): Promise<void>;
  /** Handles the messages stored in the inbox and not handled before a restart; returns their replies. */
  handleInbox(): Promise<Outgoing[]>;
  /** Runs every weekly job due by `now`; returns their messages (already queued in the outbox). */
  runDue(now: Date): Promise<Outgoing[]>;
}

const ERROR_REPLY = '抱歉，处理这条消息时出错了，请稍后再试或换个说法。';

/**
 * Builds the core: the inbox and dedupe, one context per message, routing to the registered handlers, one commit
 * per message (its effects, its processed id and, in a running bot, its replies in the outbox), and the single
 * error boundary. It imports no feature.
 */
export function createCore(deps: CoreDeps): CoreRuntime {
  const clock = deps.clock ?? systemClock;
  const { store, log } = deps;
  const conversations = new ConversationTracker(store, deps.followUpTtlMs);
  const separate = deps.separateQuote ?? ((m: IncomingMessage) => m);

  /** Commits what the handler changed together with its replies (into the outbox when there is one). */
  const finish = async (
    ctx: { saving: string | undefined; reply(t: string): OutgoingText },
    replies: Outgoing[],
    now: Date,
  ): Promise<Outgoing[]> => {
    const texts = deps.outbox ? replies.filter((o): o is OutgoingText => !('file' in o)) : [];
    if (ctx.saving === undefined && texts.length === 0) return replies;
    for (const o of texts) store.enqueue(o, 'reply', now);
    try {
      await store.commit();
    } catch (err) {
      if (err instanceof DuplicateMessage) return [];
      log.error({ err }, 'message not saved');
      // memory is back to what is durable: the user hears that nothing was saved, or gets the replies directly
      return ctx.saving !== undefined ? [ctx.reply(ctx.saving)] : replies;
    }
    if (texts.length) deps.outbox?.queued();
    return texts.length ? replies.filter((o) => 'file' in o) : replies;
  };

  const handle = async (msg: IncomingMessage): Promise<Outgoing[]> => {
    const key = `${msg.platform}:${msg.id}`;
    const now = clock.now();
    // a group message without @ is only for the handlers that take one (a report in the unit's own chat); a
    // backlog after an outage only for those that still take it (a check-in; a question is stale)
    const unaddressed = msg.chatType === 'group' && !msg.mentionsBot;
    let out: Outgoing[] = [];
    let claimed = false;
    try {
      const ctx = readContext(msg, conversations.of(msg, now), now, {
        store,
        lexicon: typeof deps.lexicon === 'function' ? deps.lexicon : () => deps.lexicon as Lexicon,
        isAdmin: deps.isAdmin,
        separateQuote: separate,
      });
      const handler = deps.handlers.find(
        (h) => (!unaddressed || h.unaddressed) && (!msg.delayed || h.delayed) && h.match(ctx),
      );
      if (!handler) {
        if (msg.delayed) {
          log.info({ msgId: msg.id, platform: msg.platform }, 'delayed message dropped (not a check-in)');
          store.dropInbox(key);
        }
        return [];
      }
      if (!store.markSeen(key)) {
        log.info({ msgId: msg.id, platform: msg.platform }, 'duplicate message ignored');
        return [];
      }
      claimed = true;
      out = await store.handlingMessage(key, async () => finish(ctx, await handler.handle(ctx), now));
    } catch (err) {
      log.error({ err, msgId: msg.id }, 'failed to handle message');
      // a message not addressed to the bot gets no error reply unless a handler had taken it
      out = claimed || !unaddressed ? [{ to: replyAddress(msg), text: ERROR_REPLY }] : [];
    }
    if (claimed) {
      store.settle(key);
      // remember the id even when nothing else changed, so that a re-delivery after a restart is not answered twice
      store.commitSoon((err: unknown) => log.warn({ err }, 'could not save processed message ids'));
    }
    return out;
  };

  return {
    handle,
    async event(ev) {
      try {
        const run = deps.events?.[ev.kind] as ((e: PlatformEvent) => Promise<Outgoing[]>) | undefined;
        return run ? await run(ev) : [];
      } catch (err) {
        log.error({ err, kind: ev.kind }, 'failed to handle platform event');
        return [];
      }
    },
    receive: (msg) => store.receive(msg, clock.now()),
    async handleInbox() {
      const out: Outgoing[] = [];
      for (const msg of inboxMessages(store.data)) out.push(...(await handle(msg)));
      return out;
    },
    runDue: (now) => deps.jobs?.(now) ?? Promise.resolve([]),
  };
}
