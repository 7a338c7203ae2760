// Slack user groups (usergroups.users.list, scope usergroups:read), for approval policies that
// name one. Members are cached briefly (a change in Slack counts within a minute); a group that
// cannot be read (missing_scope, no_such_subteam, Slack down) reads as null: nobody from it may
// approve, and the approval message says so (fail closed).
import type { WebClient } from '@slack/web-api';
import { LRUCache } from 'lru-cache';
import type { GroupDirectory } from '../../domain/ports.js';
import type { Logger } from '../../observability/logger.js';
import { slackError } from './errors.js';

const TTL_MS = 60_000;
/** A failure is remembered for less long: a scope granted meanwhile counts soon. */
const FAILURE_TTL_MS = 10_000;

export function slackUserGroups(client: WebClient, logger: Logger, ttlMs = TTL_MS): GroupDirectory {
  const cache = new LRUCache<string, { members: ReadonlySet<string> | null }>({ max: 1_000, ttl: ttlMs });
  return {
    async members(groupId) {
      const hit = cache.get(groupId);
      if (hit) return hit.members;
      try {
        const answer = await client.usergroups.users.list({ usergroup: groupId });
        const members = new Set(answer.users ?? []);
        cache.set(groupId, { members });
        return members;
      } catch (error) {
        logger.warn(
          { err: error, slackError: slackError(error), usergroup: groupId },
          'could not read a user group named by an approval policy; nobody from it may approve',
        );
        cache.set(groupId, { members: null }, { ttl: Math.min(ttlMs, FAILURE_TTL_MS) });
        return null;
      }
    },
  };
}
