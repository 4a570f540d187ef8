import type { IncomingMessage } from '../shared/types.js';
import type { Store } from '../store/store.js';

/** How long a conversation's follow-up context is remembered in memory: after ten quiet minutes a question starts afresh. */
export const FOLLOW_UP_TTL_MS = 10 * 60 * 1000;
/** How long an ask-back waits for its answer (stored, so that it survives a restart). */
export const ASK_BACK_TTL_MS = 30 * 60 * 1000;

/**
 * The state of one conversation (platform + chat + sender), under one policy: what a feature needs to read the
 * next message — the follow-up context of questions — is kept in memory only, for FOLLOW_UP_TTL_MS, and lost at a
 * restart; an open ask-back, whose answer decides what is recorded, is stored (per sender, across chats) and
 * lives ASK_BACK_TTL_MS; what can be derived from the ledger (the sender's last report, for evidence and
 * corrections) is read from the store, never copied here.
 */
export interface Conversation {
  /** platform:chat:sender. */
  readonly key: string;
  /** The follow-up state a feature kept under `slot`, while recent enough. */
  recall<T>(slot: string): T | undefined;
  /** Keeps a feature's follow-up state for the next message of this conversation. */
  remember<T>(slot: string, value: T): void;
  /** The open ask-back of the sender, while it waits for an answer. */
  askBack(): { text: string; at: string } | undefined;
  /** Opens (or replaces) the sender's ask-back; committed with the message. */
  openAskBack(text: string): void;
  /** Closes the sender's ask-back. */
  closeAskBack(): void;
}

/** Holds every conversation's in-memory state (bounded) and opens a Conversation for a message. */
export class ConversationTracker {
  private readonly memory = new Map<string, { slots: Map<string, unknown>; at: number }>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs = FOLLOW_UP_TTL_MS,
    private readonly maxEntries = 10_000,
  ) {}

  /** The conversation a message belongs to, as of `now`. */
  of(msg: Pick<IncomingMessage, 'platform' | 'chatId' | 'sender'>, now: Date): Conversation {
    const key = `${msg.platform}:${msg.chatId}:${msg.sender.id}`;
    const askKey = `${msg.platform}:${msg.sender.id}`;
    const t = now.getTime();
    const live = () => {
      const e = this.memory.get(key);
      if (e && t - e.at > this.ttlMs) this.memory.delete(key);
      return this.memory.get(key);
    };
    const store = this.store;
    return {
      key,
      recall: <T>(slot: string) => live()?.slots.get(slot) as T | undefined,
      remember: <T>(slot: string, value: T) => {
        const slots = live()?.slots ?? new Map<string, unknown>();
        slots.set(slot, value);
        this.memory.delete(key);
        this.memory.set(key, { slots, at: t });
        // the oldest conversations go first when a busy bot has many
        if (this.memory.size > this.maxEntries) {
          const oldest = this.memory.keys().next().value;
          if (oldest !== undefined) this.memory.delete(oldest);
        }
      },
      askBack: () => {
        const p = store.data.pending[askKey];
        return p && t - Date.parse(p.at) <= ASK_BACK_TTL_MS ? p : undefined;
      },
      openAskBack: (text: string) => store.setPending(askKey, text, now),
      closeAskBack: () => {
        if (store.data.pending[askKey]) store.clearPending(askKey);
      },
    };
  }
}
