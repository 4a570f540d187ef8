import type { IncomingMessage } from '../shared/types.js';
import type { Db } from './db-schema.js';
import type { FileStore } from './file-store.js';

/** Stores an incoming message in the inbox and waits until it is on disk (group chats without @: nothing). */
export async function receiveIntoInbox(store: FileStore, msg: IncomingMessage, now: Date): Promise<void> {
  if (msg.chatType === 'group' && !msg.mentionsBot) return;
  const id = `${msg.platform}:${msg.id}`;
  if (store.data.inbox[id] || store.hasSeen(id)) return;
  // attachments are fetched from the platform by functions, which do not survive a restart: the text does
  const { attachments: _files, ...rest } = msg;
  store.data.inbox[id] = {
    id,
    receivedAt: now.toISOString(),
    message: { ...rest, at: msg.at.toISOString() },
  };
  await store.commit();
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
