import type { DueJob } from '../checkins/scheduler.js';
import type { Outgoing } from '../shared/types.js';
import { failedEntries, failureLines } from '../store/outbox.js';
import type { Store } from '../store/store.js';

/**
 * Puts a weekly job's messages into the outbox (in memory; the caller commits them together with the job being
 * marked done, so a job is done only once its messages are queued). The admins' digest also lists the messages
 * that expired undelivered, which then leave the outbox.
 */
export function queueJobMessages(store: Store, job: DueJob, messages: Outgoing[], now: Date): Outgoing[] {
  let out = messages;
  if (job.name === 'digest' && messages.length > 0) {
    const failed = failedEntries(store.data);
    const extra = failureLines(failed);
    if (extra.length) {
      out = messages.map((m) => ('file' in m ? m : { ...m, text: `${m.text}\n\n${extra.join('\n')}` }));
      for (const f of failed) store.dropOutbox(f.id);
    }
  }
  for (const m of out) if (!('file' in m)) store.enqueue(m, `${job.name}:${job.week}`, now);
  return out;
}
