import { z } from 'zod';
import { configProblems } from '../../src/config.js';
import { UserError } from '../../src/user-error.js';

/** Raised with every bad Lark variable and how to fix it. */
export class LarkConfigError extends UserError {}

/** Lark/Feishu settings from the environment. */
export interface LarkConfig {
  appId: string;
  appSecret: string;
  mode: 'ws' | 'webhook';
  encryptKey?: string;
  verificationToken?: string;
  /** 'feishu', 'lark', or a base URL such as http://127.0.0.1:8080 (tests). */
  domain: string;
  webhookPort: number;
  webhookPath: string;
  /**
   * `mention` (default): in groups only messages that @ the bot are handled. `unit-chat`: plain replies are passed
   * on too, and the core accepts them only from a bound member in their unit's own chat, as a report or evidence.
   * Needs the sensitive scope im:message.group_msg, without which Lark never sends them.
   */
  groupReplies: 'mention' | 'unit-chat';
}

const schema = z.object({
  LARK_APP_ID: z.string().min(1),
  LARK_APP_SECRET: z.string().min(1),
  LARK_MODE: z.enum(['ws', 'webhook']).default('ws'),
  LARK_ENCRYPT_KEY: z.string().min(1).optional(),
  LARK_VERIFICATION_TOKEN: z.string().min(1).optional(),
  LARK_DOMAIN: z
    .string()
    .default('feishu')
    .refine((d) => d === 'feishu' || d === 'lark' || /^https?:\/\/[^/]+(?:\/.*[^/])?$/.test(d), {
      message: '应为 feishu、lark，或末尾不带斜杠的网址',
    }),
  LARK_WEBHOOK_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LARK_WEBHOOK_PATH: z.string().startsWith('/').default('/lark/events'),
  LARK_GROUP_REPLIES: z.enum(['mention', 'unit-chat']).default('mention'),
});

/** True when Lark credentials are present, i.e. Lark should start. */
export function larkConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.LARK_APP_ID || env.LARK_APP_SECRET);
}

/** Reads and checks the Lark variables; webhook mode without an encrypt key is refused with a fix-it message. */
export function loadLarkConfig(env: NodeJS.ProcessEnv): LarkConfig {
  const r = schema.safeParse(env);
  const problems = r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}：${i.message}`);
  if (r.success && r.data.LARK_MODE === 'webhook' && !r.data.LARK_ENCRYPT_KEY) {
    problems.push(
      'LARK_ENCRYPT_KEY：webhook 模式必须设置，否则伪造的事件也会被接受。请把飞书开发者后台 › 事件与回调 › 加密策略中的“Encrypt Key”填入设置文件，或改用 LARK_MODE=ws（长连接）',
    );
  }
  if (!r.success || problems.length) {
    throw new LarkConfigError(configProblems('Lark', problems));
  }
  const d = r.data;
  return {
    appId: d.LARK_APP_ID,
    appSecret: d.LARK_APP_SECRET,
    mode: d.LARK_MODE,
    ...(d.LARK_ENCRYPT_KEY ? { encryptKey: d.LARK_ENCRYPT_KEY } : {}),
    ...(d.LARK_VERIFICATION_TOKEN ? { verificationToken: d.LARK_VERIFICATION_TOKEN } : {}),
    domain: d.LARK_DOMAIN,
    webhookPort: d.LARK_WEBHOOK_PORT,
    webhookPath: d.LARK_WEBHOOK_PATH,
    groupReplies: d.LARK_GROUP_REPLIES,
  };
}
