import { z } from 'zod';
import { configProblems } from '../../src/config.js';
import { UserError } from '../../src/user-error.js';

/** Raised with every bad WeCom variable and how to fix it. */
export class WecomConfigError extends UserError {}

/** WeCom 自建应用 settings from the environment. */
export interface WecomConfig {
  corpId: string;
  agentId: string;
  secret: string;
  /** Token and EncodingAESKey chosen on the app's 接收消息 (callback) page. */
  token: string;
  encodingAesKey: string;
  /** https://qyapi.weixin.qq.com, or a local fake in tests. */
  apiBase: string;
  port: number;
  path: string;
  /** The 智能机器人 (AI bot) callback for groups, when its Token and EncodingAESKey are set. */
  bot?: { token: string; encodingAesKey: string; path: string };
}

const schema = z.object({
  WECOM_CORP_ID: z.string().min(1),
  WECOM_AGENT_ID: z.string().regex(/^\d+$/, '应为应用的数字 AgentId（应用管理 › 应用）'),
  WECOM_SECRET: z.string().min(1, '必填：应用的 Secret（应用管理 › 应用 › Secret）'),
  WECOM_TOKEN: z.string().min(1, '必填：应用接收消息页面上的 Token（接收消息 › 设置API接收）'),
  WECOM_ENCODING_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, '应为应用接收消息页面上 43 个字符的 EncodingAESKey'),
  WECOM_API_BASE: z
    .string()
    .regex(/^https?:\/\/[^/]+$/, '应为不带路径、末尾不带斜杠的网址')
    .default('https://qyapi.weixin.qq.com'),
  WECOM_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  WECOM_PATH: z.string().startsWith('/').default('/wecom/callback'),
  WECOM_BOT_TOKEN: z.string().min(1).optional(),
  WECOM_BOT_ENCODING_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, '应为智能机器人（API 模式）43 个字符的 EncodingAESKey')
    .optional(),
  WECOM_BOT_PATH: z.string().startsWith('/').default('/wecom/bot'),
});

/** True when WeCom should start (WECOM_CORP_ID is set). */
export function wecomConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.WECOM_CORP_ID);
}

/** Reads and checks the WeCom variables; one error lists every problem. */
export function loadWecomConfig(env: NodeJS.ProcessEnv): WecomConfig {
  const r = schema.safeParse(env);
  const problems = r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}：${i.message}`);
  if (r.success && Boolean(r.data.WECOM_BOT_TOKEN) !== Boolean(r.data.WECOM_BOT_ENCODING_AES_KEY)) {
    problems.push('WECOM_BOT_TOKEN、WECOM_BOT_ENCODING_AES_KEY：智能机器人需要两者都设置，或都不设置');
  }
  if (r.success && r.data.WECOM_BOT_PATH === r.data.WECOM_PATH) {
    problems.push('WECOM_BOT_PATH：必须与 WECOM_PATH 不同');
  }
  if (!r.success || problems.length) throw new WecomConfigError(configProblems('WeCom', problems));
  const d = r.data;
  return {
    corpId: d.WECOM_CORP_ID,
    agentId: d.WECOM_AGENT_ID,
    secret: d.WECOM_SECRET,
    token: d.WECOM_TOKEN,
    encodingAesKey: d.WECOM_ENCODING_AES_KEY,
    apiBase: d.WECOM_API_BASE,
    port: d.WECOM_PORT,
    path: d.WECOM_PATH,
    ...(d.WECOM_BOT_TOKEN && d.WECOM_BOT_ENCODING_AES_KEY
      ? {
          bot: {
            token: d.WECOM_BOT_TOKEN,
            encodingAesKey: d.WECOM_BOT_ENCODING_AES_KEY,
            path: d.WECOM_BOT_PATH,
          },
        }
      : {}),
  };
}
