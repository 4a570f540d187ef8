import path from 'node:path';
import { z } from 'zod';
import { configProblems } from '../../src/config.js';
import { UserError } from '../../src/user-error.js';

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
  /** Minimum gap between two sends, ms, and random extra up to jitter ms. */
  sendGapMs: number;
  sendJitterMs: number;
}

const schema = z.object({
  WECHATY_PUPPET: z.string().min(1),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().min(1).optional(),
  PLAN_BOT_WECHAT_GAP_MS: z.coerce.number().int().min(0).default(1500),
  PLAN_BOT_WECHAT_JITTER_MS: z.coerce.number().int().min(0).default(800),
});

/** True when WeChat should start (a puppet is named). */
export function wechatConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.WECHATY_PUPPET);
}

/** Reads the WeChat variables; a service puppet without its token is refused with a fix-it message. */
export function loadWechatConfig(env: NodeJS.ProcessEnv, dataDir: string): WechatConfig {
  const r = schema.safeParse(env);
  const problems = r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  if (r.success && /puppet-service/.test(r.data.WECHATY_PUPPET) && !r.data.WECHATY_PUPPET_SERVICE_TOKEN) {
    problems.push(
      'WECHATY_PUPPET_SERVICE_TOKEN: required by wechaty-puppet-service (the token from your puppet provider)',
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
    sendGapMs: d.PLAN_BOT_WECHAT_GAP_MS,
    sendJitterMs: d.PLAN_BOT_WECHAT_JITTER_MS,
  };
}
