// Who a request's message says may approve it: exactly those the approval rules let decide.
import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import {
  answeredConfirmation,
  approversText,
  ownerRefText,
  requesterMessage,
  requestMessage,
} from '../../../src/slack/views/request.js';
import { tokenRequest } from '../../support/everyMessage.js';

const t = translator('en');
const NOW = new Date('2026-11-20T09:30:00Z');

describe('approversText', () => {
  it('keeps the owner’s admins once a request without named approvers is escalated: they may still decide', () => {
    const request = tokenRequest('pending', {
      owner: 'org:acme',
      escalatedAt: NOW,
      rule: { ...tokenRequest('pending').rule, approvers: [], escalateTo: [{ kind: 'user', id: 'U0CISO0001' }] },
    });
    const admins = t('request.ownerAdmins', { owner: ownerRefText(t, 'org:acme') });
    expect(approversText(t, request, new Map()).who).toBe(`${admins}, <@U0CISO0001>`);
  });

  it('does not name domain admins for an organization’s token, whom the rule does not let decide it', () => {
    const rule = {
      ...tokenRequest('pending').rule,
      approvers: [
        { kind: 'role' as const, role: 'domain_admin' as const },
        { kind: 'role' as const, role: 'org_admin' as const },
      ],
    };
    const org = approversText(t, tokenRequest('pending', { owner: 'org:acme', rule }), new Map()).who;
    expect(org).toBe(t('request.role.org_admin', { owner: ownerRefText(t, 'org:acme'), domain: false }));
    // Only domain admins, for an organization's token: nobody is named, and the message says so.
    const none = tokenRequest('pending', { owner: 'org:acme', rule: { ...rule, approvers: [rule.approvers[0]!] } });
    expect(approversText(t, none, new Map()).who).toBe('');
    expect(JSON.stringify(requestMessage(t, none, new Map()).blocks)).toContain(t('request.noApprovers'));
    const shop = 'domain:shop.acme.test';
    const domain = approversText(t, tokenRequest('pending', { owner: shop, rule }), new Map()).who;
    expect(domain).toBe(
      [
        t('request.role.domain_admin', { owner: ownerRefText(t, shop), domain: true }),
        t('request.role.org_admin', { owner: ownerRefText(t, shop), domain: true }),
      ].join(', '),
    );
  });
});

describe('answeredConfirmation', () => {
  const pending = tokenRequest('pending');
  const asked = requesterMessage(t, pending, t('request.where.channel', { channel: 'C0APPROVAL' }));

  it('says how the request ended, its Withdraw gone', () => {
    const rejected = { ...pending, state: 'rejected' as const, decidedBy: 'U0ALEX0001', decidedAt: NOW };
    const answered = answeredConfirmation(t, asked, rejected)!;
    expect(answered).toEqual(requesterMessage(t, rejected, ''));
    expect(answered.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('leaves it while the request waits, once it offers no Withdraw, and when it is another request’s', () => {
    expect(answeredConfirmation(t, asked, pending)).toBeUndefined();
    const expired = { ...pending, state: 'expired' as const };
    expect(answeredConfirmation(t, requesterMessage(t, expired, ''), expired)).toBeUndefined();
    expect(answeredConfirmation(t, asked, { ...expired, id: 'another-request' })).toBeUndefined();
  });
});

describe('an approved token request’s outcome', () => {
  const ja = translator('ja');
  const made = tokenRequest('approved', { decidedAt: NOW, tokenId: 'x', displayId: 'tok_AbCdEf1234' });
  const delivered = { ...made, deliveredAt: NOW };
  const said = (message: { text: string }) => message.text;

  it('says the secret is on its way until it reached the requester', () => {
    expect(said(requestMessage(t, made, new Map()))).toContain(
      'Token `tok_AbCdEf1234` was made; its secret is on its way to the requester.',
    );
    expect(said(requesterMessage(t, made, ''))).toContain(
      'Token `tok_AbCdEf1234` was made; its secret is on its way to you by direct message.',
    );
    expect(said(requestMessage(t, made, new Map()))).not.toContain('went to');
    expect(said(requesterMessage(ja, made, ''))).toContain(
      'トークン `tok_AbCdEf1234` を発行し、シークレットをダイレクトメッセージでお送りしています。',
    );
    expect(said(requestMessage(ja, made, new Map()))).toContain(
      'トークン `tok_AbCdEf1234` を発行し、シークレットを申請者にお送りしています。',
    );
  });

  it('says where it went once delivered', () => {
    expect(said(requestMessage(t, delivered, new Map()))).toContain(
      'Token `tok_AbCdEf1234` was made; its secret went to the requester.',
    );
    expect(said(requesterMessage(t, delivered, ''))).toContain(
      'Token `tok_AbCdEf1234` was made; its secret went to you by direct message.',
    );
    expect(said(requestMessage(t, delivered, new Map()))).not.toContain('on its way');
    expect(said(requestMessage(ja, delivered, new Map()))).toContain(
      'トークン `tok_AbCdEf1234` を発行し、シークレットを申請者に届けました。',
    );
  });

  it('says the token is being made before it has an id', () => {
    const approved = tokenRequest('approved', { decidedAt: NOW });
    expect(said(requestMessage(t, approved, new Map()))).toContain('Making the token…');
  });
});
