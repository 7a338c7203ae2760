import { describe, expect, it } from 'vitest';
import type { ApprovalRule } from '../../../src/domain/approvals.js';
import { translator } from '../../../src/i18n/index.js';
import { policyMessage } from '../../../src/slack/views/policy.js';
import { approvalRule } from '../../support/approvalRules.js';

const rule = (more: Partial<ApprovalRule>) => approvalRule('r', more);

describe('/token policy', () => {
  it('says each rule in a sentence, in the reader’s language', () => {
    const rules = [
      rule({
        name: 'refunds',
        scopes: ['payments:refund'],
        required: 2,
        approvers: [
          { kind: 'role', role: 'org_admin' },
          { kind: 'usergroup', id: 'S0SEC' },
        ],
        escalateAfterMinutes: 240,
        escalateTo: [{ kind: 'user', id: 'U0CISO' }],
      }),
      rule({
        name: 'shop resets',
        operations: ['reset'],
        owners: ['domain:shop.acme.test'],
        required: 0,
        escalateAfterMinutes: 60,
        escalateTo: [{ kind: 'user', id: 'U0NOBODY' }],
      }),
    ];
    const en = JSON.stringify(policyMessage(translator('en'), rules, 72).blocks);
    expect(en).toContain(
      '*refunds* — token requests, with `payments:refund`: 2 approvals from the admins of the organization, <!subteam^S0SEC>; after 4 hours undecided, also <@U0CISO>',
    );
    expect(en).toContain('*shop resets* — resets, for Domain shop.acme.test: no approval needed');
    expect(en).not.toMatch(/not applied/i); // every operation's rules are enforced
    expect(en).not.toContain('U0NOBODY'); // nothing to escalate when no approval is needed
    const ja = JSON.stringify(policyMessage(translator('ja'), rules, 72).blocks);
    expect(ja).toContain('適用中の承認ルール');
    expect(ja).toContain(
      '組織の管理者、<!subteam^S0SEC> のうち 2 人の承認が必要です。4 時間以内に承認・却下されなければ、<@U0CISO> にもエスカレーションします。',
    );
    expect(ja).toContain('シークレットのリセット（対象：ドメイン shop.acme.test）：承認は不要です。');
  });

  it('offers no escalation that requests expire before (escalate_after not under APPROVAL_TTL_HOURS)', () => {
    const late = rule({
      name: 'late',
      required: 1,
      escalateAfterMinutes: 4 * 24 * 60,
      escalateTo: [{ kind: 'user', id: 'U0CISO' }],
    });
    expect(JSON.stringify(policyMessage(translator('en'), [late], 72).blocks)).not.toContain('U0CISO');
    expect(JSON.stringify(policyMessage(translator('en'), [late], 120).blocks)).toContain(
      'after 4 days undecided, also <@U0CISO>',
    );
  });

  it('says when there are no rules', () => {
    expect(policyMessage(translator('en'), [], 72).text).toContain('The catalog sets no approval rules');
  });
});

describe('/token policy with more rules than a message holds', () => {
  it('shows 45 and says how many more are in effect, within 50 blocks', () => {
    const rules = Array.from({ length: 47 }, (_, i) => rule({ name: `rule ${i + 1}` }));
    const message = policyMessage(translator('en'), rules, 72);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('rule 45');
    expect(text).not.toContain('rule 46');
    expect(text).toContain('… and 2 more rules in effect, not shown here');
    expect(JSON.stringify(policyMessage(translator('en'), rules.slice(0, 45), 72).blocks)).not.toContain('more rule');
  });
});
