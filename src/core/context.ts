import { type Command, readCommand } from '../language/commands.js';
import type { Lexicon } from '../language/lexicon.js';
import type { Tokens } from '../language/spans.js';
import { toSimplified } from '../language/to-simplified.js';
import { tokenize } from '../language/tokenize.js';
import type { IncomingMessage, OutgoingText } from '../shared/types.js';
import type { Member } from '../store/db-schema.js';
import type { Store } from '../store/store.js';
import type { Conversation } from './conversation.js';
import { replyAddress } from './reply-address.js';

/** Who sent a message, as the bot knows them. */
export interface Sender {
  /** The roster entry when the sender is bound to a unit. */
  member?: { unit: string; member: Member };
  /** A configured or appointed admin. */
  admin: boolean;
}

/**
 * One incoming message read once, at the door: its own words (a quote separated), the text in simplified
 * characters, its tokens (computed once, on first use), the command word it starts with, the sender and the
 * conversation. Every handler reads this; none reads the raw message again or tokenizes it.
 */
export interface MessageContext {
  /** The message with any quote moved out of `text`. */
  readonly msg: IncomingMessage;
  /** The sender's own words, trimmed. */
  readonly text: string;
  /** `text` with traditional characters converted once. */
  readonly simplified: string;
  /** The typed spans of `simplified`, tokenized once with the bot's lexicon. */
  readonly tokens: Tokens;
  /**
   * The message's tokens under a given lexicon: `tokens` itself when it is the bot's, else tokenized once per
   * lexicon (one plan's own words — its task and group titles — when several plans are loaded).
   */
  tokensWith(lexicon: Lexicon): Tokens;
  /** The command word the message is (commands.json), if any. */
  readonly command: Command | undefined;
  readonly sender: Sender;
  readonly conversation: Conversation;
  /** The time the message is handled at (the core's clock). */
  readonly now: Date;
  /** A text reply in the same chat, threaded under the message. */
  reply(text: string, extra?: Omit<OutgoingText, 'to' | 'text'>): OutgoingText;
  /** A reading derived from the message, computed once per message whoever asks first (a report reading). */
  memo<T>(key: string, make: () => T): T;
  /**
   * Declares that the handler changed data: the core commits once, after the handler, together with the
   * message's replies; if that fails, the user gets `failText` instead of the replies.
   */
  save(failText: string): void;
  /** The failure text of the last `save`, when the handler changed data. */
  readonly saving: string | undefined;
}

/** What building a context needs. */
export interface ContextDeps {
  store: Store;
  /** The bot's lexicon (read per message: a plan added without a restart changes it). */
  lexicon: () => Lexicon;
  isAdmin(platform: string, id: string): boolean;
  /** Moves a quote block out of the text (and marks a quote of the bot's own message). */
  separateQuote(msg: IncomingMessage): IncomingMessage;
}

/** Reads a message once into its context. */
export function readContext(
  incoming: IncomingMessage,
  conversation: Conversation,
  now: Date,
  deps: ContextDeps,
): MessageContext {
  const msg = deps.separateQuote(incoming);
  const text = msg.text.trim();
  const memos = new Map<string, unknown>();
  const lexicon = deps.lexicon();
  const byLexicon = new Map<Lexicon, Tokens>();
  let simplified: string | undefined;
  let saving: string | undefined;
  const member = memberOf(deps.store, msg.platform, msg.sender.id);
  const ctx: MessageContext = {
    msg,
    text,
    get simplified() {
      simplified ??= toSimplified(text);
      return simplified;
    },
    get tokens() {
      return ctx.tokensWith(lexicon);
    },
    tokensWith(lex: Lexicon): Tokens {
      let t = byLexicon.get(lex);
      if (!t) {
        t = tokenize(ctx.simplified, lex, { simplified: true });
        byLexicon.set(lex, t);
      }
      return t;
    },
    command: readCommand(text),
    sender: { ...(member ? { member } : {}), admin: deps.isAdmin(msg.platform, msg.sender.id) },
    conversation,
    now,
    reply: (t, extra) => ({ to: replyAddress(msg), text: t, ...extra }),
    memo<T>(key: string, make: () => T): T {
      if (!memos.has(key)) memos.set(key, make());
      return memos.get(key) as T;
    },
    save(failText: string) {
      saving = failText;
    },
    get saving() {
      return saving;
    },
  };
  return ctx;
}

/** The unit a platform user is bound to, with the member entry. */
function memberOf(store: Store, platform: string, id: string): Sender['member'] {
  for (const u of store.data.roster) {
    const member = u.members.find((m) => m.platform === platform && m.id === id);
    if (member) return { unit: u.unit, member };
  }
  return undefined;
}
