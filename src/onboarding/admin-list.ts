import type { AdminRef } from '../config.js';
import type { AdminEntry } from '../store/db-schema.js';
import type { Store } from '../store/store.js';

const keyOf = (a: Pick<AdminRef, 'platform' | 'id'>) => `${a.platform}:${a.id}`;

/**
 * The bot's admins: the config's PLAN_BOT_ADMINS, which stay admins, plus those added in chat (kept in the store).
 * Features that take the admins as a list (the desk, the weekly digest, calendar, backup and WeChat alerts) read
 * the config's one array; `sync` keeps the chat-added admins in it in step with the store, so a change that was
 * not saved (rolled back) is never in effect. Entries it did not put there are left alone.
 */
export class AdminList {
  // admins this list put into the live array (added in chat)
  private readonly mine = new Set<string>();

  constructor(
    private readonly live: AdminRef[],
    private readonly store: Store,
  ) {
    this.sync();
  }

  /** Brings the live array in step with the store: chat-added admins in, removed ones out; returns it. */
  sync(): AdminRef[] {
    const stored = new Map((this.store.data.admins ?? []).map((a) => [keyOf(a), a]));
    for (let i = this.live.length - 1; i >= 0; i--) {
      const k = keyOf(this.live[i] as AdminRef);
      if (this.mine.has(k) && !stored.has(k)) {
        this.live.splice(i, 1);
        this.mine.delete(k);
      }
    }
    for (const [k, a] of stored) {
      if (this.live.some((x) => keyOf(x) === k)) continue;
      this.live.push({ platform: a.platform, id: a.id });
      this.mine.add(k);
    }
    return this.live;
  }

  /** Every admin now. */
  all(): AdminRef[] {
    return [...this.sync()];
  }

  /** True when this platform user is an admin. */
  has(who: Pick<AdminRef, 'platform' | 'id'>): boolean {
    return this.sync().some((a) => keyOf(a) === keyOf(who));
  }

  /** The stored entry of an admin added in chat (undefined for a config admin or a non-admin). */
  added(who: Pick<AdminRef, 'platform' | 'id'>): AdminEntry | undefined {
    return (this.store.data.admins ?? []).find((a) => keyOf(a) === keyOf(who));
  }
}
