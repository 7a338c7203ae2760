// What an operator should hear at start: settings that work but are not safe or not complete.
import { DEV_TOKEN_HASH_SECRET, type Config } from '../config/env.js';
import { escalatesInTime, namesUserGroup } from '../domain/approvals.js';
import type { Catalog } from '../domain/catalog.js';
import type { Logger } from '../observability/logger.js';
import type { Role } from './options.js';

export function warnAboutSetup(config: Config, role: Role, catalog: Catalog, logger: Logger): void {
  warnAboutKeys(config, role !== 'worker', logger);
  if (namesUserGroup(catalog.approvals)) {
    logger.warn(
      'An approval policy names a Slack user group: add the usergroups:read scope to the Slack app (manifest.yml) and reinstall it, or nobody from that group can approve.',
    );
  }
  for (const rule of catalog.approvals) {
    // Domain admins decide for their domain only: an organization's own tokens would wait for nobody.
    const domainAdminsOnly =
      rule.required > 0 &&
      rule.approvers.length > 0 &&
      rule.approvers.every((ref) => ref.kind === 'role' && ref.role === 'domain_admin');
    if (domainAdminsOnly && (!rule.owners.length || rule.owners.some((owner) => owner.startsWith('org:'))))
      logger.warn(
        `Approval rule "${rule.name}" names only domain admins, who approve for their domain only: requests it covers for an organization's own tokens can be approved by nobody. Add role:org_admin, or list only domains in owners.`,
      );
    if (rule.escalateTo.length && rule.required > 0 && !escalatesInTime(rule, config.approvalTtlHours))
      logger.warn(
        `Approval rule "${rule.name}" escalates after ${rule.escalateAfterMinutes} minutes, but requests expire after APPROVAL_TTL_HOURS=${config.approvalTtlHours}: it never escalates. Shorten escalate_after or raise APPROVAL_TTL_HOURS.`,
      );
  }
}

/** The keys' warnings, for every role (`verifies`: it serves the verification API). */
export function warnAboutKeys(config: Config, verifies: boolean, logger: Logger): void {
  if (config.tokenHashSecret === DEV_TOKEN_HASH_SECRET) {
    logger.warn(
      'TOKEN_HASH_SECRET IS NOT SET: using the development default. Anyone who knows it can compute token digests; set 32+ random characters (openssl rand -hex 32) before issuing real tokens.',
    );
  }
  if (verifies && config.verifyApiKeys.length === 0) {
    logger.warn(
      'VERIFY_API_KEYS is empty: POST /v1/tokens/verify refuses every call (401) until you set at least one key (openssl rand -hex 24) and give it to your API.',
    );
  }
}
