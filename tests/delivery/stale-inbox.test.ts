import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { handleStaleInbox } from '../../src/delivery/stale-inbox.js';
import type { IncomingMessage } from '../../src/shared/types.js';
import { TEST_ROSTER, tempBot } from '../helpers/temp-bot.js';

const message = (id: string, text: string): IncomingMessage => ({
  platform: 'lark',
  id,
  chatId: 'ou_a',
  chatType: 'direct',
  sender: { id: 'ou_a' },
  text,
  mentionsBot: false,
  at: new Date(),
});

describe('the stale-inbox sweep (replicas)', () => {
  it('handles a message left waiting and removes one that was handled already without answering it again', async () => {
    const { core, store } = await tempBot({ roster: TEST_ROSTER });
    await core.receive?.(message('om_left', '任务14谁负责'));
    await core.receive?.(message('om_done', '任务3谁负责'));
    // handled by another replica, whose removal from the inbox did not reach this one
    expect(store.markSeen('lark:om_done')).toBe(true);
    let flushed = 0;
    const timer = handleStaleInbox(core, { flush: async () => void flushed++ }, silentLogger, 0, 20);
    try {
      const end = Date.now() + 5000;
      while (Object.keys(store.data.inbox).length > 0 && Date.now() < end)
        await new Promise((r) => setTimeout(r, 20));
    } finally {
      clearInterval(timer);
    }
    expect(Object.keys(store.data.inbox)).toEqual([]);
    expect(store.hasSeen('lark:om_left')).toBe(true);
    expect(flushed).toBeGreaterThan(0);
  });
});
