import { localDate } from '../checkins/weeks.js';
import { type Config, ConfigError, parseAdmins } from '../config.js';
import { mintLoginLink } from '../web/auth/login-link.js';
import { TokenKeys } from '../web/auth/sealed-token.js';
import { identity, roleOf } from '../web/auth/web-access.js';
import { loadWebSecret } from '../web/auth/web-secret.js';
import { loadWebConfig, publicBase, webConfigured } from '../web/web-config.js';

/** `plan-bot web-link --admin lark:ou_x` (or `--leader`): prints a one-time login link to the web view. */
export function webLinkCommand(
  config: Config,
  o: { admin?: string; leader?: string },
  env: NodeJS.ProcessEnv,
  out: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): number {
  if (!webConfigured(env))
    throw new ConfigError(
      'web-link: the web view is off: set PLAN_BOT_WEB_PORT (and PLAN_BOT_WEB_URL behind a proxy) as for start; see docs/web.md',
    );
  const web = loadWebConfig(env);
  if (Boolean(o.admin) === Boolean(o.leader))
    throw new ConfigError('web-link: give exactly one of --admin platform:id or --leader platform:id');
  const asked = (o.admin ?? o.leader) as string;
  const ref = parseAdmins(asked)?.[0];
  if (!ref)
    throw new ConfigError(`web-link: "${asked}" is not platform:id (e.g. lark:ou_xxx, wecom:ZhangWei)`);
  const who = identity(ref);
  const has = roleOf(who, { admins: config.admins, leaders: web.leaders });
  if (o.admin && has !== 'admin')
    throw new ConfigError(
      `web-link: ${who} is not in PLAN_BOT_ADMINS; add it there (and restart the bot) first`,
    );
  if (o.leader && !has)
    throw new ConfigError(
      `web-link: ${who} is not in PLAN_BOT_LEADERS; add it there (and restart the bot) first`,
    );
  const role = o.admin ? 'admin' : 'leader';
  const keys = new TokenKeys(loadWebSecret(web.secret, config.dataDir));
  const link = mintLoginLink(keys, { sub: who, role }, new Date(), publicBase(web));
  const until = new Date(link.expiresAt.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
  out.stdout.write(`${link.url}\n`);
  out.stderr.write(
    `one-time ${role === 'admin' ? 'admin' : 'view-only leader'} link for ${who}: valid until ${localDate(link.expiresAt)} ${until} (Asia/Shanghai), once\n`,
  );
  return 0;
}
