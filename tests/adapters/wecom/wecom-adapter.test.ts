import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WecomAdapter, type WecomAdapterOptions } from '../../../adapters/wecom/wecom-adapter.js';
import { loadWecomConfig, type WecomConfig, WecomConfigError } from '../../../adapters/wecom/wecom-config.js';
import { WecomCrypto } from '../../../adapters/wecom/wecom-crypto.js';
import { silentLogger } from '../../../src/core/logger.js';
import { platformAdapters } from '../../../src/run-bot.js';
import { TASK14_UNITS } from '../../helpers/temp-bot.js';
import { FakeWecomApi } from './fake-wecom-api.js';
import { startWecom, wecomConfig, wecomPoster } from './wecom-fixture.js';

const AGENT = '1000002';

/** The real adapter on 127.0.0.1 against the fake API, with a core on a temp store. */
async function world(over: { cfg?: Partial<WecomConfig>; opts?: WecomAdapterOptions } = {}) {
  const { api, bot, cfg, log, adapter, stop } = await startWecom(over);
  current = { stop };
  const base = `http://127.0.0.1:${adapter.port()}${cfg.path}`;
  const crypto = new WecomCrypto(cfg.token, cfg.encodingAesKey, cfg.corpId);
  const send = wecomPoster(adapter, cfg);
  const post = async (fields: Record<string, string | number>, o: { forge?: boolean } = {}) => {
    const res = await send(fields, o);
    await adapter.idle();
    return res;
  };
  let msgSeq = 7_000_000_000_000_000_000n;
  const text = (from: string, content: string, msgId = String(++msgSeq)) =>
    post({
      FromUserName: from,
      CreateTime: 1623031200,
      MsgType: 'text',
      Content: content,
      MsgId: msgId,
      AgentID: Number(AGENT),
    });
  return { api, bot, cfg, log, adapter, base, crypto, post, text };
}

let current: { stop: () => Promise<void> } | undefined;
afterEach(async () => {
  await current?.stop();
  current = undefined;
});

