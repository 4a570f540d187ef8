import type { IncomingMessage } from '../shared/types.js';
import type { Db } from './db-schema.js';

/**
 * Puts an incoming message into the inbox in memory; false when there is nothing to keep (a group message without
 * @, one already in the inbox or already processed).
 */
export function putInbox(db: Db, msg: IncomingMessage, now: Date, seen: (id: string) => boolean): boolean {
  if (msg.chatType === 'group' && !msg.mentionsBot) return false;
  const id = `${msg.platform}:${msg.id}`;
  if (db.inbox[id] || seen(id)) return false;
  // attachments are fetched from the platform by functions, which do not survive a restart: the text does
  const { attachments: _files, ...rest } = msg;
  db.inbox[id] = {
    id,
    receivedAt: now.toISOString(),
    message: { ...rest, at: msg.at.toISOString() },
  };
  return true;
}

/** The stored messages not yet handled, oldest first, as the core takes them. */
export function inboxMessages(db: Db): IncomingMessage[] {
  return Object.values(db.inbox)
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
    .map((e) => {
      const m = e.message as unknown as Omit<IncomingMessage, 'at'> & { at: string };
      return { ...m, at: new Date(m.at) };
    });
}

/** How many received messages wait to be handled (for `status`). */
export function inboxCount(db: Db): number {
  return Object.keys(db.inbox).length;
}
