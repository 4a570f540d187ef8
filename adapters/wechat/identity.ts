import type { Contact, Room, Wechaty } from 'wechaty';
import type { Logger } from '../../src/core/logger.js';

/**
 * How WeChat people and rooms are named to the core: 'puppet' uses the puppet's ids as they are (pad and
 * WorkPro puppets keep wxid_ / room ids across logins); 'alias' is for puppets whose ids change at each login
 * (wechat4u, the web puppet): a contact is `alias:<备注>` when the bot account has set one (else its weixin id,
 * else the session id), and a room is `topic:<群名>`.
 */
export type IdPolicy = 'puppet' | 'alias';

/** Puppets whose contact and room ids change at every login. */
const UNSTABLE = /wechaty-puppet-wechat4u|wechaty-puppet-wechat$|wechaty-puppet-puppeteer/;

/** The id policy a puppet needs. */
export function idPolicyFor(puppet: string): IdPolicy {
  return UNSTABLE.test(puppet) ? 'alias' : 'puppet';
}

/**
 * Maps the ids the core keeps (roster, admins, chats) to the puppet's current ids and back. The map is rebuilt
 * at every login, so a binding made by 备注 survives a re-login that changed every id.
 */
export class WechatIdentities {
  private contacts = new Map<string, string>();
  private rooms = new Map<string, string>();

  constructor(
    readonly policy: IdPolicy,
    private readonly log: Logger,
  ) {}

  /** The id of a contact as the core knows it. */
  contactKey(c: Contact): string {
    if (this.policy === 'puppet') return c.id;
    const alias = c.payload?.alias?.trim();
    if (alias) return `alias:${alias}`;
    const handle = c.handle()?.trim();
    if (handle) return `weixin:${handle}`;
    return c.id;
  }

  /** True when this key will survive a re-login (always, except a session id on an 'alias' puppet). */
  stable(key: string): boolean {
    return this.policy === 'puppet' || /^(?:alias|weixin|topic):/.test(key);
  }

  /** The id of a room as the core knows it. */
  async roomKey(r: Room): Promise<string> {
    if (this.policy === 'puppet') return r.id;
    return `topic:${(await r.topic()).trim()}`;
  }

  /** Rebuilds both maps from the account's contacts and rooms (call at login). */
  async rebuild(bot: Wechaty): Promise<void> {
    const contacts = new Map<string, string>();
    const rooms = new Map<string, string>();
    for (const c of await bot.Contact.findAll()) {
      const key = this.contactKey(c);
      if (key !== c.id) contacts.set(key, c.id);
    }
    for (const r of await bot.Room.findAll()) {
      const key = await this.roomKey(r);
      if (key !== r.id) rooms.set(key, r.id);
    }
    this.contacts = contacts;
    this.rooms = rooms;
    this.log.info(
      { contacts: contacts.size, rooms: rooms.size, policy: this.policy },
      'wechat: id map rebuilt',
    );
  }

  /** The contact behind a core id, looked up again when the map does not know it yet. */
  async contact(bot: Wechaty, key: string): Promise<Contact | undefined> {
    const id = this.contacts.get(key);
    if (id) return (await bot.Contact.find({ id })) ?? undefined;
    const alias = /^alias:(.+)$/.exec(key)?.[1];
    if (alias) return (await bot.Contact.find({ alias })) ?? undefined;
    return (await bot.Contact.find({ id: key })) ?? undefined;
  }

  /** The room behind a core id. */
  async room(bot: Wechaty, key: string): Promise<Room | undefined> {
    const id = this.rooms.get(key);
    if (id) return (await bot.Room.find({ id })) ?? undefined;
    const topic = /^topic:(.+)$/.exec(key)?.[1];
    if (topic) return (await bot.Room.find({ topic })) ?? undefined;
    // a contact id is not a room: some puppets throw rather than find nothing
    return (await bot.Room.find({ id: key }).catch(() => undefined)) ?? undefined;
  }
}
