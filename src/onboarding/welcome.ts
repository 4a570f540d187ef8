import type { Logger } from '../core/logger.js';
import type { Knowledge } from '../knowledge/schema.js';
import type { ActionButton, Outgoing, Platform } from '../shared/types.js';
import type { Store } from '../store/store.js';

/** Where a welcome goes: a group the bot was just added to, or a direct chat a user opened. */
export interface WelcomeTarget {
  platform: Platform;
  chatId: string;
  chatType: 'group' | 'direct';
  /** The user who opened the direct chat. */
  userId?: string;
}

/** Buttons of the welcome card: each asks the bot what its label says. */
export const WELCOME_BUTTONS: ActionButton[] = [
  { label: '使用帮助', say: '帮助' },
  { label: '我的ID', say: '我的ID' },
  { label: '填报本周进度', say: '填报' },
  { label: '任务进度总览', say: '任务进度总览' },
];

/** The welcome and help message for a new group or a newly opened direct chat. */
export function welcome(kb: Knowledge | readonly Knowledge[], t: WelcomeTarget): Outgoing[] {
  const kbs = Array.isArray(kb) ? kb : [kb as Knowledge];
  const one = (k: Knowledge) => `《${k.document.title}》（${k.document.docNumber}）`;
  const doc =
    kbs.length === 1 ? one(kbs[0] as Knowledge) : `${kbs.length}个方案（${kbs.map(one).join('、')}）`;
  const lines =
    t.chatType === 'group'
      ? [
          `大家好，我是${doc}的助手。在群里提问请 @我，例如：@我 任务14谁负责。`,
          '单位联络员可以 @我 汇报本周进展：任务14 进度60% 已召开校企座谈会。',
          '发送“我的ID”可查看自己和本群的ID；管理员发送“绑定本群 单位名称”可把本群设为该单位的工作群。',
        ]
      : [
          `您好，我是${doc}的助手。可以直接问我方案内容，例如：任务14谁负责、县财政局负责哪些任务。`,
          '单位联络员可在这里汇报每周进展：任务14 进度60% 已召开校企座谈会；发送“填报”可用表单填写。',
          '发送“我的ID”查看您的ID（管理员绑定单位时需要），“帮助”查看全部用法。',
        ];
  return [
    { to: { platform: t.platform, chatId: t.chatId }, text: lines.join('\n'), buttons: WELCOME_BUTTONS },
  ];
}

/**
 * The welcome, once per chat: Lark sends the direct-chat event every time the chat is opened, so a chat already
 * welcomed (remembered with the processed message ids) gets nothing.
 */
export function welcomeOnce(
  kb: Knowledge | (() => readonly Knowledge[]),
  store: Store,
  log: Logger,
): (t: WelcomeTarget) => Promise<Outgoing[]> {
  return async (t) => {
    const key = `welcome:${t.platform}:${t.chatId}`;
    if (!store.markSeen(key)) return [];
    store.settle(key);
    store.commitSoon((err: unknown) => log.warn({ err }, 'could not save welcome state'));
    return welcome(typeof kb === 'function' ? kb() : kb, t);
  };
}
