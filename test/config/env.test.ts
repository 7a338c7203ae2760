import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_TOKEN_HASH_SECRET, loadConfig, playgroundWanted } from '../../src/config/env.js';

const minimal = { SLACK_BOT_TOKEN: 'xoxb-123-abc', SLACK_SIGNING_SECRET: 'signing-secret-value' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the defaults of README: Configuration', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      databaseUrl: 'postgresql://postgres@127.0.0.1:5432/tokenops',
      redisUrl: 'redis://127.0.0.1:6379',
      port: 3000,
      tokenPrefix: 'tko',
      tokenHashSecret: DEV_TOKEN_HASH_SECRET,
      reminderDays: [30, 7, 1],
      reminderScanIntervalSeconds: 900,
      contactReviewDays: 90,
      approvalTtlHours: 72,
      adminUserIds: [],
      verifyApiKeys: [],
      approvalsChannelId: undefined,
      email: undefined,
    });
    expect(config.catalogPath).toMatch(/catalog\.example\.yml$/);
  });

  it("asks a verify instance for none of Slack's settings, and still checks one that is set", () => {
    expect(problemsOf({ PORT: '3001' })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN is missing/),
      expect.stringMatching(/^SLACK_SIGNING_SECRET is missing/),
    ]);
    const config = loadConfig({ PORT: '3001' }, { slack: false });
    expect(config).toMatchObject({ port: 3001, slack: { botToken: '' } });
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token' }, { slack: false })).toThrow(
      'SLACK_BOT_TOKEN must be a bot token starting with xoxb-',
    );
  });

  it('parses lists, normalizes the Slack API URL and sorts reminder thresholds', () => {
    const config = loadConfig({
      ...minimal,
      ADMIN_USER_IDS: 'U01AAAA, W02BBBB',
      VERIFY_API_KEYS: 'key-one-0123456789,key-two-0123456789',
      REMINDER_DAYS: '1, 30,7,7',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      EMAIL_FROM: 'tokenops@example.com',
    });
    expect(config.adminUserIds).toEqual(['U01AAAA', 'W02BBBB']);
    expect(config.verifyApiKeys).toEqual(['key-one-0123456789', 'key-two-0123456789']);
    expect(config.reminderDays).toEqual([30, 7, 1]);
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:9999/api/');
    expect(config.email).toEqual({ smtpUrl: 'smtp://127.0.0.1:2525', from: 'tokenops@example.com' });
  });

  it('lists every problem at once, one line per variable, with how to fix it', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      REMINDER_DAYS: '30,soon,-1',
      ADMIN_USER_IDS: 'alice',
      APPROVALS_CHANNEL_ID: '#approvals',
      SMTP_URL: 'http://mail',
      DATABASE_URL: 'mysql://db/tokenops',
    });
    const names = problems.map((problem) => problem.split(' ')[0]);
    expect(names.sort()).toEqual(
      [
        'ADMIN_USER_IDS',
        'APPROVALS_CHANNEL_ID',
        'DATABASE_URL',
        'EMAIL_FROM',
        'PORT',
        'REMINDER_DAYS',
        'SLACK_BOT_TOKEN',
        'SLACK_SIGNING_SECRET',
        'SMTP_URL',
      ].sort(),
    );
    expect(problems.find((p) => p.startsWith('SLACK_BOT_TOKEN'))).toContain('OAuth & Permissions');
    expect(problems.find((p) => p.startsWith('REMINDER_DAYS'))).toContain('30,7,1');
    // A digest points to /token list unused:<days>d, which takes up to 9999 days.
    expect(problemsOf({ STALE_TOKEN_DAYS: '10000' }).find((p) => p.startsWith('STALE_TOKEN_DAYS'))).toContain('9999');
    expect(problemsOf({ STALE_TOKEN_DAYS: '9999' }).some((p) => p.startsWith('STALE_TOKEN_DAYS'))).toBe(false);
  });

  it('never echoes a value in its message, secret or not', () => {
    const secrets = {
      SLACK_BOT_TOKEN: 'not-a-bot-token-SECRET1',
      TOKEN_HASH_SECRET: 'short-SECRET2',
      SMTP_URL: 'ftp://user:SECRET3@mail',
    };
    try {
      loadConfig(secrets);
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as Error).message).not.toMatch(/SECRET[123]/);
      expect((error as Error).message).toContain('TOKEN_HASH_SECRET must be at least 32 characters');
    }
  });

  it('needs no signing secret in Socket Mode', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-abc' });
    expect(config.slack.appToken).toBe('xapp-1-abc');
    expect(config.slack.signingSecret).toBeUndefined();
  });

  it('refuses the development hash secret in production', () => {
    expect(problemsOf({ ...minimal, NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^TOKEN_HASH_SECRET is required in production/),
    ]);
    expect(
      loadConfig({ ...minimal, NODE_ENV: 'production', TOKEN_HASH_SECRET: '7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c2e' })
        .production,
    ).toBe(true);
  });

  it('reads NODE_ENV=production in any case', () => {
    for (const production of ['Production', 'PRODUCTION', ' production ']) {
      expect(problemsOf({ ...minimal, NODE_ENV: production })).toEqual([
        expect.stringMatching(/^TOKEN_HASH_SECRET is required in production/),
      ]);
      expect(
        loadConfig({ ...minimal, NODE_ENV: production, TOKEN_HASH_SECRET: '7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c2e' })
          .production,
      ).toBe(true);
    }
    expect(loadConfig({ ...minimal, NODE_ENV: 'productionish' }).production).toBe(false);
  });

  it('wants the playground without any Slack credentials, never in production, whatever the case of NODE_ENV', () => {
    for (const production of ['production', 'Production', ' PRODUCTION '])
      expect(playgroundWanted({ NODE_ENV: production })).toBe(false);
    expect(playgroundWanted({ NODE_ENV: 'development' })).toBe(true);
    expect(playgroundWanted({})).toBe(true);
    expect(playgroundWanted({ SLACK_APP_TOKEN: 'xapp-1' })).toBe(false);
  });

  it('listens on every interface unless HOST names an address', () => {
    expect(loadConfig(minimal).host).toBe('0.0.0.0');
    expect(loadConfig({ ...minimal, HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
    expect(loadConfig({ ...minimal, HOST: '::1' }).host).toBe('::1');
    expect(problemsOf({ ...minimal, HOST: 'example.com' })).toEqual([
      expect.stringMatching(/^HOST must be an IP address/),
    ]);
  });

  it('refuses weak hash keys and short verification and GitLab keys, every problem in one message', () => {
    expect(
      problemsOf({
        ...minimal,
        TOKEN_HASH_SECRET: 'a'.repeat(32),
        TOKEN_HASH_SECRET_PREVIOUS: 'ab'.repeat(20),
        VERIFY_API_KEYS: 'good-key-0123456789,k',
        GITLAB_REVOCATION_API_KEYS: 'g,good-gitlab-key-0123456789',
      }),
    ).toEqual([
      expect.stringMatching(/^TOKEN_HASH_SECRET is too regular/),
      expect.stringMatching(/^TOKEN_HASH_SECRET_PREVIOUS is too regular/),
      'VERIFY_API_KEYS must list keys of at least 16 characters each (for example: openssl rand -hex 24)',
      'GITLAB_REVOCATION_API_KEYS must list keys of at least 16 characters each (for example: openssl rand -hex 24)',
    ]);
    expect(problemsOf({ ...minimal, TOKEN_HASH_SECRET: 'short-but-varied-0123' })).toEqual([
      expect.stringMatching(/^TOKEN_HASH_SECRET must be at least 32 characters/),
    ]);
  });

  it('takes previous hash keys for a rotation, ignoring the current one if listed', () => {
    const current = '7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c2e';
    const previous = '0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e';
    const config = loadConfig({
      ...minimal,
      TOKEN_HASH_SECRET: current,
      TOKEN_HASH_SECRET_PREVIOUS: `${previous},${current}`,
    });
    expect(config.previousTokenHashSecrets).toEqual([previous]);
    expect(loadConfig(minimal).previousTokenHashSecrets).toEqual([]);
  });
});

describe('leak settings', () => {
  it('default to revoke, GitHub’s key endpoint and no GitLab keys, and parse what is set', () => {
    expect(loadConfig(minimal).leaks).toEqual({
      action: 'revoke',
      githubKeysUrl: 'https://api.github.com/meta/public_keys/secret_scanning',
      gitlabApiKeys: [],
      scanChannels: false,
    });
    const config = loadConfig({
      ...minimal,
      LEAK_ACTION: 'notify',
      GITHUB_SECRET_SCANNING_KEYS_URL: 'http://127.0.0.1:8080/keys',
      GITLAB_REVOCATION_API_KEYS: 'gitlab-key-one-0123, gitlab-key-two-0123',
      LEAK_SCAN_CHANNELS: 'TRUE',
    });
    expect(config.leaks).toEqual({
      action: 'notify',
      githubKeysUrl: 'http://127.0.0.1:8080/keys',
      gitlabApiKeys: ['gitlab-key-one-0123', 'gitlab-key-two-0123'],
      scanChannels: true,
    });
  });

  it('read the pool mode, the direct URL and a Redis Cluster URL, and refuse what they cannot be', () => {
    const config = loadConfig({
      ...minimal,
      DATABASE_URL: 'postgresql://u@bouncer:6432/t',
      DATABASE_POOL_MODE: 'transaction',
      REDIS_URL: 'redis+cluster://10.0.0.1:7000,10.0.0.2:7001',
    });
    expect([config.databaseUrl, config.databaseDirectUrl, config.databasePoolMode, config.redisUrl]).toEqual([
      'postgresql://u@bouncer:6432/t',
      'postgresql://u@bouncer:6432/t',
      'transaction',
      'redis+cluster://10.0.0.1:7000,10.0.0.2:7001',
    ]);
    expect(loadConfig({ ...minimal, DATABASE_DIRECT_URL: 'postgresql://u@db:5432/t' }).databaseDirectUrl).toBe(
      'postgresql://u@db:5432/t',
    );
    const problems = problemsOf({
      ...minimal,
      DATABASE_POOL_MODE: 'statement',
      REDIS_URL: 'redis+cluster://nodes',
      SHUTDOWN_DRAIN_SECONDS: '-1',
      LEAK_SCAN_CHANNELS: 'yes',
    });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'DATABASE_POOL_MODE',
      'LEAK_SCAN_CHANNELS',
      'REDIS_URL',
      'SHUTDOWN_DRAIN_SECONDS',
    ]);
  });

  it('refuses an unknown action and a key URL that is not http(s)', () => {
    const problems = problemsOf({ ...minimal, LEAK_ACTION: 'delete', GITHUB_SECRET_SCANNING_KEYS_URL: 'ftp://keys' });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['GITHUB_SECRET_SCANNING_KEYS_URL', 'LEAK_ACTION']);
    expect(problems.find((p) => p.startsWith('LEAK_ACTION'))).toContain('revoke, disable or notify');
  });
});

