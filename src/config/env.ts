// The process configuration, from environment variables (README: Configuration). Every problem is
// collected and reported at once, with how to fix it; values are never echoed, since many of
// these variables are secrets.
import { fileURLToPath } from 'node:url';
import { isClusterUrl } from './redisUrl.js';
import { z } from 'zod';

export const DEV_TOKEN_HASH_SECRET = 'tokenops-development-only-hash-secret';

/** `NODE_ENV` names production in any case and spacing (`Production`, ` PRODUCTION `). */
export const isProduction = (nodeEnv: string | undefined) => nodeEnv?.trim().toLowerCase() === 'production';

/** No Slack credentials at all, outside production: `npm start` opens the local playground
 *  (playground/, beside the product) instead of stopping with a configuration error. */
export const playgroundWanted = (env: Record<string, string | undefined>) =>
  !env.SLACK_BOT_TOKEN?.trim() && !env.SLACK_APP_TOKEN?.trim() && !isProduction(env.NODE_ENV);
const shippedCatalog = fileURLToPath(new URL('../../catalog.example.yml', import.meta.url));

const list = (value: string | undefined) =>
  (value ?? '')
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);
const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

const slackId = (prefix: string) => new RegExp(`^[${prefix}][A-Z0-9]{2,}$`);
const positiveInt = (hint: string) => z.coerce.number({ error: hint }).int({ error: hint }).positive({ error: hint });
const urlWith = (protocols: string[], hint: string) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, hint);

/** An HMAC key: long, and not a repeated pattern (32 × "a" is long but guessable). */
const hashKey = z
  .string()
  .min(32, 'must be at least 32 characters of random text (for example: openssl rand -hex 32)')
  .refine(
    (value) => new Set(value).size >= 10,
    'is too regular (fewer than 10 different characters): use random text (for example: openssl rand -hex 32)',
  );

/** A key another system presents to one of our APIs: long enough not to be guessed. */
const apiKeys = z.array(
  z.string().min(16, 'must list keys of at least 16 characters each (for example: openssl rand -hex 24)'),
);

