import path from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';
import { defaultKnowledgePath } from './knowledge/load-knowledge.js';
import { isPostgresUrl } from './store/pg/pg-url.js';
import { UserError } from './user-error.js';

/** Chinese names of the configuration sections, and where each is documented. */
const SECTION: Record<string, { name: string; docs: string }> = {
  Configuration: { name: '', docs: 'docs/operating.md › Configuration' },
  Lark: { name: '飞书', docs: 'docs/platforms/lark.md' },
  WeCom: { name: '企业微信', docs: 'docs/platforms/wecom.md' },
  WeChat: { name: '微信', docs: 'docs/platforms/wechat.md' },
};

/** One error message listing every problem of a configuration section, each on its own line. */
export function configProblems(what: string, problems: string[]): string {
  const section = SECTION[what] ?? { name: what, docs: 'docs/operating.md › Configuration' };
  return `${section.name}配置有误（见 ${section.docs}）：\n${problems.map((p) => `  - ${p}`).join('\n')}`;
}

/** Raised with every bad variable listed and how to fix it. */
export class ConfigError extends UserError {}

const schema = z.object({
  PLAN_BOT_DATA: z.string().min(1).default('./data'),
  PLAN_BOT_KNOWLEDGE: z.string().min(1).optional(),
  PLAN_BOT_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  PLAN_BOT_ADMINS: z
    .string()
    .default('')
    .refine((s) => parseAdmins(s) !== undefined, {
      message: '应为逗号分隔的列表，如 lark:ou_xxx,wechat:wxid_yyy（平台为 lark、wechat、wecom 或 console）',
    }),
  PLAN_BOT_PROMPT_CRON: cron('0 9 * * 1'),
  PLAN_BOT_REMINDER_CRON: cron('0 15 * * 4'),
  PLAN_BOT_DIGEST_CRON: cron('0 17 * * 5'),
  PLAN_BOT_DIALOG_TTL_MIN: z.coerce
    .number()
    .positive({ message: '应为分钟数，如 10' })
    .max(24 * 60, { message: '最多 1440 分钟（一天）' })
    .default(10),
  PLAN_BOT_BACKUP_DIR: z.string().min(1).optional(),
  PLAN_BOT_DATABASE_URL: z
    .string()
    .optional()
    .refine((s) => !s || isPostgresUrl(s), {
      message:
        'expected a PostgreSQL URL like postgres://plan_bot:PASSWORD@db.example:5432/plan_bot (docs/postgresql.md)',
    }),
  PLAN_BOT_OUTBOX_LEASE_SECONDS: z.coerce
    .number()
    .positive({ message: 'expected a number of seconds greater than 0, e.g. 60' })
    .default(60),
  PLAN_BOT_LEADERS: z
    .string()
    .default('')
    .refine((s) => parseAdmins(s) !== undefined, {
      message:
        'expected the county leaders as a comma-separated list like lark:ou_xxx,wecom:zhangsan (platform lark, wechat, wecom or console)',
    }),
  PLAN_BOT_REVIEW: z.enum(['on', 'off'], { message: 'expected on or off' }).default('off'),
  PLAN_BOT_WARN_DAYS: z
    .string()
    .default('30,7')
    .refine((s) => parseDays(s) !== undefined, {
      message: 'expected days before a deadline to warn, comma-separated, e.g. 30,7',
    }),
  PLAN_BOT_ESCALATE_MISSED_WEEKS: z.coerce
    .number()
    .int()
    .min(1, { message: 'expected a number of weeks, at least 1, e.g. 2' })
    .default(2),
  PLAN_BOT_ESCALATE_COUNTY_WEEKS: z.coerce
    .number()
    .int()
    .min(1, { message: 'expected a number of weeks, at least 1, e.g. 2' })
    .default(2),
  PLAN_BOT_OUTBOX_EXPIRE_HOURS: z.coerce
    .number()
    .positive({ message: '应为大于 0 的小时数，如 48' })
    .default(48),
});

function cron(fallback: string) {
  return z
    .string()
    .default(fallback)
    .refine(
      (p) => {
        try {
          new Cron(p, { paused: true });
          return true;
        } catch {
          return false;
        }
      },
      { message: '不是有效的 cron 表达式（分 时 日 月 星期），如 "0 9 * * 1"' },
    );
}

/** A user who may run admin commands, as platform:id. */
export interface AdminRef {
  platform: 'lark' | 'wechat' | 'wecom' | 'console';
  id: string;
}

/** Parses PLAN_BOT_ADMINS; undefined when malformed. */
export function parseAdmins(s: string): AdminRef[] | undefined {
  const out: AdminRef[] = [];
  for (const part of s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = /^(lark|wechat|wecom|console):(.+)$/.exec(part);
    if (!m?.[1] || !m[2]) return undefined;
    out.push({ platform: m[1] as AdminRef['platform'], id: m[2] });
  }
  return out;
}