describe('WeCom adapter against a fake WeCom API, over HTTP with the real crypto', () => {
  it('answers the callback URL check with the decrypted echostr (the official sample vector)', async () => {
    const w = await world({
      cfg: {
        token: 'QDG6eK',
        encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
        corpId: 'wx5823bf96d3bd56c7',
      },
    });
    const echostr =
      'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
    const q = `timestamp=1409659589&nonce=263014780&echostr=${encodeURIComponent(echostr)}`;
    const ok = await fetch(`${w.base}?msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&${q}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1616140317555161061');
    const bad = await fetch(`${w.base}?msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4&${q}`);
    expect(bad.status).toBe(401);
    expect(await bad.text()).toBe('');
  });

  it('takes the official sample message (POST vector) and answers its sender', async () => {
    const w = await world({
      cfg: {
        token: 'QDG6eK',
        encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
        corpId: 'wx5823bf96d3bd56c7',
        agentId: '218',
      },
    });
    const encrypt =
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
    // the fake API stands for this corp and app
    w.api.corpId = 'wx5823bf96d3bd56c7';
    const res = await fetch(
      `${w.base}?msg_signature=477715d11cdb4164915debcba66cb864d751f3e6&timestamp=1409659813&nonce=1372623149`,
      {
        method: 'POST',
        body: `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`,
      },
    );
    expect(res.status).toBe(200);
    await w.adapter.idle();
    // "hello" from userid mycreate, MsgId 4561255354251345929: answered by message/send to mycreate from app 218
    expect(w.api.sent()).toMatchObject([{ touser: 'mycreate', agentid: 218, msgtype: 'text' }]);
  });

  it('refuses a forged signature with 401 and processes nothing', async () => {
    const w = await world();
    const res = await w.post(
      {
        FromUserName: 'DuChaShi',
        CreateTime: 1,
        MsgType: 'text',
        Content: '任务14谁负责',
        MsgId: '1',
        AgentID: 1000002,
      },
      { forge: true },
    );
    expect(res.status).toBe(401);
    expect(w.api.requests).toHaveLength(0);
    expect(w.log.lines.some((l) => l.includes('bad msg_signature'))).toBe(true);
    // the same message correctly signed is then handled: the refusal did not mark it as seen
    expect((await w.text('DuChaShi', '任务14谁负责', '1')).status).toBe(200);
    expect(w.api.texts()).toHaveLength(1);
  });

  it('answers a question by message/send to the asker, with the agentid and a cached token', async () => {
    const w = await world();
    const res = await w.text('ZhangSan', '任务14谁负责');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const [m] = w.api.sent();
    expect(m).toMatchObject({ touser: 'ZhangSan', msgtype: 'text', agentid: 1000002 });
    for (const u of TASK14_UNITS) expect(JSON.stringify(m)).toContain(u);
    await w.text('ZhangSan', '文号');
    expect(w.api.texts()).toHaveLength(2);
    expect(w.api.count('/cgi-bin/gettoken')).toBe(1);
    expect(w.log.lines.join('\n')).not.toContain(w.api.secret);
    expect(w.log.lines.join('\n')).not.toContain('tok-1');
  });

  it('handles the same MsgId once (WeCom retries when it gets no answer in 5 s)', async () => {
    const w = await world();
    await w.text('ZhangSan', '任务14谁负责', '4561255354251345929');
    await w.text('ZhangSan', '任务14谁负责', '4561255354251345929');
    expect(w.api.texts()).toHaveLength(1);
    expect(w.log.lines.some((l) => l.includes('duplicate message ignored'))).toBe(true);
  });

  it('answers WeCom at once (an empty 200) and handles the message afterwards', async () => {
    const api = await new FakeWecomApi().start();
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const handled: string[] = [];
    const core = {
      handle: async (m: { text: string }) => {
        await gate;
        handled.push(m.text);
        return [];
      },
    };
    const cfg = wecomConfig(api);
    const adapter = new WecomAdapter(cfg, silentLogger, { host: '127.0.0.1' });
    await adapter.start(core);
    try {
      const res = await wecomPoster(
        adapter,
        cfg,
      )({
        FromUserName: 'ZhangSan',
        CreateTime: 1,
        MsgType: 'text',
        Content: '任务14谁负责',
        MsgId: '1',
        AgentID: 1000002,
      });
      expect(res.status).toBe(200);
      expect(handled).toEqual([]); // answered while the core is still working
      release();
      await adapter.idle();
      expect(handled).toEqual(['任务14谁负责']);
    } finally {
      await adapter.stop();
      await api.stop();
    }
  });

  it('keeps the access_token for its expires_in, then fetches a new one', async () => {
    let t = 1_000_000;
    const w = await world({ opts: { now: () => t } });
    await w.text('ZhangSan', '文号');
    t += 7000_000;
    await w.text('ZhangSan', '文号？');
    expect(w.api.count('/cgi-bin/gettoken')).toBe(1);
    t += 200_000; // past 7,200 s (renewed a minute early)
    await w.text('ZhangSan', '发文字号');
    expect(w.api.count('/cgi-bin/gettoken')).toBe(2);
    expect(w.api.texts()).toHaveLength(3);
  });

  it("records a bound liaison's check-in under wecom:<userid> and confirms it", async () => {
    const w = await world();
    await w.text('WangKuaiJi', '任务14 进度60% 已召开校企座谈会');
    expect(w.api.texts()).toEqual([expect.stringContaining('已记录 县财政局')]);
    expect(w.bot.store.data.checkins).toMatchObject([
      { unit: '县财政局', task: 14, progress: 60, by: { platform: 'wecom', id: 'WangKuaiJi' } },
    ]);
  });

  it('fetches a new token once and retries the send when the token expired (42001)', async () => {
    const w = await world();
    await w.text('ZhangSan', '文号');
    w.api.expireTokens();
    await w.text('ZhangSan', '任务14谁负责');
    expect(w.api.texts()).toHaveLength(2);
    expect(w.api.count('/cgi-bin/gettoken')).toBe(2);
    const sends = w.api.requests.filter((r) => r.path === '/cgi-bin/message/send');
    expect(sends.map((r) => r.query.access_token)).toEqual(['tok-1', 'tok-1', 'tok-2']);
    expect(w.log.lines.some((l) => l.includes('access_token rejected'))).toBe(true);
  });

  it("delivers an admin's export: media/upload with the file in the part named media, then msgtype file", async () => {
    const w = await world();
    await w.text('DuChaShi', '导出 csv');
    expect(w.api.uploads).toHaveLength(1);
    const up = w.api.uploads[0] as (typeof w.api.uploads)[number];
    expect(up.part.filename).toMatch(/^plan-bot-.*\.csv$/);
    expect(up.part.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const upload = w.api.requests.find((r) => r.path === '/cgi-bin/media/upload');
    expect(upload?.query.type).toBe('file');
    expect(String(upload?.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    expect(w.api.sent().find((m) => m.msgtype === 'file')).toMatchObject({
      touser: 'DuChaShi',
      agentid: 1000002,
      file: { media_id: up.mediaId },
    });
    await w.text('ZhangSan', '导出');
    expect(w.api.uploads).toHaveLength(1);
    expect(w.api.texts().at(-1)).toContain('只有管理员');
  });

  it('uploads an export once when its send is retried, and tells IT what an unknown IP means', async () => {
    const w = await world();
    w.api.failSends(null, -1); // the text goes through; the file message meets "system busy" once
    await w.adapter.send({
      to: { platform: 'wecom', chatId: 'DuChaShi' },
      text: '导出完成',
      file: { name: 'a.csv', bytes: new Uint8Array([1, 2, 3]) },
    });
    expect(w.api.uploads).toHaveLength(1);
    expect(w.api.sent().map((m) => m.msgtype)).toEqual(['text', 'file']);
    w.api.failSends(60020);
    await expect(
      w.adapter.send({ to: { platform: 'wecom', chatId: 'DuChaShi' }, text: '你好' }),
    ).rejects.toThrow(/企业可信IP/);
    expect(w.log.lines.some((l) => l.includes('wecom send failed') && l.includes('企业可信IP'))).toBe(true);
  });

  it('splits text at 2,048 bytes and retries each part on its own', async () => {
    const w = await world();
    // 12 different lines of about 365 bytes: 4,400 bytes in all
    const long = Array.from({ length: 12 }, (_, i) => `第${i + 1}行${'进度汇报内容'.repeat(20)}`).join('\n');
    w.api.failSends(null, -1); // the second part meets "system busy" once
    await w.adapter.send({ to: { platform: 'wecom', chatId: 'ZhangSan' }, text: long });
    const texts = w.api.texts();
    expect(texts.length).toBeGreaterThan(1);
    for (const t of texts) expect(Buffer.byteLength(t)).toBeLessThanOrEqual(2048);
    expect(texts.join('\n')).toBe(long);
    // the failure was retried alone: every part was accepted exactly once
    expect(new Set(texts).size).toBe(texts.length);
    expect(w.log.lines.some((l) => l.includes('wecom send failed, retrying'))).toBe(true);
  });

  it('sends a member at most 30 messages a minute, other members unaffected', async () => {
    let t = 1_000_000;
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      t += ms;
    };
    const w = await world({ opts: { now: () => t, sleep } });
    const sends = Array.from({ length: 31 }, (_, i) =>
      w.adapter.send({ to: { platform: 'wecom', chatId: 'ZhangSan' }, text: `第${i + 1}条` }),
    );
    await Promise.all(sends);
    expect(w.api.texts()).toHaveLength(31);
    expect(w.api.texts().at(-1)).toBe('第31条');
    expect(waits).toEqual([60_000]);
    await w.adapter.send({ to: { platform: 'wecom', chatId: 'LiSi' }, text: '你好' });
    expect(waits).toEqual([60_000]);
  });

  it("keeps a liaison's photo sent after a report as evidence of that check-in (media/get through the core)", async () => {
    const w = await world();
    await w.text('WangKuaiJi', '任务14 进度60% 已召开校企座谈会');
    w.api.media.set('MEDIA_1', { name: '座谈会.jpg', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) });
    await w.post({
      FromUserName: 'WangKuaiJi',
      CreateTime: 1623031260,
      MsgType: 'image',
      PicUrl: 'http://x/p',
      MediaId: 'MEDIA_1',
      MsgId: '99',
      AgentID: 1000002,
    });
    expect(w.api.count('/cgi-bin/media/get')).toBe(1);
    const [checkin] = w.bot.store.data.checkins;
    expect(checkin?.evidence).toHaveLength(1);
    const kept = path.join(w.bot.dataDir, checkin?.evidence?.[0]?.file ?? '');
    expect(readFileSync(kept)).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    expect(w.api.texts()[1]).toMatch(/任务14/);
  });

  it('downloads nothing from a user who is not bound, and tells them how to bind', async () => {
    const w = await world();
    w.api.media.set('MEDIA_2', { name: 'x.jpg', bytes: Buffer.from('JPEG') });
    await w.post({
      FromUserName: 'ZhangSan',
      CreateTime: 1,
      MsgType: 'image',
      MediaId: 'MEDIA_2',
      MsgId: '98',
      AgentID: 1000002,
    });
    expect(w.api.count('/cgi-bin/media/get')).toBe(0);
    expect(w.api.texts()).toHaveLength(1);
    expect(w.bot.store.data.checkins).toHaveLength(0);
  });

  it('gives "text only" guidance once a day for voice and the like, and ignores events', async () => {
    const w = await world();
    await w.post({
      FromUserName: 'ZhangSan',
      CreateTime: 1,
      MsgType: 'voice',
      MediaId: 'v',
      MsgId: '1',
      AgentID: 1000002,
    });
    await w.post({
      FromUserName: 'ZhangSan',
      CreateTime: 2,
      MsgType: 'voice',
      MediaId: 'v',
      MsgId: '2',
      AgentID: 1000002,
    });
    await w.post({
      FromUserName: 'ZhangSan',
      CreateTime: 3,
      MsgType: 'event',
      Event: 'enter_agent',
      AgentID: 1000002,
    });
    expect(w.api.texts()).toEqual([expect.stringContaining('只支持文字消息')]);
  });

  it('tells a user their id for binding ("我的ID")', async () => {
    const w = await world();
    await w.text('ZhangSan', '我的ID');
    expect(w.api.texts()).toEqual([expect.stringContaining('绑定 单位名称 wecom:ZhangSan 姓名')]);
  });
});

describe('WeCom configuration', () => {
  const env = {
    WECOM_CORP_ID: 'ww1',
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: 's',
    WECOM_TOKEN: 't',
    WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  };
  it('defaults to the real API, port 3001 and /wecom/callback', () => {
    expect(loadWecomConfig(env)).toMatchObject({
      apiBase: 'https://qyapi.weixin.qq.com',
      port: 3001,
      path: '/wecom/callback',
      agentId: '1000002',
    });
  });
  it('lists every bad variable in one message', () => {
    let err: unknown;
    try {
      loadWecomConfig({ WECOM_CORP_ID: 'ww1', WECOM_ENCODING_AES_KEY: 'short' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WecomConfigError);
    for (const v of ['WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY']) {
      expect(String((err as Error).message)).toContain(v);
    }
  });
  it('says which variable to change when WECOM_PORT is taken', async () => {
    const w = await world();
    const second = new WecomAdapter({ ...w.cfg, port: w.adapter.port() }, silentLogger, {
      host: '127.0.0.1',
    });
    const err = await second.start({ handle: async () => [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WecomConfigError);
    expect(String((err as Error).message)).toMatch(/WECOM_PORT.*已被占用/);
  });

  it('starts with the other platforms when WECOM_CORP_ID is set', async () => {
    expect((await platformAdapters(env, '/tmp', silentLogger)).map((a) => a.name)).toEqual(['wecom']);
    expect((await platformAdapters({}, '/tmp', silentLogger)).map((a) => a.name)).toEqual([]);
    await expect(platformAdapters({ WECOM_CORP_ID: 'ww1' }, '/tmp', silentLogger)).rejects.toThrowError(
      WecomConfigError,
    );
  });
});
