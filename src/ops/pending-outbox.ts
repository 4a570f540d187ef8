import { pendingCount } from '../store/outbox.js';
import { readDataSync } from '../store/read-data-sync.js';

/** Messages written to the durable outbox and not yet accepted by a platform (0 when the data cannot be read). */
export function pendingOutboxCount(dataDir: string): number {
  try {
    return pendingCount(readDataSync(dataDir));
  } catch {
    return 0;
  }
}
