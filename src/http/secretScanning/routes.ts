// The secret-scanning endpoints of a web instance: GitHub's partner endpoint and GitLab's
// token revocation API, both ending in the same LeakService.
import type { RedisClient } from '../../store/redis.js';
import type { Config } from '../../config/env.js';
import type { LeakService } from '../../domain/leaks.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import { createRateLimit } from '../../store/rateLimit.js';
import type { Routes } from '../server.js';
import { githubSecretScanningRoute } from './github.js';
import { GithubKeys } from './githubKeys.js';
import { gitlabRevocationRoutes } from './gitlab.js';

/** GitLab sends one request per scanned pipeline: a minute's allowance per key is generous. */
const GITLAB_RATE = { max: 60, windowSeconds: 60 };

export function secretScanningRoutes(options: {
  config: Config;
  leaks: LeakService;
  redis: RedisClient;
  metrics: Metrics;
  logger: Logger;
}): Routes {
  const { config, leaks, metrics, logger } = options;
  const keys = new GithubKeys({ url: config.leaks.githubKeysUrl });
  const rateLimit = createRateLimit({
    redis: options.redis,
    redisPrefix: config.redisPrefix,
    name: 'gitlab',
    ...GITLAB_RATE,
  });
  return {
    'POST /v1/secret-scanning/github': githubSecretScanningRoute({ keys, leaks, metrics, logger }),
    ...gitlabRevocationRoutes({ apiKeys: config.leaks.gitlabApiKeys, rateLimit, leaks, metrics }),
  };
}
