import type { Address } from '../shared/types.js';

/** A message the platform refused for good (bot not in the chat, user outside the app's 可用范围 …). */
export interface Undelivered {
  to: Address;
  /** The start of the text that was not delivered. */
  text: string;
  /** The platform's reason, e.g. "230002 Bot is not in the chat". */
  reason: string;
  at: Date;
}

/**
 * Messages that could not be delivered since the last digest, so that admins learn of them in the weekly digest
 * instead of prompts vanishing. In memory and bounded: a restart forgets them (the log keeps every one).
 */
export class DeliveryFailures {
  private readonly items: Undelivered[] = [];

  constructor(private readonly limit = 200) {}

  /** Remembers one failure. */
  add(f: Undelivered): void {
    this.items.push(f);
    if (this.items.length > this.limit) this.items.shift();
  }

  /** How many are waiting for the next digest. */
  get size(): number {
    return this.items.length;
  }

  /**
   * The digest's section on undelivered messages (empty when none), and forgets them; `whoIs` names the address
   * (a liaison of a unit, a unit's group) where the roster knows it.
   */
  drainText(whoIs: (to: Address) => string | undefined = () => undefined): string {
    if (this.items.length === 0) return '';
    const lines = this.items.map((f) => {
      const id = f.to.userId ? `用户 ${f.to.platform}:${f.to.userId}` : `群 ${f.to.platform}:${f.to.chatId}`;
      const who = whoIs(f.to);
      const where = who ? `${who}（${id}）` : id;
      return `• ${where}：${f.text.split('\n')[0]?.slice(0, 40) ?? ''}…（${f.reason}）`;
    });
    this.items.length = 0;
    return `\n\n【未能送达的消息】${lines.length}条（请检查机器人是否在群内、用户是否在应用的可用范围内）：\n${lines.join('\n')}`;
  }
}
