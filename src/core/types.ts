import type { AnswerCard } from '../qa/answer.js';

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
  /** In groups, mention these platform user ids (a unit's liaisons under the weekly prompt). */
  mentions?: string[];
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
}

/** A text message (with an optional card for platforms that render one). */
export interface OutgoingText {
  to: Address;
  text: string;
  card?: AnswerCard;
}

/** A file to deliver into a chat. */
export interface OutgoingFile {
  to: Address;
  file: { name: string; bytes: Uint8Array };
  text?: string;
}

/** What the core asks an adapter to deliver. */
export type Outgoing = OutgoingText | OutgoingFile;

/** The single entry all adapters call. */
export interface Core {
  /** Turns one incoming message into the messages to send; never throws. */
  handle(msg: IncomingMessage): Promise<Outgoing[]>;
}

/** A platform connection: translates, dedupes, hands over to the core and delivers. */
export interface Adapter {
  name: string;
  start(core: Core): Promise<void>;
  send(o: Outgoing): Promise<void>;
  stop(): Promise<void>;
}

/** Source of the current time, passed in so that tests can fix it. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };
