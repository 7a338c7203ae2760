// What an operator is told at start about settings that work but do not do what they say.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { warnAboutSetup } from '../../src/compose/warnings.js';
import type { Logger } from '../../src/observability/logger.js';
import { approvalRule } from '../support/approvalRules.js';
import { testCatalog } from '../support/catalog.js';

const warnings = (ttlHours: number, escalateAfterMinutes: number) => {
  const said: string[] = [];
  const logger = { warn: (message: string) => said.push(message) } as unknown as Logger;
  const config = loadConfig({ APPROVAL_TTL_HOURS: String(ttlHours) }, { slack: false });
  const rule = approvalRule('late', {
    required: 1,
    escalateAfterMinutes,
    escalateTo: [{ kind: 'user', id: 'U0CISO' }],
  });
  warnAboutSetup(config, 'web', { ...testCatalog, approvals: [rule] }, logger);
  return said.filter((message) => message.includes('never escalates'));
};

const said = (rule: ReturnType<typeof approvalRule>) => {
  const messages: string[] = [];
  const logger = { warn: (message: string) => messages.push(message) } as unknown as Logger;
  warnAboutSetup(loadConfig({}, { slack: false }), 'web', { ...testCatalog, approvals: [rule] }, logger);
  return messages.filter((message) => message.includes('approved by nobody'));
};

describe('warnAboutSetup', () => {
  it('names a rule only domain admins may approve that covers an organization’s own tokens', () => {
    const domainAdmins = [{ kind: 'role' as const, role: 'domain_admin' as const }];
    expect(said(approvalRule('domains', { approvers: domainAdmins }))).toHaveLength(1);
    expect(said(approvalRule('acme', { approvers: domainAdmins, owners: ['org:acme'] }))).toHaveLength(1);
    expect(said(approvalRule('shop', { approvers: domainAdmins, owners: ['domain:shop.acme.test'] }))).toEqual([]);
    expect(said(approvalRule('both', { approvers: [...domainAdmins, { kind: 'role', role: 'org_admin' }] }))).toEqual(
      [],
    );
  });

  it('names a rule whose escalation comes after its requests expire', () => {
    expect(warnings(72, 4 * 24 * 60)).toEqual([expect.stringContaining('Approval rule "late" escalates after 5760')]);
    expect(warnings(72, 24 * 60)).toEqual([]);
  });
});
