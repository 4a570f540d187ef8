import { larkConfigured } from '../../adapters/lark/lark-config.js';
import { wechatConfigured } from '../../adapters/wechat/wechat-config.js';
import { wecomConfigured } from '../../adapters/wecom/wecom-config.js';

/** The chat platforms the environment configures, e.g. ["lark (ws)", "wechat (wechaty-puppet-wechat4u)", "wecom"]; none means the console. */
export function configuredAdapters(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  if (larkConfigured(env)) out.push(`lark (${env.LARK_MODE || 'ws'})`);
  if (wechatConfigured(env)) out.push(`wechat (${env.WECHATY_PUPPET})`);
  if (wecomConfigured(env)) out.push('wecom');
  return out.length ? out : ['console'];
}
