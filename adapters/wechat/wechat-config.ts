import path from 'node:path';
import { z } from 'zod';
import { configProblems } from '../../src/config.js';
import { UserError } from '../../src/user-error.js';
import { type IdPolicy, idPolicyFor } from './identity.js';

/** Raised with every bad WeChat variable. */
export class WechatConfigError extends UserError {}

/** WeChat (wechaty) settings. */
export interface WechatConfig {
  /** npm name of the puppet (WECHATY_PUPPET). */
  puppet: string;
  /** Token of a puppet service (WeCom WorkPro, pad protocols). */
  token?: string;
  /** Session name: wechaty keeps the login in `<name>.memory-card.json`, here inside the data directory. */
  sessionName: string;
  /** Where the login QR code PNG is written (the data directory); none: terminal only. */
  dataDir?: string;
  /** Minimum gap between two sends, ms, and random extra up to jitter ms. */
  sendGapMs: number;
  sendJitterMs: number;
  /** How people and rooms are named to the core (see identity.ts); default from the puppet. */
  ids?: IdPolicy;
  /** Longest text part in UTF-8 bytes; default from the puppet (2,048 for WeCom-based ones). */
  maxBytes?: number;
}

/** Puppets that cannot log in without a token from their provider. */
const NEEDS_TOKEN = /wechaty-puppet-service|padlocal|workpro|@juzi/i;
/** Puppets that speak to WeCom (企业微信) underneath, which cuts text at 2,048 bytes. */
const WECOM_BASED = /wxwork|workpro|@juzi|wechaty-puppet-service/i;

const schema = z.object({
  WECHATY_PUPPET: z.string().min(1),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().min(1).optional(),
  PLAN_BOT_WECHAT_GAP_MS: z.coerce.number().int().min(0).default(1500),
  PLAN_BOT_WECHAT_JITTER_MS: z.coerce.number().int().min(0).default(800),
  PLAN_BOT_WECHAT_IDS: z.enum(['puppet', 'alias']).optional(),
  PLAN_BOT_WECHAT_MAX_BYTES: z.coerce.number().int().min(256).optional(),
});

/** True when WeChat should start (a puppet is named). */
export function wechatConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.WECHATY_PUPPET);
}

/** Text limit in bytes for a puppet: WeCom-based puppets 2,048, personal WeChat 4,096 (no published limit). */
export function maxBytesFor(puppet: string): number {
  return WECOM_BASED.test(puppet) ? 2048 : 4096;
}

/** Reads the WeChat variables; a puppet that needs a token and has none is refused with a fix-it message. */
export function loadWechatConfig(env: NodeJS.ProcessEnv, dataDir: string): WechatConfig {
  const r = schema.safeParse(env);
  const problems = r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}：${i.message}`);
  if (r.success && NEEDS_TOKEN.test(r.data.WECHATY_PUPPET) && !r.data.WECHATY_PUPPET_SERVICE_TOKEN) {
    problems.push(
      `WECHATY_PUPPET_SERVICE_TOKEN：${r.data.WECHATY_PUPPET} 需要它（puppet 服务商提供的 token）`,
    );
  }
  if (!r.success || problems.length) {
    throw new WechatConfigError(configProblems('WeChat', problems));
  }
  const d = r.data;
  return {
    puppet: d.WECHATY_PUPPET,
    ...(d.WECHATY_PUPPET_SERVICE_TOKEN ? { token: d.WECHATY_PUPPET_SERVICE_TOKEN } : {}),
    sessionName: path.join(dataDir, 'wechat-session'),
    dataDir,
    sendGapMs: d.PLAN_BOT_WECHAT_GAP_MS,
    sendJitterMs: d.PLAN_BOT_WECHAT_JITTER_MS,
    ids: d.PLAN_BOT_WECHAT_IDS ?? idPolicyFor(d.WECHATY_PUPPET),
    maxBytes: d.PLAN_BOT_WECHAT_MAX_BYTES ?? maxBytesFor(d.WECHATY_PUPPET),
  };
}

/** Checks that the puppet module can be loaded, with a fix-it message instead of a stack trace. */
export async function checkPuppetLoads(puppet: string): Promise<void> {
  try {
    await import(puppet);
  } catch (err) {
    const missing =
      (err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' &&
      String((err as Error).message).includes(`'${puppet}'`);
    throw new WechatConfigError(
      configProblems('WeChat', [
        missing
          ? `WECHATY_PUPPET：没有安装 puppet 模块“${puppet}”；请在 plan-bot 旁安装它（npm install ${puppet}），或换一个 puppet`
          : `WECHATY_PUPPET：puppet 模块“${puppet}”加载失败：${String((err as Error).message ?? err).split('\n')[0]}`,
      ]),
    );
  }
}
