import type * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../src/core/logger.js';
import { describeError } from '../shared/with-retry.js';
import { larkCode } from './lark-errors.js';

/** Codes that mean the app may not read the contact at all (the scope is missing). */
const DENIED = new Set([99991672, 99991679]);

/**
 * Display names of Lark users from the contact API (contact.v3.user.get, scope contact:user.base:readonly), so that
 * check-ins and exports carry a name rather than an open_id. Cached per open_id; when the app lacks the permission
 * the first refusal is logged once and no further lookups are made. Never throws: no name is a fine answer.
 */
export class UserNames {
  private readonly names = new Map<string, string>();
  /** Users the API gave no name for (outside the app's contact range, 41050): not asked again. */
  private readonly nameless = new Set<string>();
  private denied = false;

  constructor(
    private readonly client: () => lark.Client,
    private readonly log: Logger,
    private readonly limit = 5000,
  ) {}

  /** A name already known, without asking the API (for answers that must be quick). */
  cached(openId: string): string | undefined {
    return this.names.get(openId);
  }

  /** The user's name, from the cache or the contact API; undefined when unknown or not permitted. */
  async nameOf(openId: string): Promise<string | undefined> {
    const known = this.names.get(openId);
    if (known || this.denied || this.nameless.has(openId)) return known;
    try {
      const r = await this.client().contact.user.get({
        path: { user_id: openId },
        params: { user_id_type: 'open_id' },
      });
      const name = r?.code === 0 || r?.code === undefined ? r?.data?.user?.name : undefined;
      if (r?.code && DENIED.has(r.code)) this.deny(r.code);
      if (!name) {
        this.remember(this.nameless, openId);
        return undefined;
      }
      if (this.names.size >= this.limit) this.names.delete(this.names.keys().next().value as string);
      this.names.set(openId, name);
      return name;
    } catch (err) {
      const code = larkCode(err);
      if (code !== undefined && DENIED.has(code)) this.deny(code);
      else if (code !== undefined) this.remember(this.nameless, openId);
      else this.log.debug({ err: describeError(err) }, 'lark: user name lookup failed');
      return undefined;
    }
  }

  private remember(set: Set<string>, id: string): void {
    if (set.size >= this.limit) set.delete(set.values().next().value as string);
    set.add(id);
  }

  private deny(code: number): void {
    this.denied = true;
    this.log.warn(
      { code },
      'lark: no permission to read user names (contact:user.base:readonly); check-ins will show open_ids unless the roster names them',
    );
  }
}