/** Parses PLAN_BOT_WARN_DAYS ("30,7"); undefined when malformed. */
export function parseDays(s: string): number[] | undefined {
  const parts = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) < 1)) return undefined;
  return [...new Set(parts.map(Number))].sort((a, b) => b - a);
}

/** Deadlines, warnings, escalation and review (docs/supervision.md). */
export interface SupervisionSettings {
  /** PLAN_BOT_REVIEW=on: a task's status counts only reports an admin confirmed. */
  review: boolean;
  /** Days before a deadline the weekly prompt warns (PLAN_BOT_WARN_DAYS), largest first. */
  warnDays: number[];
  /** Missed weekly reports in a row that escalate a unit to its leader (PLAN_BOT_ESCALATE_MISSED_WEEKS). */
  missedWeeks: number;
  /** Weeks after the leader was told before the county leaders are (PLAN_BOT_ESCALATE_COUNTY_WEEKS). */
  countyAfterWeeks: number;
}

/** The defaults: review off, warnings 30 and 7 days ahead, escalation after 2 missed weeks, then 2 more weeks. */
export const DEFAULT_SUPERVISION: SupervisionSettings = {
  review: false,
  warnDays: [30, 7],
  missedWeeks: 2,
  countyAfterWeeks: 2,
};

/** Validated settings of one run. */
export interface Config {
  dataDir: string;
  knowledgePath: string;
  logLevel: z.infer<typeof schema>['PLAN_BOT_LOG_LEVEL'];
  admins: AdminRef[];
  schedule: { prompt: string; reminder: string; digest: string };
  /** How long a conversation is remembered for follow-ups, in milliseconds. */
  dialogueTtlMs: number;
  /** Where the dated backups go (PLAN_BOT_BACKUP_DIR); unset: backups/ in the data directory. */
  backupDir?: string;
  /** How long an undelivered outbox message is retried before the admins' digest reports it. */
  outboxExpireMs: number;
  /** PLAN_BOT_DATABASE_URL: keep the data in PostgreSQL (replicas share it) instead of the data directory. */
  databaseUrl?: string;
  /** PostgreSQL: how long a replica may take to send an outbox message before another replica may send it. */
  outboxLeaseMs?: number;
  /** County leaders (PLAN_BOT_LEADERS): escalations reach them after the units' own leaders. */
  leaders: AdminRef[];
  supervision: SupervisionSettings;
}

/** Reads the configuration from the environment (and CLI overrides); one error lists every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const r = schema.safeParse(env);
  if (!r.success) {
    throw new ConfigError(
      configProblems(
        'Configuration',
        r.error.issues.map((i) => `${i.path.join('.')}：${i.message}`),
      ),
    );
  }
  return {
    dataDir: path.resolve(overrides.dataDir ?? r.data.PLAN_BOT_DATA),
    knowledgePath: path.resolve(overrides.knowledgePath ?? r.data.PLAN_BOT_KNOWLEDGE ?? defaultKnowledgePath),
    logLevel: overrides.logLevel ?? r.data.PLAN_BOT_LOG_LEVEL,
    admins: overrides.admins ?? parseAdmins(r.data.PLAN_BOT_ADMINS) ?? [],
    dialogueTtlMs: overrides.dialogueTtlMs ?? r.data.PLAN_BOT_DIALOG_TTL_MIN * 60_000,
    schedule: overrides.schedule ?? {
      prompt: r.data.PLAN_BOT_PROMPT_CRON,
      reminder: r.data.PLAN_BOT_REMINDER_CRON,
      digest: r.data.PLAN_BOT_DIGEST_CRON,
    },
    // unset: backups/ inside whatever data directory the command ends up using (replay picks a fresh one)
    ...((overrides.backupDir ?? r.data.PLAN_BOT_BACKUP_DIR)
      ? { backupDir: path.resolve((overrides.backupDir ?? r.data.PLAN_BOT_BACKUP_DIR) as string) }
      : {}),
    outboxExpireMs: overrides.outboxExpireMs ?? r.data.PLAN_BOT_OUTBOX_EXPIRE_HOURS * 3600_000,
    outboxLeaseMs: overrides.outboxLeaseMs ?? r.data.PLAN_BOT_OUTBOX_LEASE_SECONDS * 1000,
    ...((overrides.databaseUrl ?? r.data.PLAN_BOT_DATABASE_URL)
      ? { databaseUrl: (overrides.databaseUrl ?? r.data.PLAN_BOT_DATABASE_URL) as string }
      : {}),
    leaders: overrides.leaders ?? parseAdmins(r.data.PLAN_BOT_LEADERS) ?? [],
    supervision: overrides.supervision ?? {
      review: r.data.PLAN_BOT_REVIEW === 'on',
      warnDays: parseDays(r.data.PLAN_BOT_WARN_DAYS) ?? DEFAULT_SUPERVISION.warnDays,
      missedWeeks: r.data.PLAN_BOT_ESCALATE_MISSED_WEEKS,
      countyAfterWeeks: r.data.PLAN_BOT_ESCALATE_COUNTY_WEEKS,
    },
  };
}
