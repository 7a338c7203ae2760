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

describe('warnAboutSetup', () => {
  it('names a rule whose escalation comes after its requests expire', () => {
    expect(warnings(72, 4 * 24 * 60)).toEqual([expect.stringContaining('Approval rule "late" escalates after 5760')]);
    expect(warnings(72, 24 * 60)).toEqual([]);
  });
});
