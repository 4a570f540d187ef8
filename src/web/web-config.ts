import { z } from 'zod';
import { type AdminRef, ConfigError, parseAdmins } from '../config.js';

/** Settings of the web view (docs/web.md); it is off unless PLAN_BOT_WEB_PORT is set. */
export interface WebConfig {
  /** Port to listen on (0: any free port, for tests). */
  port: number;
  /** Address to listen on; loopback by default, for a reverse proxy on the same host. */
  host: string;
  /** Path prefix the pages live under, '' or e.g. '/plan-bot' (no trailing slash); the proxy keeps it. */
  basePath: string;
  /** Public address of the pages, ending in '/', for links in chat and from the CLI; unset: http://host:port/base/. */
  publicUrl?: string;
  /** Whose X-Forwarded-For/-Proto/-Host to believe: a proxy on this host (loopback), any peer, or none. */
  trustProxy: 'loopback' | 'all' | 'none';
  /** PLAN_BOT_WEB_SECRET, when set: the signing key (else one generated into the data directory). */
  secret?: string;
  /** County leaders who may get view-only links (PLAN_BOT_LEADERS, platform:id). */
  leaders: AdminRef[];
}

const schema = z.object({
  PLAN_BOT_WEB_PORT: z.coerce
    .number({ message: 'expected a port number, e.g. 8080' })
    .int({ message: 'expected a port number, e.g. 8080' })
    .min(0)
    .max(65535),
  PLAN_BOT_WEB_HOST: z.string().min(1).default('127.0.0.1'),
  PLAN_BOT_WEB_BASE_PATH: z
    .string()
    .regex(/^(?:\/[A-Za-z0-9._~-]+)*\/?$/, {
      message: 'expected a path such as /plan-bot (letters, digits, . _ ~ -), or / for none',
    })
    .optional(),
  PLAN_BOT_WEB_URL: z
    .string()
    .regex(/^https?:\/\/[^/\s?#]+(?:\/[^\s?#]*)?$/, {
      message: 'expected the public address of the pages, e.g. https://county.example.cn/plan-bot/',
    })
    .optional(),
  PLAN_BOT_WEB_TRUST_PROXY: z.enum(['loopback', 'all', 'none']).default('loopback'),
  PLAN_BOT_WEB_SECRET: z
    .string()
    .min(32, { message: 'expected at least 32 characters (e.g. the output of: openssl rand -hex 32)' })
    .optional(),
  PLAN_BOT_LEADERS: z
    .string()
    .default('')
    .refine((s) => parseAdmins(s) !== undefined, {
      message: 'expected a comma-separated list like lark:ou_xxx,wecom:ZhangWei',
    }),
});

/** True when the web view is switched on (PLAN_BOT_WEB_PORT set). */
export function webConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.PLAN_BOT_WEB_PORT?.trim());
}

/** '/plan-bot/' or '/plan-bot' or '' → '/plan-bot' or ''. */
function trimPath(p: string): string {
  return p.replace(/\/+$/, '');
}

/** Reads the web settings; one ConfigError lists every bad variable. The base path defaults to the URL's path. */
export function loadWebConfig(env: NodeJS.ProcessEnv): WebConfig {
  const r = schema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`The web configuration is invalid (see docs/web.md):\n${lines.join('\n')}`);
  }
  const d = r.data;
  const urlPath = d.PLAN_BOT_WEB_URL ? new URL(d.PLAN_BOT_WEB_URL).pathname : undefined;
  const basePath = trimPath(d.PLAN_BOT_WEB_BASE_PATH ?? urlPath ?? '');
  if (urlPath !== undefined && trimPath(urlPath) !== basePath) {
    throw new ConfigError(
      `The web configuration is invalid (see docs/web.md):\n  - PLAN_BOT_WEB_URL: its path ${urlPath} differs from PLAN_BOT_WEB_BASE_PATH ${d.PLAN_BOT_WEB_BASE_PATH}; the proxy must keep the path, so they must match (leave PLAN_BOT_WEB_BASE_PATH unset to take the URL's)`,
    );
  }
  return {
    port: d.PLAN_BOT_WEB_PORT,
    host: d.PLAN_BOT_WEB_HOST,
    basePath,
    ...(d.PLAN_BOT_WEB_URL ? { publicUrl: `${d.PLAN_BOT_WEB_URL.replace(/\/+$/, '')}/` } : {}),
    trustProxy: d.PLAN_BOT_WEB_TRUST_PROXY,
    ...(d.PLAN_BOT_WEB_SECRET ? { secret: d.PLAN_BOT_WEB_SECRET } : {}),
    leaders: parseAdmins(d.PLAN_BOT_LEADERS) ?? [],
  };
}

/** Where people open the pages: the configured public URL, or this host and port (ending in '/'). */
export function publicBase(web: WebConfig, port = web.port): string {
  if (web.publicUrl) return web.publicUrl;
  const host = web.host.includes(':') ? `[${web.host}]` : web.host;
  const shown = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
  return `http://${shown}:${port}${web.basePath}/`;
}