const schema = z.object({
  DATABASE_URL: urlWith(['postgres:', 'postgresql:'], 'must be a postgresql:// URL'),
  REDIS_URL: z
    .string()
    .refine(
      (value) => isClusterUrl(value) || urlWith(['redis:', 'rediss:'], '').safeParse(value).success,
      'must be a redis:// or rediss:// URL, or redis+cluster://host:port,host:port for a Redis Cluster',
    ),
  DATABASE_DIRECT_URL: urlWith(['postgres:', 'postgresql:'], 'must be a postgresql:// URL').optional(),
  DATABASE_POOL_MODE: z.enum(['session', 'transaction'], {
    error: 'must be session or transaction (PgBouncer in transaction pooling)',
  }),
  SHUTDOWN_DRAIN_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(0, 'must be a number of seconds')
    .max(60, 'must be at most 60 seconds'),
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'must be 1-32 of a-z, 0-9, _ and -'),
  SLACK_BOT_TOKEN: z
    .string({
      error: "is missing: set it to the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page",
    })
    .regex(/^xoxb-/, 'must be a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
    .optional(),
  SLACK_API_URL: urlWith(['http:', 'https:'], 'must be an http(s) URL such as https://slack.com/api/').optional(),
  SLACK_RATE_SCALE: z.coerce
    .number({ error: 'must be a number (1 against Slack itself)' })
    .min(1, 'must be at least 1 (1 against Slack itself)'),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int()
    .min(0, 'must be a port number')
    .max(65535, 'must be a port number'),
  HOST: z.union([z.ipv4(), z.ipv6(), z.literal('localhost')], {
    error: 'must be an IP address to listen on, such as 0.0.0.0 or 127.0.0.1',
  }),
  TOKEN_HASH_SECRET: hashKey,
  TOKEN_HASH_SECRET_PREVIOUS: z.array(hashKey),
  TOKEN_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9]{1,15}$/, 'must be 2-16 lowercase letters or digits, starting with a letter'),
  ADMIN_USER_IDS: z.array(
    z.string().regex(slackId('UW'), 'must list Slack user ids such as U0123ABCD, separated by commas'),
  ),
  APPROVALS_CHANNEL_ID: z.string().regex(slackId('CG'), 'must be a Slack channel id such as C0123ABCD').optional(),
  WORKSPACE_LANGUAGE: z.enum(['en', 'ja'], { error: 'must be en or ja' }),
  VERIFY_API_KEYS: apiKeys,
  REMINDER_DAYS: z.array(positiveInt('must list whole numbers of days, such as 30,7,1')),
  REMINDER_SCAN_INTERVAL_SECONDS: positiveInt('must be a whole number of seconds'),
  CONTACT_REVIEW_DAYS: positiveInt('must be a whole number of days'),
  STALE_TOKEN_DAYS: z.coerce
    .number({ error: 'must be a whole number of days (0: off)' })
    .int('must be a whole number of days (0: off)')
    .min(0, 'must be a whole number of days (0: off)')
    .max(9_999, 'must be at most 9999 days (what /token list unused:<days>d takes)'),
  APPROVAL_TTL_HOURS: z.coerce
    .number({ error: 'must be a number of hours, such as 72' })
    .positive({ error: 'must be a number of hours, such as 72' }),
  MANAGEMENT_RATE_LIMIT: positiveInt('must be a whole number of requests a minute, such as 600'),
  AUDIT_RETENTION_DAYS: positiveInt('must be a whole number of days, such as 400'),
  SMTP_URL: urlWith(['smtp:', 'smtps:'], 'must be an smtp:// or smtps:// URL').optional(),
  EMAIL_FROM: z.email({ error: 'must be an e-mail address such as tokenops@example.com' }).optional(),
  TOKENOPS_CATALOG: z.string().min(1),
  LEAK_ACTION: z.enum(['revoke', 'disable', 'notify'], { error: 'must be revoke, disable or notify' }),
  GITHUB_SECRET_SCANNING_KEYS_URL: urlWith(['http:', 'https:'], 'must be an http(s) URL'),
  GITLAB_REVOCATION_API_KEYS: apiKeys,
  LEAK_SCAN_CHANNELS: z.enum(['true', 'false'], { error: 'must be true or false' }),
  WEBHOOK_ALLOWED_HOSTS: z.array(
    z
      .string()
      .regex(
        /^([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i,
        'must list host or host:port entries, separated by commas (such as hooks.internal:8443)',
      ),
  ),
  RATE_LIMIT_ON_FAILURE: z.enum(['open', 'closed'], { error: 'must be open or closed' }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: 'must be one of fatal, error, warn, info, debug, trace, silent',
  }),
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional(),
  NODE_ENV: z.string(),
});

/** A verify instance's: it talks to no Slack, so it is given none of Slack's secrets. */
const withoutSlack = schema.extend({ SLACK_BOT_TOKEN: schema.shape.SLACK_BOT_TOKEN.optional() });

type Parsed = z.infer<typeof schema>;
type Raw = { [K in keyof Parsed]?: unknown };

/** Rules across variables; run even when single values are bad, so every problem is listed. */
function crossProblems(env: Raw, slack: boolean): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  if (slack && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    problems.push([
      'SLACK_SIGNING_SECRET',
      "is missing: set it to the Signing Secret from your Slack app's Basic Information page, or set SLACK_APP_TOKEN to use Socket Mode",
    ]);
  }
  if (isProduction(String(env.NODE_ENV)) && env.TOKEN_HASH_SECRET === DEV_TOKEN_HASH_SECRET) {
    problems.push([
      'TOKEN_HASH_SECRET',
      'is required in production: set it to at least 32 characters of random text (to change it later, see TOKEN_HASH_SECRET_PREVIOUS)',
    ]);
  }
  if (env.SMTP_URL && !env.EMAIL_FROM) problems.push(['EMAIL_FROM', 'is required when SMTP_URL is set']);
  return problems;
}