describe('the workspace language', () => {
  it('is English unless set: what a whole channel reads (Slack does not tell apps the workspace default)', () => {
    expect(loadConfig(minimal).workspaceLanguage).toBe('en');
    expect(loadConfig({ ...minimal, WORKSPACE_LANGUAGE: 'JA' }).workspaceLanguage).toBe('ja');
    expect(problemsOf({ ...minimal, WORKSPACE_LANGUAGE: 'fr' })).toEqual(['WORKSPACE_LANGUAGE must be en or ja']);
  });
});

describe('webhook receivers allowed on private addresses', () => {
  it('are none unless listed, as host or host:port', () => {
    expect(loadConfig(minimal).webhookAllowedHosts).toEqual([]);
    expect(
      loadConfig({ ...minimal, WEBHOOK_ALLOWED_HOSTS: 'hooks.internal:8443, 10.0.0.8,[fd00::1]:443' })
        .webhookAllowedHosts,
    ).toEqual(['hooks.internal:8443', '10.0.0.8', '[fd00::1]:443']);
    expect(problemsOf({ ...minimal, WEBHOOK_ALLOWED_HOSTS: 'https://hooks.internal/x' })).toEqual([
      'WEBHOOK_ALLOWED_HOSTS must list host or host:port entries, separated by commas (such as hooks.internal:8443)',
    ]);
  });
});
