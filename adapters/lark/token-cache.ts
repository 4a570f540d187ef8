import type * as lark from '@larksuiteoapi/node-sdk';

type Key = Parameters<lark.Cache['get']>[0];

/**
 * The SDK's token cache (same contract as lark.DefaultCache: entries per namespace, absolute expiry in ms), one
 * per adapter, that can be cleared: the SDK keeps using a token the server called invalid (99991663) or expired
 * (99991668) until its own expiry.
 */
export class TokenCache implements lark.Cache {
  private readonly values = new Map<string, Map<Key, { value: unknown; expire?: number }>>();

  async get(key: Key, o?: { namespace?: string }): Promise<unknown> {
    const v = this.values.get(o?.namespace ?? '')?.get(key);
    if (!v || (v.expire && v.expire <= Date.now())) return undefined;
    return v.value;
  }

  async set(key: Key, value: unknown, expire?: number, o?: { namespace?: string }): Promise<boolean> {
    const ns = o?.namespace ?? '';
    let m = this.values.get(ns);
    if (!m) {
      m = new Map();
      this.values.set(ns, m);
    }
    m.set(key, { value, ...(expire ? { expire } : {}) });
    return true;
  }

  /** Forgets every cached token, so the next call fetches a new one. */
  clear(): void {
    this.values.clear();
  }
}
