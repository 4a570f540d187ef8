import { afterEach, describe, expect, it } from 'vitest';
import { loadWecomConfig, WecomConfigError } from '../../../adapters/wecom/wecom-config.js';
import { WecomCrypto } from '../../../adapters/wecom/wecom-crypto.js';
import { TASK14_UNITS } from '../../helpers/temp-bot.js';
import { aesKey, startWecom } from './wecom-fixture.js';

/** The app adapter with the 智能机器人 callback on, against the fake API; group messages encrypted as WeCom does. */
async function world() {
  const botCfg = { token: 'botToken', encodingAesKey: aesKey(), path: '/wecom/bot' };
  const { api, bot, log, adapter, stop } = await startWecom({ cfg: { bot: botCfg } });
  current = { stop };
  const base = `http://127.0.0.1:${adapter.port()}${botCfg.path}`;
  // the AI bot's receive id is empty
  const crypto = new WecomCrypto(botCfg.token, botCfg.encodingAesKey, '');
  let n = 0;
  const post = async (m: Record<string, unknown>, o: { forge?: boolean; responseUrl?: string } = {}) => {
    const code = `rc-${++n}`;
    const encrypt = crypto.encrypt(
      JSON.stringify({
        msgid: `msg-${n}`,
        aibotid: 'AIBOT',
        chatid: 'wrGroup1',
        chattype: 'group',
        response_url: o.responseUrl ?? `${api.url}/cgi-bin/aibot/response?response_code=${code}`,
        ...m,
      }),
    );
    const ts = '1700000000';
    const sig = o.forge ? '0'.repeat(40) : crypto.sign(ts, String(n), encrypt);
    const res = await fetch(`${base}?msg_signature=${sig}&timestamp=${ts}&nonce=${n}`, {
      method: 'POST',
      body: JSON.stringify({ encrypt }),
    });
    await adapter.idle();
    return { res, code };
  };
  const say = (userid: string, content: string, extra: Record<string, unknown> = {}) =>
    post({ from: { userid }, msgtype: 'text', text: { content }, ...extra });
  return { api, bot, adapter, log, base, crypto, post, say };
}

let current: { stop: () => Promise<void> } | undefined;
afterEach(async () => {
  await current?.stop();
  current = undefined;
});

describe('WeCom 智能机器人 (AI bot) callback for groups, against the fake API', () => {
  it('answers its URL check with the echostr decrypted under an empty receive id', async () => {
    const w = await world();
    const echostr = w.crypto.encrypt('9876543210');
    const sig = w.crypto.sign('1', '2', echostr);
    const res = await fetch(
      `${w.base}?msg_signature=${sig}&timestamp=1&nonce=2&echostr=${encodeURIComponent(echostr)}`,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('9876543210');
  });

  it('answers an @ question in a group once, as markdown on the response_url', async () => {
    const w = await world();
    const { res, code } = await w.say('ZhangSan', '@方案助手 任务14谁负责');
    expect(res.status).toBe(200);
    expect(w.api.botReplies).toHaveLength(1);
    const reply = w.api.botReplies[0] as (typeof w.api.botReplies)[number];
    expect(reply.code).toBe(code);
    expect(reply.body.msgtype).toBe('markdown');
    for (const u of TASK14_UNITS) expect(JSON.stringify(reply.body)).toContain(u);
    expect(w.api.count('/cgi-bin/message/send')).toBe(0);
  });

  it('refuses a forged signature, and never calls a response_url outside the WeCom API', async () => {
    const w = await world();
    const question = { from: { userid: 'ZhangSan' }, msgtype: 'text', text: { content: '@方案助手 文号' } };
    expect((await w.post(question, { forge: true })).res.status).toBe(401);
    expect(w.api.botReplies).toHaveLength(0);
    expect(w.log.lines.some((l) => l.includes('bad msg_signature'))).toBe(true);
    await w.post(question, { responseUrl: 'http://127.0.0.1:9/elsewhere' });
    expect(w.api.botReplies).toHaveLength(0);
    expect(w.log.lines.some((l) => l.includes('without a usable response_url'))).toBe(true);
  });

  it('records a check-in from the group under the same wecom:<userid> as the app, with the quote as context', async () => {
    const w = await world();
    await w.say('WangKuaiJi', '@方案助手 任务14 进度60% 已召开校企座谈会', {
      quote: { msgtype: 'text', text: { content: '【每周进度汇报】例如：任务14 进度60% 已召开校企座谈会' } },
    });
    expect(w.bot.store.data.checkins).toMatchObject([
      {
        unit: '县财政局',
        task: 14,
        progress: 60,
        note: '已召开校企座谈会',
        by: { platform: 'wecom', id: 'WangKuaiJi' },
      },
    ]);
    expect(JSON.stringify(w.api.botReplies[0]?.body)).toContain('已记录 县财政局');
  });

  it("sends an admin's export asked in a group to the admin through the app, and says so in the group", async () => {
    const w = await world();
    await w.say('DuChaShi', '@方案助手 导出 csv');
    expect(w.api.uploads).toHaveLength(1);
    expect(w.api.sent().find((m) => m.msgtype === 'file')).toMatchObject({ touser: 'DuChaShi' });
    // the core now sends a group's export to the admin directly and tells the group so (issue 15)
    expect(JSON.stringify(w.api.botReplies[0]?.body)).toContain('已私信发送给您');
    expect(JSON.stringify(w.api.botReplies[0]?.body)).not.toContain('exports/');
  });

  it('handles the same msgid once', async () => {
    const w = await world();
    await w.say('ZhangSan', '@方案助手 文号', { msgid: 'dup-1' });
    await w.say('ZhangSan', '@方案助手 文号', { msgid: 'dup-1' });
    expect(w.api.botReplies).toHaveLength(1);
  });

  it('is configured by WECOM_BOT_TOKEN and WECOM_BOT_ENCODING_AES_KEY together', () => {
    const env = {
      WECOM_CORP_ID: 'ww1',
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: 's',
      WECOM_TOKEN: 't',
      WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
    };
    expect(loadWecomConfig(env).bot).toBeUndefined();
    expect(
      loadWecomConfig({
        ...env,
        WECOM_BOT_TOKEN: 'b',
        WECOM_BOT_ENCODING_AES_KEY: env.WECOM_ENCODING_AES_KEY,
      }).bot,
    ).toEqual({ token: 'b', encodingAesKey: env.WECOM_ENCODING_AES_KEY, path: '/wecom/bot' });
    expect(() => loadWecomConfig({ ...env, WECOM_BOT_TOKEN: 'b' })).toThrowError(WecomConfigError);
  });
});