export type Config = {
  databaseUrl: string;
  /** Migrations (and their advisory lock) need a session: straight to PostgreSQL, not a pooler. */
  databaseDirectUrl: string;
  /** transaction: behind PgBouncer's transaction pooling (no named statements, no session settings). */
  databasePoolMode: 'session' | 'transaction';
  /** How long a stopping web instance keeps serving while load balancers take it out. */
  shutdownDrainSeconds: number;
  redisUrl: string;
  /** Namespace of every Redis key, so several deployments (or test files) can share a Redis. */
  redisPrefix: string;
  /** `rateScale`: how many times faster than Slack's a minute passes at SLACK_API_URL (an emulator's
   *  time-scaled rate tiers, in tests and benchmarks); 1 against Slack itself. */
  slack: { botToken: string; signingSecret?: string; appToken?: string; apiUrl?: string; rateScale: number };
  port: number;
  /** The address the HTTP server listens on. */
  host: string;
  tokenHashSecret: string;
  /** Keys of before a rotation: still accepted for lookup, and re-keyed to the current one. */
  previousTokenHashSecrets: string[];
  tokenPrefix: string;
  adminUserIds: string[];
  approvalsChannelId?: string;
  /** The language of what a whole channel reads (Slack does not tell apps a workspace's default). */
  workspaceLanguage: 'en' | 'ja';
  verifyApiKeys: string[];
  reminderDays: number[];
  reminderScanIntervalSeconds: number;
  contactReviewDays: number;
  /** STALE_TOKEN_DAYS: unused this long, a token is in its owner's admins' weekly digest; 0: off. */
  staleTokenDays: number;
  approvalTtlHours: number;
  /** Requests a minute each management API key may make (MANAGEMENT_RATE_LIMIT). */
  managementRateLimit: number;
  /** Audit entries older than this many days are purged (AUDIT_RETENTION_DAYS). */
  auditRetentionDays: number;
  email?: { smtpUrl: string; from: string };
  catalogPath: string;
  /** Leak reports (secret scanning): what a leak does, and who may report one. */
  leaks: {
    action: 'revoke' | 'disable' | 'notify';
    githubKeysUrl: string;
    gitlabApiKeys: string[];
    scanChannels: boolean;
  };
  /** Hosts (`host[:port]`) that may receive events on private addresses in production. */
  webhookAllowedHosts: string[];
  /** What rate limits do while Redis is unreachable (README: Governing use): admit (open) or refuse (closed). */
  rateLimitOnFailure: 'open' | 'closed';
  logLevel: Parsed['LOG_LEVEL'];
  /** Unset: JSON, or readable lines on a terminal outside production. */
  logFormat?: Parsed['LOG_FORMAT'];
  production: boolean;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `tokenops cannot start: ${problems.length === 1 ? 'one setting needs' : `${problems.length} settings need`} fixing.\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** What an unset (or blank) variable stands for. */
const DEFAULTS: Partial<Record<keyof Parsed, string>> = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/tokenops',
  DATABASE_POOL_MODE: 'session',
  SHUTDOWN_DRAIN_SECONDS: '2',
  REDIS_URL: 'redis://127.0.0.1:6379',
  REDIS_PREFIX: 'tokenops',
  SLACK_RATE_SCALE: '1',
  PORT: '3000',
  HOST: '0.0.0.0',
  TOKEN_HASH_SECRET: DEV_TOKEN_HASH_SECRET,
  TOKEN_PREFIX: 'tko',
  WORKSPACE_LANGUAGE: 'en',
  REMINDER_DAYS: '30,7,1',
  REMINDER_SCAN_INTERVAL_SECONDS: '900',
  CONTACT_REVIEW_DAYS: '90',
  STALE_TOKEN_DAYS: '30',
  APPROVAL_TTL_HOURS: '72',
  MANAGEMENT_RATE_LIMIT: '600',
  AUDIT_RETENTION_DAYS: '400',
  TOKENOPS_CATALOG: shippedCatalog,
  LEAK_ACTION: 'revoke',
  GITHUB_SECRET_SCANNING_KEYS_URL: 'https://api.github.com/meta/public_keys/secret_scanning',
  LEAK_SCAN_CHANNELS: 'false',
  RATE_LIMIT_ON_FAILURE: 'open',
  LOG_LEVEL: 'info',
  NODE_ENV: 'development',
};
/** Variables that list values (separated by commas or spaces); a blank one is an empty list. */
const LISTS = new Set<keyof Parsed>([
  'TOKEN_HASH_SECRET_PREVIOUS',
  'ADMIN_USER_IDS',
  'VERIFY_API_KEYS',
  'REMINDER_DAYS',
  'GITLAB_REVOCATION_API_KEYS',
  'WEBHOOK_ALLOWED_HOSTS',
]);
/** Words read in any case. */
const ANY_CASE = new Set<keyof Parsed>(['WORKSPACE_LANGUAGE', 'LEAK_SCAN_CHANNELS', 'RATE_LIMIT_ON_FAILURE']);

/** One variable as the schema takes it: trimmed (blank is unset), a list split, its default if unset. */
function read(name: keyof Parsed, value: string | undefined) {
  if (LISTS.has(name)) return list(value ?? DEFAULTS[name]);
  const set = optional(value);
  return (ANY_CASE.has(name) ? set?.toLowerCase() : set) ?? DEFAULTS[name];
}

/** Parses the environment; throws ConfigError listing every problem. `slack: false` (a verify
 *  instance) needs none of Slack's settings. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  options: { slack?: boolean } = {},
): Config {
  const slack = options.slack ?? true;
  const raw = Object.fromEntries(
    (Object.keys(schema.shape) as Array<keyof Parsed>).map((name) => [name, read(name, env[name])]),
  ) as Raw;
  const result = (slack ? schema : withoutSlack).safeParse(raw);
  const found: Array<[string, string]> = [
    ...(result.error?.issues ?? []).map((issue) => [String(issue.path[0]), issue.message] as [string, string]),
    ...crossProblems(raw, slack),
  ];
  if (!result.success || found.length) {
    // One line per variable: a list variable with several bad items is still one problem.
    const problems = new Map<string, string>();
    for (const [name, message] of found) if (!problems.has(name)) problems.set(name, `${name} ${message}`);
    throw new ConfigError([...problems.values()]);
  }
  const e = result.data;
  return {
    databaseUrl: e.DATABASE_URL,
    databaseDirectUrl: e.DATABASE_DIRECT_URL ?? e.DATABASE_URL,
    databasePoolMode: e.DATABASE_POOL_MODE,
    shutdownDrainSeconds: e.SHUTDOWN_DRAIN_SECONDS,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    slack: {
      botToken: e.SLACK_BOT_TOKEN ?? '',
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      // The Web API client joins method names onto this base, so it must end with a slash.
      apiUrl: e.SLACK_API_URL?.replace(/\/?$/, '/'),
      rateScale: e.SLACK_RATE_SCALE,
    },
    port: e.PORT,
    host: e.HOST,
    tokenHashSecret: e.TOKEN_HASH_SECRET,
    previousTokenHashSecrets: e.TOKEN_HASH_SECRET_PREVIOUS.filter((key) => key !== e.TOKEN_HASH_SECRET),
    tokenPrefix: e.TOKEN_PREFIX,
    adminUserIds: e.ADMIN_USER_IDS,
    approvalsChannelId: e.APPROVALS_CHANNEL_ID,
    workspaceLanguage: e.WORKSPACE_LANGUAGE,
    verifyApiKeys: e.VERIFY_API_KEYS,
    reminderDays: [...new Set(e.REMINDER_DAYS)].sort((a, b) => b - a),
    reminderScanIntervalSeconds: e.REMINDER_SCAN_INTERVAL_SECONDS,
    contactReviewDays: e.CONTACT_REVIEW_DAYS,
    staleTokenDays: e.STALE_TOKEN_DAYS,
    approvalTtlHours: e.APPROVAL_TTL_HOURS,
    managementRateLimit: e.MANAGEMENT_RATE_LIMIT,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    email: e.SMTP_URL && e.EMAIL_FROM ? { smtpUrl: e.SMTP_URL, from: e.EMAIL_FROM } : undefined,
    catalogPath: e.TOKENOPS_CATALOG,
    leaks: {
      action: e.LEAK_ACTION,
      githubKeysUrl: e.GITHUB_SECRET_SCANNING_KEYS_URL,
      gitlabApiKeys: e.GITLAB_REVOCATION_API_KEYS,
      scanChannels: e.LEAK_SCAN_CHANNELS === 'true',
    },
    webhookAllowedHosts: e.WEBHOOK_ALLOWED_HOSTS,
    rateLimitOnFailure: e.RATE_LIMIT_ON_FAILURE,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    production: isProduction(e.NODE_ENV),
  };
}
