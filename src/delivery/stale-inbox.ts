import type { Logger } from '../core/logger.js';
import type { Core } from '../shared/types.js';
import { inboxMessages } from '../store/inbox.js';
import type { Store } from '../store/store.js';
import type { OutboxDelivery } from './outbox-delivery.js';

/** How long a message may wait in the shared inbox before another replica handles it. */
export const STALE_INBOX_MS = 60_000;

/**
 * Replicas: every 30 s, removes the messages handled already and handles the messages that have waited in the shared inbox for more than a minute, i.e. that
 * a replica acknowledged to the platform and died before handling (a restart would handle them, but the machine may
 * not come back). A message still being handled elsewhere is claimed by one replica only; the core queues the
 * replies in the outbox. Clear the timer to stop.
 */
export function handleStaleInbox(
  core: Core & { store: Store },
  outbox: Pick<OutboxDelivery, 'flush'>,
  log: Logger,
  ageMs = STALE_INBOX_MS,
  everyMs = 30_000,
): NodeJS.Timeout {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      await core.store.refresh();
      const before = Date.now() - ageMs;
      const stale = Object.values(core.store.data.inbox)
        .filter((e) => Date.parse(e.receivedAt) < before)
        .map((e) => e.id);
      if (stale.length === 0) return;
      // a message handled already (a store written before the replicas took the message's lock) only leaves
      const done = stale.filter((id) => core.store.hasSeen(id));
      if (done.length) {
        for (const id of done) core.store.dropInbox(id);
        await core.store.commit();
        log.info({ messages: done.length }, 'inbox: messages handled already removed');
      }
      const wanted = new Set(stale.filter((id) => !done.includes(id)));
      if (wanted.size === 0) return;
      const msgs = inboxMessages(core.store.data).filter((m) => wanted.has(`${m.platform}:${m.id}`));
      log.info({ messages: msgs.length }, 'inbox: handling messages another replica did not');
      for (const m of msgs) await core.handle(m);
      await outbox.flush();
    } catch (err) {
      log.error({ err }, 'inbox: handling waiting messages failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sweep(), everyMs);
  timer.unref();
  return timer;
}
