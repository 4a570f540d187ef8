import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Address, OutgoingText } from '../shared/types.js';
import type { addressSchema, Db, OutboxEntry } from './db-schema.js';

// The stored address must have exactly the core's Address fields: a field added there and not here would make
// every outbox entry with it refused at the next start (the schema refuses unknown fields).
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const addressInSync: SameKeys<z.infer<typeof addressSchema>, Address> = true;
// and every field of a text message must have its place in an entry, or delivery from the outbox would drop it
const textFieldsKept: [keyof OutgoingText] extends [keyof OutboxEntry] ? true : false = true;
void addressInSync;
void textFieldsKept;

/** First retry delay; doubled per attempt up to MAX_BACKOFF_MS. */
const FIRST_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 3600_000;

/** Delay before attempt n+1 after n failed attempts: 30 s, 1 min, 2 min … capped at 1 hour. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

/** Adds a message to the outbox in memory (the caller commits before it is delivered); returns its entry. */
export function enqueue(db: Db, out: OutgoingText, source: string, now: Date): OutboxEntry {
  const at = now.toISOString();
  const entry: OutboxEntry = {
    id: randomUUID(),
    source,
    to: { ...out.to },
    text: out.text,
    ...(out.card ? { card: out.card } : {}),
    ...(out.buttons ? { buttons: out.buttons } : {}),
    ...(out.form ? { form: out.form } : {}),
    createdAt: at,
    nextAt: at,
    attempts: 0,
    state: 'pending',
  };
  db.outbox[entry.id] = entry;
  return entry;
}

/** Pending messages due by `now`, oldest first. */
export function dueEntries(db: Db, now: Date): OutboxEntry[] {
  const t = now.getTime();
  return Object.values(db.outbox)
    .filter((e) => e.state === 'pending' && Date.parse(e.nextAt) <= t)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Makes every pending message of a platform due now (it is reachable again after an outage). */
export function retryPlatformNow(db: Db, platform: string, now: Date): number {
  let n = 0;
  for (const e of Object.values(db.outbox)) {
    if (e.state !== 'pending' || e.to.platform !== platform) continue;
    e.nextAt = now.toISOString();
    n++;
  }
  return n;
}

/** A failed attempt: retried after a back-off, or marked failed once older than `expireMs`. */
export function markAttemptFailed(db: Db, id: string, error: string, now: Date, expireMs: number): void {
  const e = db.outbox[id];
  if (!e) return;
  e.attempts++;
  e.lastError = error.slice(0, 300);
  if (now.getTime() - Date.parse(e.createdAt) >= expireMs) e.state = 'failed';
  else e.nextAt = new Date(now.getTime() + backoffMs(e.attempts)).toISOString();
}

/** Messages still waiting for delivery: for the `status` command and the logs. */
export function pendingCount(db: Db): number {
  return Object.values(db.outbox).filter((e) => e.state === 'pending').length;
}

/** Messages that expired undelivered and are not yet reported to the admins. */
export function failedEntries(db: Db): OutboxEntry[] {
  return Object.values(db.outbox)
    .filter((e) => e.state === 'failed')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The admins' digest lines about undelivered messages (empty when there are none). */
export function failureLines(failed: OutboxEntry[]): string[] {
  if (failed.length === 0) return [];
  const lines = failed.slice(0, 20).map((e) => {
    const to = e.to.userId ?? e.to.chatId;
    return `• ${e.source} → ${e.to.platform}:${to}（尝试${e.attempts}次：${e.lastError ?? '未知错误'}）`;
  });
  if (failed.length > 20) lines.push(`…另有${failed.length - 20}条`);
  return [`⚠️ 以下${failed.length}条消息多次发送失败，已放弃：`, ...lines];
}
