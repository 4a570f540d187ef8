import type { AdminRef } from '../../src/config.js';
import type { Logger } from '../../src/core/logger.js';
import type { Adapter } from '../../src/shared/types.js';
import { describeError } from './with-retry.js';

/** Sends an operational alert to admins: true when at least one admin got it. */
export type AlertAdmins = (text: string) => Promise<boolean>;

/**
 * Alerts admins through the adapters that are running, except `self` (the platform the alert is about, which
 * may be down): a direct message to each admin on Lark or WeCom. The list of adapters is read at call time.
 */
export function adminAlert(adapters: Adapter[], admins: AdminRef[], self: string, log: Logger): AlertAdmins {
  return async (text) => {
    let delivered = false;
    for (const a of admins) {
      const adapter = adapters.find((x) => x.name === a.platform && x.name !== self);
      if (!adapter) continue;
      try {
        await adapter.send({ to: { platform: a.platform, chatId: a.id, userId: a.id }, text });
        delivered = true;
      } catch (err) {
        log.error({ err: describeError(err), admin: `${a.platform}:${a.id}` }, 'alert to an admin failed');
      }
    }
    return delivered;
  };
}
