import { randomBytes } from 'node:crypto';
import { WecomAdapter, type WecomAdapterOptions } from '../../../adapters/wecom/wecom-adapter.js';
import type { WecomConfig } from '../../../adapters/wecom/wecom-config.js';
import { WecomCrypto } from '../../../adapters/wecom/wecom-crypto.js';
import type { PlanSet } from '../../../src/knowledge/plan-set.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { tempBot } from '../../helpers/temp-bot.js';
import { FakeWecomApi } from './fake-wecom-api.js';

/** A random 43-character EncodingAESKey. */
export const aesKey = (): string => randomBytes(32).toString('base64').slice(0, 43);

/** The app's settings against a fake API: port 0 and the default path. */
export function wecomConfig(api: FakeWecomApi, over: Partial<WecomConfig> = {}): WecomConfig {
  return {
    corpId: api.corpId,
    agentId: '1000002',
    secret: api.secret,
    token: 'appToken',
    encodingAesKey: aesKey(),
    apiBase: api.url,
    port: 0,
    path: '/wecom/callback',
    ...over,
  };
}

/**
 * The real WeCom adapter on 127.0.0.1 against a fresh fake API, with a core on a temp store: 王会计 (WangKuaiJi)
 * is 县财政局's liaison and DuChaShi an admin, both by WeCom userid.
 */
export async function startWecom(
  o: { cfg?: Partial<WecomConfig>; opts?: WecomAdapterOptions; plans?: PlanSet } = {},
) {
  const api = await new FakeWecomApi().start();
  const bot = await tempBot({
    roster: [
      {
        unit: '县财政局',
        members: [{ platform: 'wecom', id: 'WangKuaiJi', name: '王会计', role: 'liaison' }],
      },
    ],
    admins: ['wecom:DuChaShi'],
    ...(o.plans ? { plans: o.plans } : {}),
  });
  const cfg = wecomConfig(api, o.cfg);
  const log = captureLogger();
  const adapter = new WecomAdapter(cfg, log, {
    host: '127.0.0.1',
    dataDir: bot.dataDir,
    retryBaseMs: 1,
    ...o.opts,
  });
  await adapter.start(bot.core);
  const stop = async () => {
    await adapter.stop();
    await api.stop();
  };
  return { api, bot, cfg, log, adapter, stop };
}

/** POSTs messages to the adapter's callback as WeCom does: the XML encrypted and signed by the real scheme. */
export function wecomPoster(adapter: WecomAdapter, cfg: WecomConfig) {
  const crypto = new WecomCrypto(cfg.token, cfg.encodingAesKey, cfg.corpId);
  const base = `http://127.0.0.1:${adapter.port()}${cfg.path}`;
  let nonce = 0;
  return (fields: Record<string, string | number>, o: { forge?: boolean } = {}) => {
    const inner = Object.entries(fields)
      .map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
      .join('');
    const encrypt = crypto.encrypt(`<xml><ToUserName><![CDATA[${cfg.corpId}]]></ToUserName>${inner}</xml>`);
    const ts = String(Math.floor(Date.now() / 1000));
    const n = String(++nonce);
    const sig = o.forge ? 'f'.repeat(40) : crypto.sign(ts, n, encrypt);
    return fetch(`${base}?msg_signature=${sig}&timestamp=${ts}&nonce=${n}`, {
      method: 'POST',
      body: `<xml><ToUserName><![CDATA[${cfg.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[${cfg.agentId}]]></AgentID></xml>`,
    });
  };
}
