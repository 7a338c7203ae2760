// The environment a tokenops under bench starts with: its database, a Redis prefix of its own,
// the Slack emulator and the bench's secrets; each scenario adds what it measures with.
import { randomBytes } from 'node:crypto';
import { WORKSPACE_ADMIN } from './seed.js';

/** The verification API key of the bench's instances. */
export const KEY = 'bench-verify-key';
/** TOKEN_HASH_SECRET: the seeded secrets' digests are made with it. */
export const HASH = 'bench-hash-secret-0123456789abcdef0123';
/** SLACK_SIGNING_SECRET: the slash-command load signs with it. */
export const SIGNING = 'bench-signing-secret';

export const benchEnv = (
  databaseUrl: string,
  slack: { botToken: string; apiUrl: string },
  more: Record<string, string> = {},
): Record<string, string> => ({
  DATABASE_URL: databaseUrl,
  REDIS_PREFIX: `bench${randomBytes(3).toString('hex')}`,
  SLACK_BOT_TOKEN: slack.botToken,
  SLACK_SIGNING_SECRET: SIGNING,
  SLACK_API_URL: slack.apiUrl,
  TOKEN_HASH_SECRET: HASH,
  ...more,
});

/** A tokenops that answers verifications: in production, with the bench's key, administered by
 *  the seed's workspace admin. */
export const verifierEnv = (
  databaseUrl: string,
  slack: { botToken: string; apiUrl: string },
  more: Record<string, string> = {},
) =>
  benchEnv(databaseUrl, slack, {
    VERIFY_API_KEYS: KEY,
    ADMIN_USER_IDS: WORKSPACE_ADMIN,
    NODE_ENV: 'production',
    ...more,
  });
