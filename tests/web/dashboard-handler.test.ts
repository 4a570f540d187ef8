import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/create-core.js';
import { silentLogger } from '../../src/core/logger.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { lexiconFor } from '../../src/language/lexicon.js';
import type { Outgoing } from '../../src/shared/types.js';
import { FileStore } from '../../src/store/file-store.js';
import { checkLoginToken } from '../../src/web/auth/login-link.js';
import { TokenKeys } from '../../src/web/auth/sealed-token.js';
import { dashboardHandler } from '../../src/web/dashboard-handler.js';
import { loadWebConfig } from '../../src/web/web-config.js';
import { TestClock, tempDataDir } from '../helpers/temp-bot.js';

const text = (o: Outgoing) => ('text' in o ? (o.text ?? '') : '');

describe('看板 through a core with the handler registered (as main.ts would)', () => {
  it('sends an admin the link privately, tells the group only that, and refuses a stranger', async () => {
    const store = await FileStore.open(tempDataDir());
    const keys = new TokenKeys(Buffer.from('s'.repeat(64)));
    const config = loadWebConfig({
      PLAN_BOT_WEB_PORT: '8080',
      PLAN_BOT_WEB_URL: 'https://county.example.cn/plan-bot/',
    });
    const clock = new TestClock(new Date('2021-06-07T10:00:00+08:00'));
    const core = createCore({
      store,
      log: silentLogger,
      clock,
      lexicon: lexiconFor(loadKnowledge()),
      isAdmin: (p, id) => p === 'lark' && id === 'ou_admin',
      handlers: [dashboardHandler({ web: { config, keys } })],
    });
    const msg = (id: string, from: string, chatType: 'direct' | 'group') => ({
      platform: 'lark' as const,
      id,
      chatId: chatType === 'group' ? 'oc_group' : from,
      chatType,
      sender: { id: from },
      text: '看板',
      mentionsBot: true,
      at: clock.now(),
    });
    const inGroup = await core.handle(msg('m1', 'ou_admin', 'group'));
    expect(inGroup).toHaveLength(2);
    expect(inGroup[0]?.to.chatId).toBe('oc_group');
    expect(text(inGroup[0] as Outgoing)).toBe('看板登录链接已私信发送给您，请在与我的单聊中查收。');
    expect(inGroup[1]?.to).toMatchObject({ chatId: 'ou_admin', userId: 'ou_admin' });
    const token = /login\?t=([\w.-]+)/.exec(text(inGroup[1] as Outgoing))?.[1] as string;
    expect(checkLoginToken(keys, token, clock.now())).toMatchObject({
      ok: true,
      claims: { sub: 'lark:ou_admin' },
    });
    const stranger = await core.handle(msg('m2', 'ou_x', 'direct'));
    expect(text(stranger[0] as Outgoing)).toContain('只对管理员和配置中指定的领导开放');
    await store.close();
  });
});
