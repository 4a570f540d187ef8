/** Platforms the core talks to through adapters. */
export type Platform = 'lark' | 'wechat' | 'wecom' | 'console';

/** Every platform, for parsing `platform:id` references. */
export const PLATFORMS: readonly Platform[] = ['lark', 'wechat', 'wecom', 'console'];

/** Where a message goes: a chat, or one user directly; `replyTo` threads a reply under the asking message. */
export interface Address {
  platform: Platform;
  chatId: string;
  /** Direct to a user (by platform user id) rather than a chat. */
  userId?: string;
  replyTo?: string;
  /** In groups, mention the asker (WeChat rooms). */
  mention?: string;
  /** In a group, @ these platform user ids at the start of the message (a unit's liaisons in its prompt). */
  mentions?: string[];
}

/**
 * A photo or file that came with a message (佐证材料). Adapters fill it in; the core downloads it only when it keeps
 * it, through `download`, which calls the platform's resource API (Lark im.messageResource.get, WeCom media/get).
 */
export interface Attachment {
  kind: 'image' | 'file';
  /** File name as sent (images have none: the core names them). */
  name?: string;
  /** Platform key of the resource (image_key, file_key, media_id): for logs and dedupe, never a path. */
  key: string;
  /** Fetches the bytes; rejects when the platform refuses. */
  download(): Promise<Uint8Array>;
}

/** Someone @-mentioned in a message, other than the bot. */
export interface Mention {
  /** Platform user id (Lark open_id). */
  id: string;
  name?: string;
}

/** One chat message, translated by an adapter from its platform's event. */
export interface IncomingMessage {
  platform: Platform;
  /** Platform message id: the dedupe key. */
  id: string;
  chatId: string;
  chatType: 'direct' | 'group';
  sender: { id: string; name?: string };
  /** Text with mention placeholders stripped. */
  text: string;
  /** Groups: answer only when true. */
  mentionsBot: boolean;
  at: Date;
  /**
   * The message this one quotes or replies to (a WeChat quote block, a Lark reply's parent): context for the
   * reader, never content. `fromBot` when the quoted message is one of the bot's own (a weekly prompt).
   */
  quote?: { text: string; id?: string; fromBot?: boolean };
  /**
   * Sent while the bot was offline and delivered after it came back (a puppet's backlog after a re-login): only
   * check-ins from bound members are taken, for the week they were sent in and marked late.
   */
  delayed?: boolean;
  /** Photos and files sent with (or as) this message. */
  attachments?: Attachment[];
  /** People @-mentioned other than the bot, in the order they appear (绑定 县财政局 @张三). */
  mentions?: Mention[];
  /**
   * The platform message a reply goes under, when not this message's own id: a card click has no message of its
   * own (its id is the click's), so its answer goes under the card. Every reply, queued in the outbox or not,
   * takes it from here.
   */
  replyTo?: string;
}

/** A structured card for platforms that render rich messages (Lark); others show `text`. */
export interface AnswerCard {
  title: string;
  /** Lead unit (牵头), shown first and marked. */
  lead?: string;
  /** Cooperating units (配合), in the plan's order. */
  others?: string[];
  /** Free lines of the answer body. */
  lines: string[];
  /** The clause quoted from the plan. */
  quote?: string;
  /** Where the clause is, e.g. 重点任务（四）第14项. */
  source?: string;
  /** Follow-up questions to offer. */
  suggestions: string[];
  /** Rows of a status table (任务进度总览), rendered as a table on Lark. */
  table?: { task: string; light: string; progress: string; expected: string; reasons: string }[];
}

/** A button that, when clicked, makes the clicker say `say` to the bot (platforms without buttons show text). */
export interface ActionButton {
  label: string;
  say: string;
}

/** A check-in form for one unit: platforms with forms (Lark cards) render it; the text says how to type it. */
export interface CheckinFormSpec {
  unit: string;
  week: string;
  /** The unit's tasks; with several plans each names its plan (the form's answer is then `plan:no`). */
  tasks: { no: number; title: string; plan?: string }[];
  /** What was recorded from this form, once submitted (the card is updated to show it). */
  recorded?: string[];
}

/** A text message (with an optional card for platforms that render one). */
export interface OutgoingText {
  to: Address;
  text: string;
  card?: AnswerCard;
  /** Buttons under the message (admin exports, 帮助 …). */
  buttons?: ActionButton[];
  /** A check-in form card to send with the text. */
  form?: CheckinFormSpec;
  /**
   * The outbox entry's id: the same on every attempt to deliver it, so that a platform that dedupes by it (Lark's
   * uuid) shows it once even when a replica dies after sending and before recording it as delivered.
   */
  id?: string;
}

/** A file to deliver into a chat. */
export interface OutgoingFile {
  to: Address;
  file: { name: string; bytes: Uint8Array };
  text?: string;
}

/** What the core asks an adapter to deliver. */
export type Outgoing = OutgoingText | OutgoingFile;

/** Something that happened on a platform other than a message; adapters translate their events into these. */
export type PlatformEvent =
  /** A message was recalled: check-ins made from it are withdrawn. */
  | { kind: 'recalled'; platform: Platform; chatId: string; messageId: string }
  /** The bot was added to a group, or a user opened a direct chat with it: a welcome. */
  | { kind: 'welcome'; platform: Platform; chatId: string; chatType: 'group' | 'direct'; userId?: string }
  /** A check-in form was submitted (Lark card). */
  | {
      kind: 'form';
      platform: Platform;
      chatId: string;
      chatType: 'direct' | 'group';
      formMessageId?: string;
      submissionId: string;
      sender: { id: string; name?: string };
      values: { task?: string; status?: string; progress?: string; note?: string };
    }
  /** A message the platform refused for good: reported in the next digest. */
  | { kind: 'undelivered'; to: Address; text: string; reason: string };

/** The single entry all adapters call. */
export interface Core {
  /** Turns one incoming message into the messages to send; never throws. */
  handle(msg: IncomingMessage): Promise<Outgoing[]>;
  /** Turns a platform event into the messages to send; never throws. Optional: simple cores ignore events. */
  event?(ev: PlatformEvent): Promise<Outgoing[]>;
  /**
   * Stores a message in the durable inbox before the platform is told it arrived (HTTP 200, an SDK ack); a
   * restart handles what was stored and not handled. Rejects when it could not be stored (answer with an error).
   */
  receive?(msg: IncomingMessage): Promise<void>;
}

/** A platform connection: translates, dedupes, hands over to the core and delivers. */
export interface Adapter {
  name: string;
  start(core: Core): Promise<void>;
  /** Resolves once the platform accepted the message; rejects when it did not (the outbox then retries). */
  send(o: Outgoing): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when the connection is lost for good (the SDK gave up): the process exits non-zero to be restarted. */
  fatal?: Promise<Error>;
  /** Calls back when the platform is reachable again after an outage (a WeChat re-login): the outbox is flushed. */
  onReconnect?(listener: () => void): void;
}

/** Source of the current time, passed in so that tests can fix it. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };
