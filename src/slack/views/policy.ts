// `/token policy`: the approval rules in effect, one sentence each, in the reader's language.
import { escalatesInTime, type ApprovalRule, type ApproverRef } from '../../domain/approvals.js';
import type { Translate } from '../../i18n/index.js';
import type { Message } from './message.js';
import { ownerRefText } from './request.js';
import { clip, mrkdwn } from './text.js';

const refText = (t: Translate, ref: ApproverRef) => {
  if (ref.kind === 'user') return `<@${ref.id}>`;
  if (ref.kind === 'usergroup') return `<!subteam^${ref.id}>`;
  return ref.role === 'workspace_admin' ? t('request.role.workspace_admin') : t(`policy.role.${ref.role}`);
};

const refsText = (t: Translate, refs: ApproverRef[]) =>
  refs.length ? t('text.list', { items: refs.map((ref) => refText(t, ref)) }) : t('policy.ownerAdmins');

function ruleText(t: Translate, rule: ApprovalRule, ttlHours: number): string {
  return t('policy.rule', {
    name: rule.name,
    operations: t('text.list', { items: rule.operations.map((operation) => t(`policy.operation.${operation}`)) }),
    owners: t('text.list', { items: rule.owners.map((owner) => ownerRefText(t, owner)) }),
    scopes: rule.scopes.map((scope) => `\`${scope}\``).join(' '),
    required: rule.required,
    approvers: refsText(t, rule.approvers),
    // "No approval needed" has nothing to escalate, nor a request that expires first.
    escalation: escalatesInTime(rule, ttlHours)
      ? t('policy.escalation', {
          after: t('duration.minutes', { minutes: rule.escalateAfterMinutes! }),
          to: refsText(t, rule.escalateTo),
        })
      : '',
  });
}

const SHOWN_RULES = 45;

/** `ttlHours`: how long requests wait (APPROVAL_TTL_HOURS); an escalation later than that is not offered. */
export function policyMessage(t: Translate, rules: ApprovalRule[], ttlHours: number): Message {
  const heading = `*${t('policy.heading')}*`;
  if (!rules.length)
    return { text: t('policy.none'), blocks: [{ type: 'section', text: mrkdwn(`${heading}\n${t('policy.none')}`) }] };
  // A section each (3,000 characters apiece), within Slack's 50 blocks: the rest are counted.
  const more = rules.length - SHOWN_RULES;
  return {
    text: t('policy.heading'),
    blocks: [
      { type: 'section', text: mrkdwn(heading) },
      ...rules
        .slice(0, SHOWN_RULES)
        .map((rule) => ({ type: 'section' as const, text: mrkdwn(clip(ruleText(t, rule, ttlHours), 3000)) })),
      ...(more > 0 ? [{ type: 'context' as const, elements: [mrkdwn(t('policy.more', { count: more }))] }] : []),
      { type: 'context', elements: [mrkdwn(t('policy.footer'))] },
    ],
  };
}
