import type { Logger } from '../../src/core/logger.js';

/** What to do about the errcodes an installation meets first. */
const HINTS: Record<number, string> = {
  40001: 'check WECOM_SECRET (the app Secret)',
  40013: 'check WECOM_CORP_ID',
  60020: "add this server's public IP to the app's 企业可信IP",
  81013: "the user is outside the app's 可见范围 or not a member",
  301002: "the user is outside the app's 可见范围",
};

/** A WeCom API answer with a non-zero errcode (the API always answers HTTP 200). */
export class WecomApiError extends Error {
  constructor(
    readonly what: string,
    readonly errcode: number,
    errmsg: string,
  ) {
    super(`${what}: errcode ${errcode} ${errmsg}${HINTS[errcode] ? ` (${HINTS[errcode]})` : ''}`);
  }
}

/** errcodes that mean "this access_token is no longer good": 42001 expired, 40014 invalid. */
const STALE_TOKEN = new Set([42001, 40014]);

/** A file downloaded with media/get. */
export interface WecomMedia {
  bytes: Buffer;
  name?: string;
  contentType: string;
}

type Fetch = typeof fetch;

/**
 * The few WeCom server APIs the adapter calls: gettoken (cached for its expires_in, refreshed once and the call
 * retried on 42001/40014), message/send, media/upload and media/get. The token and secret never reach logs.
 */
export class WecomApi {
  private token?: { value: string; expiresAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly o: {
      apiBase: string;
      corpId: string;
      secret: string;
      log: Logger;
      fetch?: Fetch;
      now?: () => number;
    },
  ) {}

  private get fetch(): Fetch {
    return this.o.fetch ?? fetch;
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** A valid access_token: the cached one, or a new one (concurrent callers share one request). */
  async accessToken(force = false): Promise<string> {
    if (!force && this.token && this.token.expiresAt > this.now()) return this.token.value;
    if (!this.pending) {
      this.pending = this.fetchToken().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  private async fetchToken(): Promise<string> {
    const url = new URL('/cgi-bin/gettoken', this.o.apiBase);
    url.searchParams.set('corpid', this.o.corpId);
    url.searchParams.set('corpsecret', this.o.secret);
    const body = await this.json('gettoken', await this.fetch(url));
    const value = String(body.access_token ?? '');
    if (!value) throw new WecomApiError('gettoken', -1, 'no access_token in the answer');
    // renew a minute early so that a token does not expire between the check and the call
    const ttl = Math.max(60, Number(body.expires_in ?? 7200) - 60);
    this.token = { value, expiresAt: this.now() + ttl * 1000 };
    this.o.log.info({ expiresInS: ttl }, 'wecom: new access_token');
    return value;
  }

  private async json(what: string, res: Response): Promise<Record<string, unknown>> {
    if (!res.ok) throw new WecomApiError(what, -1, `HTTP ${res.status}`);
    const body = (await res.json()) as Record<string, unknown>;
    const code = Number(body.errcode ?? 0);
    if (code !== 0) throw new WecomApiError(what, code, String(body.errmsg ?? ''));
    return body;
  }

  /** Runs a call with the token; on a stale-token errcode gets a new token once and runs it again. */
  private async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.accessToken();
    try {
      return await call(token);
    } catch (err) {
      if (!(err instanceof WecomApiError) || !STALE_TOKEN.has(err.errcode)) throw err;
      this.o.log.warn({ errcode: err.errcode }, 'wecom: access_token rejected, fetching a new one');
      if (this.token?.value === token) this.token = undefined;
      return call(await this.accessToken());
    }
  }

  private url(path: string, token: string, params: Record<string, string> = {}): URL {
    const url = new URL(path, this.o.apiBase);
    url.searchParams.set('access_token', token);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url;
  }

  /** POST /cgi-bin/message/send; returns the answer (invaliduser etc. are for the caller to log). */
  sendMessage(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.withToken(async (token) =>
      this.json(
        'message/send',
        await this.fetch(this.url('/cgi-bin/message/send', token), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(message),
        }),
      ),
    );
  }

  /** POST /cgi-bin/media/upload?type=file, multipart with the file in the part named `media`; gives media_id. */
  uploadFile(name: string, bytes: Uint8Array): Promise<string> {
    return this.withToken(async (token) => {
      const form = new FormData();
      form.append('media', new Blob([bytes]), name);
      const body = await this.json(
        'media/upload',
        await this.fetch(this.url('/cgi-bin/media/upload', token, { type: 'file' }), {
          method: 'POST',
          body: form,
        }),
      );
      const id = String(body.media_id ?? '');
      if (!id) throw new WecomApiError('media/upload', -1, 'no media_id in the answer');
      return id;
    });
  }

  /** GET /cgi-bin/media/get: a file a user sent (an error comes back as JSON instead of bytes). */
  getMedia(mediaId: string): Promise<WecomMedia> {
    return this.withToken(async (token) => {
      const res = await this.fetch(this.url('/cgi-bin/media/get', token, { media_id: mediaId }));
      const contentType = res.headers.get('content-type') ?? 'application/octet-stream';
      if (!res.ok || /json|text\/plain/.test(contentType)) {
        await this.json('media/get', res);
        throw new WecomApiError('media/get', -1, 'no file in the answer');
      }
      const disposition = res.headers.get('content-disposition') ?? '';
      const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
      const name = m?.[1] ? safeDecode(m[1]) : undefined;
      return { bytes: Buffer.from(await res.arrayBuffer()), contentType, ...(name ? { name } : {}) };
    });
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
