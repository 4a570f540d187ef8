import type { Logger } from '../core/logger.js';
import type { Adapter, Clock, OutgoingText } from '../shared/types.js';
import type { OutboxEntry } from '../store/db-schema.js';
import { dueEntries } from '../store/outbox.js';
import type { Store } from '../store/store.js';

/** Default time after which an undelivered message is given up and reported in the admins' digest. */
export const DEFAULT_OUTBOX_EXPIRE_MS = 48 * 3600_000;

/**
 * Delivers the outbox through the running adapters: each due message is sent, removed once the platform accepts
 * it, or retried with back-off (also across restarts, since the outbox is in the store) until it expires. A
 * platform with no running adapter counts as a failed attempt, so nothing is dropped silently.
 */
export class OutboxDelivery {
  // entries being sent right now: a flush during a slow send does not send them twice
  private readonly sending = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly adapters: Adapter[],
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly expireMs = DEFAULT_OUTBOX_EXPIRE_MS,
  ) {}

  /**
   * Sends every due message not already being sent, all at once (each adapter's queue keeps the order and the
   * rate of a chat); resolves when they were accepted or failed, and their state is saved.
   */
  async flush(): Promise<void> {
    const due = dueEntries(this.store.data, this.clock.now()).filter((e) => !this.sending.has(e.id));
    if (due.length === 0) return;
    // with replicas, each entry is sent by the one that takes it (the others skip it)
    for (const e of due) this.sending.add(e.id);
    const mine = new Set(
      await this.store.claimOutbox(
        due.map((e) => e.id),
        this.adapters.map((a) => a.name),
      ),
    );
    for (const e of due) if (!mine.has(e.id) || !this.store.data.outbox[e.id]) this.sending.delete(e.id);
    await Promise.all(due.filter((e) => this.sending.has(e.id)).map((e) => this.deliver(e)));
  }

  /** Sends a platform's pending messages at once when it is reachable again (a re-login), without waiting for back-off. */
  async flushPlatform(platform: string): Promise<void> {
    if (this.store.retryPlatformNow(platform, this.clock.now()) === 0) return;
    this.log.info({ platform }, 'outbox: platform back, sending what waited');
    await this.flush();
  }

  /** Resolves when every send started so far has finished and its state is saved (before shutdown). */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.all([...this.inflight]);
  }

  private readonly inflight = new Set<Promise<void>>();

  private deliver(e: OutboxEntry): Promise<void> {
    const p = this.deliverOne(e).finally(() => this.inflight.delete(p));
    this.inflight.add(p);
    return p;
  }

  private async deliverOne(e: OutboxEntry): Promise<void> {
    this.sending.add(e.id);
    const adapter = this.adapters.find((a) => a.name === e.to.platform);
    try {
      if (!adapter) throw new Error(`no adapter running for ${e.to.platform}`);
      // card, buttons and form were stored as the core produced them (the types of OutgoingText)
      const rich = { card: e.card, buttons: e.buttons, form: e.form } as Omit<OutgoingText, 'to' | 'text'>;
      await adapter.send({
        id: e.id,
        to: e.to,
        text: e.text,
        ...(rich.card ? { card: rich.card } : {}),
        ...(rich.buttons ? { buttons: rich.buttons } : {}),
        ...(rich.form ? { form: rich.form } : {}),
      });
      this.store.dropOutbox(e.id);
    } catch (err) {
      this.log.warn(
        { err, platform: e.to.platform, source: e.source, attempts: e.attempts + 1 },
        'outbox: send failed, will retry',
      );
      this.store.markAttemptFailed(
        e.id,
        (err as Error).message ?? String(err),
        this.clock.now(),
        this.expireMs,
      );
    } finally {
      this.sending.delete(e.id);
    }
    await this.store
      .commit()
      .catch((err: unknown) => this.log.error({ err }, 'outbox: could not save delivery state'));
  }
}
