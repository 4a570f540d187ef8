import type { Conversation } from './conversation.js';

/** The conversation state kept between messages (see conversation.ts); `Turn` is its older name. */
export type Turn = Conversation;

/** Default time a conversation is remembered: a follow-up after ten quiet minutes starts afresh. */
export const DIALOGUE_TTL_MS = 10 * 60 * 1000;

/**
 * The conversation state of each conversation (platform + chat + sender), in memory only, forgotten after a
 * time-to-live measured on the clock passed in (the replay's simulated clock in transcripts). Never stored in the
 * database.
 */
export class DialogueMemory {
  private readonly turns = new Map<string, { turn: Turn; at: number }>();

  constructor(
    private readonly ttlMs = DIALOGUE_TTL_MS,
    private readonly maxEntries = 10_000,
  ) {}

  /** The state of a conversation, if it is recent enough. */
  get(key: string, now: Date): Turn | undefined {
    const e = this.turns.get(key);
    if (!e) return undefined;
    if (now.getTime() - e.at > this.ttlMs) {
      this.turns.delete(key);
      return undefined;
    }
    return e.turn;
  }

  /** Remembers a conversation's state. */
  set(key: string, turn: Turn, now: Date): void {
    this.turns.delete(key);
    this.turns.set(key, { turn, at: now.getTime() });
    // the oldest conversations go first when a busy bot has many
    if (this.turns.size > this.maxEntries) {
      const oldest = this.turns.keys().next().value;
      if (oldest !== undefined) this.turns.delete(oldest);
    }
  }
}
