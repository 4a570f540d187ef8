import type { AdminRef } from '../config.js';
import type { AdminEntry } from '../store/db-schema.js';
import type { Store } from '../store/store.js';

/**
 * The bot's admins: the config's PLAN_BOT_ADMINS, which stay admins, plus those added in chat (kept in the store).
 * Every feature reads the one admins array of the config (the desk's checks, the digest, calendar and backup
 * warnings, the WeChat alerts), so this keeps that array in step with the store: the stored admins are appended
 * at start, and an admin added or removed in chat is added or removed there once the change is on disk.
 */
export class AdminList {
  constructor(
    private readonly live: AdminRef[],
    private readonly store: Store,
  ) {
    for (const a of store.data.admins ?? []) if (!this.has(a)) live.push({ platform: a.platform, id: a.id });
  }

  /** Every admin now. */
  all(): AdminRef[] {
    return [...this.live];
  }

  /** True when this platform user is an admin. */
  has(who: Pick<AdminRef, 'platform' | 'id'>): boolean {
    return this.live.some((a) => a.platform === who.platform && a.id === who.id);
  }

  /** The stored entry of an admin added in chat (undefined for a config admin or a non-admin). */
  added(who: Pick<AdminRef, 'platform' | 'id'>): AdminEntry | undefined {
    return (this.store.data.admins ?? []).find((a) => a.platform === who.platform && a.id === who.id);
  }

  /** Adds an admin and saves it; rejects (nothing changed) when the store cannot write. */
  async add(entry: AdminEntry): Promise<void> {
    if (this.store.addAdmin(entry)) await this.store.commit();
    if (!this.has(entry)) this.live.push({ platform: entry.platform, id: entry.id });
  }

  /** Removes an admin added in chat and saves it; rejects (nothing changed) when the store cannot write. */
  async remove(who: Pick<AdminRef, 'platform' | 'id'>): Promise<void> {
    if (this.store.removeAdmin(who.platform, who.id)) await this.store.commit();
    const i = this.live.findIndex((a) => a.platform === who.platform && a.id === who.id);
    if (i >= 0) this.live.splice(i, 1);
  }
}
