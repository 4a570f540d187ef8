/**
 * Messages written to the outbox and not yet accepted by a platform. The durable outbox is the store's work
 * (issue 13); until it lands nothing is queued, so the count is 0. Wire the store's count in here.
 */
export function pendingOutboxCount(_dataDir: string): number {
  return 0;
}
