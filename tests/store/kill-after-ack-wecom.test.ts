import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WecomCrypto } from '../../adapters/wecom/wecom-crypto.js';
import { FileStore } from '../../src/store/file-store.js';
import { FakeWecomApi } from '../adapters/wecom/fake-wecom-api.js';
import { startBotProcess } from '../helpers/bot-process.js';
import { tempDataDir } from '../helpers/temp-bot.js';

/** A 43-character EncodingAESKey of letters and digits, as WeCom generates them. */
const aesKey = () => randomBytes(22).toString('hex').slice(0, 43);

const ROSTER = [
  {
    unit: '县教育局',
    members: Array.from({ length: 20 }, (_, i) => ({
      platform: 'wecom',
      id: `edu${i}`,
      name: `联络员${i}`,
      role: 'liaison',
    })),
  },
];

describe('kill -9 after HTTP 200, with a real bot process and the WeCom callback', () => {
  const api = new FakeWecomApi();
  const token = 'killToken';
  const key = aesKey();
  const bot = { token: 'killBotToken', key: aesKey() };
  beforeAll(async () => {
    await api.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  const start = (dataDir: string) => {
    const p = startBotProcess(['start', '--data', dataDir], {
      PLAN_BOT_LOG_LEVEL: 'info',
      WECOM_CORP_ID: api.corpId,
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: api.secret,
      WECOM_TOKEN: token,
      WECOM_ENCODING_AES_KEY: key,
      WECOM_API_BASE: api.url,
      WECOM_PORT: '0',
      WECOM_BOT_TOKEN: bot.token,
      WECOM_BOT_ENCODING_AES_KEY: bot.key,
    });
    const base = p.waitFor(/"port":\d+[^\n]*wecom: callback listening/, 'stderr').then(() => {
      const port = /"port":(\d+)[^\n]*wecom: callback listening/.exec(p.stderr())?.[1];
      return `http://127.0.0.1:${port}`;
    });
    return { p, base };
  };

  /** POSTs a text message to the app callback, encrypted and signed as WeCom does. */
  const crypto = new WecomCrypto(token, key, api.corpId);
  let nonce = 0;
  const postText = (base: string, from: string, content: string, msgId: string) => {
    const inner = `<FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID>`;
    const encrypt = crypto.encrypt(`<xml><ToUserName><![CDATA[${api.corpId}]]></ToUserName>${inner}</xml>`);
    const ts = String(Math.floor(Date.now() / 1000));
    const n = String(++nonce);
    return fetch(
      `${base}/wecom/callback?msg_signature=${crypto.sign(ts, n, encrypt)}&timestamp=${ts}&nonce=${n}`,
      {
        method: 'POST',
        body: `<xml><ToUserName><![CDATA[${api.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`,
      },
    );
  };

  it('handles after a restart every check-in that was answered 200, each once', async () => {
    const dataDir = tempDataDir(ROSTER);
    const first = start(dataDir);
    const base = await first.base;
    await first.p.waitFor('inbox: messages received before the restart handled', 'stderr');
    const accepted: string[] = [];
    let n = 0;
    let killed = false;
    // 20 liaisons post check-ins as fast as the bot takes them; the bot is killed after the 150th 200
    await Promise.all(
      Array.from({ length: 20 }, async (_, w) => {
        while (!killed && n < 2000) {
          const i = n++;
          const msgId = String(7_100_000_000_000_000_000n + BigInt(i));
          const r = await postText(
            base,
            `edu${w}`,
            `任务${(i % 20) + 1} 进度${i % 101}% 推进中`,
            msgId,
          ).catch(() => undefined);
          if (r?.status === 200) {
            accepted.push(`wecom:${msgId}`);
            if (accepted.length === 150 && !killed) {
              killed = true;
              first.p.child.kill('SIGKILL');
            }
          }
        }
      }),
    );
    expect((await first.p.exited).signal).toBe('SIGKILL');
    const between = await FileStore.open(dataDir, { readOnly: true });
    const waiting = Object.keys(between.data.inbox).length;
    const storedBefore = between.data.checkins.length;

    const second = start(dataDir);
    await second.p.waitFor('inbox: messages received before the restart handled', 'stderr');
    second.p.child.kill('SIGTERM');
    expect((await second.p.exited).code).toBe(0);
    const after = await FileStore.open(dataDir, { readOnly: true });
    const stored = after.data.checkins.map((c) => c.msgId);
    const lost = accepted.filter((id) => !stored.includes(id));
    expect(lost).toEqual([]);
    expect(new Set(stored).size).toBe(stored.length);
    expect(Object.keys(after.data.inbox)).toEqual([]);
    process.stdout.write(
      `kill -9 after 200 (real process, WeCom callback, 20 concurrent senders): ${accepted.length} answered 200, ${storedBefore} stored before the kill, ${waiting} in the inbox at the kill and handled after the restart, 0 lost, 0 twice (${path.basename(dataDir)})\n`,
    );
  }, 120_000);

  it('answers a group question to the AI bot on its response_url, also when the running bot queues the answer', async () => {
    const dataDir = tempDataDir(ROSTER);
    const s = start(dataDir);
    const base = await s.base;
    try {
      const bc = new WecomCrypto(bot.token, bot.key, '');
      const encrypt = bc.encrypt(
        JSON.stringify({
          msgid: 'aibot-msg-1',
          aibotid: 'AIBOT',
          chatid: 'wrGroupKill',
          chattype: 'group',
          response_url: `${api.url}/cgi-bin/aibot/response?response_code=kill-rc-1`,
          from: { userid: 'ZhangSan' },
          msgtype: 'text',
          text: { content: '@方案助手 任务14谁负责' },
        }),
      );
      const r = await fetch(
        `${base}/wecom/bot?msg_signature=${bc.sign('1', '2', encrypt)}&timestamp=1&nonce=2`,
        {
          method: 'POST',
          body: JSON.stringify({ encrypt }),
        },
      );
      expect(r.status).toBe(200);
      for (let i = 0; i < 100 && api.botReplies.length === 0; i++)
        await new Promise((res) => setTimeout(res, 100));
      expect(api.botReplies.map((b) => b.code)).toEqual(['kill-rc-1']);
      expect(JSON.stringify(api.botReplies[0]?.body)).toContain('县发改局');
      // nothing went to a group id through the app
      expect(api.sent().filter((m) => m.touser === 'wrGroupKill')).toEqual([]);
    } finally {
      s.p.child.kill('SIGTERM');
      await s.p.exited;
    }
  }, 60_000);
});
