// Every message, modal and e-mail tokenops sends, rendered in one language from realistic data,
// and a history with every kind of audit entry (done and refused, with and without its values),
// so that tests read what people read, including what code joins around the catalogs' strings.
import { signingSecretMessage, webhookList } from '../../src/slack/views/webhook.js';
import type { AuditAction, AuditEntry } from '../../src/domain/audit.js';
import type { Leak } from '../../src/domain/leaks.js';
import type { Owner } from '../../src/domain/permissions.js';
import type { ApprovalRequest, RevocationRequest } from '../../src/domain/ports.js';
import type { Token } from '../../src/domain/tokens.js';
import { noUsage } from '../../src/domain/usage.js';
import { changeEmail, leakEmail, reminderEmail } from '../../src/email/messages.js';
import { translator, type Language } from '../../src/i18n/index.js';
import { subcommands } from '../../src/slack/grammar.js';
import { auditMessage } from '../../src/slack/views/audit.js';
import { createModal } from '../../src/slack/views/createModal.js';
import { editModal } from '../../src/slack/views/editModal.js';
import { extendModal } from '../../src/slack/views/extendModal.js';
import { helpMessage } from '../../src/slack/views/help.js';
import { homeView } from '../../src/slack/views/home.js';
import { leakChannelNotice, leakNotice, pastedSecretOffer } from '../../src/slack/views/leak.js';
import { keyLeakNotice } from '../../src/slack/views/apiKeys.js';
import { listMessage, searchModal } from '../../src/slack/views/list.js';
import {
  orphanNotice,
  reminderDigest,
  expiryReminder,
  reviewRequest,
  staleNotice,
} from '../../src/slack/views/reminder.js';
import { reasonModal, revocationMessage } from '../../src/slack/views/revocation.js';
import { rejectModal, requesterMessage, requestMessage, requestModal } from '../../src/slack/views/request.js';
import { policyMessage } from '../../src/slack/views/policy.js';
import { simpleMessage } from '../../src/slack/views/message.js';
import { dateText } from '../../src/slack/views/text.js';
import { question, refusalNotice, secretMessage, tokenDetails } from '../../src/slack/views/token.js';
import { testCatalog } from './catalog.js';

export const NOW = new Date('2026-11-20T09:30:00Z');
const DAY = 86_400_000;

const acme: Owner = { type: 'organization', organizationId: 'o1', organizationSlug: 'acme' };
const shop: Owner = {
  type: 'domain',
  organizationId: 'o1',
  organizationSlug: 'acme',
  domainId: 'd1',
  domainName: 'shop.acme.test',
};

export const sampleToken: Token = {
  id: 't1',
  displayId: 'tok_AbCdEf1234',
  label: '在庫連携',
  description: '倉庫システムとの在庫同期',
  owner: acme,
  apiVersion: '2026-01',
  scopes: ['orders:read', 'orders:write'],
  primaryContact: 'U0YUKI0001',
  developerEmails: ['dev@acme.test', 'ops@acme.test'],
  allowedIps: ['203.0.113.0/24', '2001:db8::/32'],
  rateLimit: '600/min',
  expiresAt: new Date('2026-11-28T23:28:00Z'),
  status: 'enabled',
  statusReason: null,
  createdBy: 'U0ALEX0001',
  createdAt: new Date('2026-08-30T23:28:00Z'),
  updatedAt: new Date('2026-08-30T23:28:00Z'),
  lastUsedAt: null,
};
/** Another token: a half-width label, a domain owner, used, never expiring. */
const partnerToken: Token = {
  ...sampleToken,
  id: 't2',
  displayId: 'tok_PaRtNeR001',
  label: 'Partner feed',
  owner: shop,
  expiresAt: null,
  lastUsedAt: new Date('2026-11-19T08:00:00Z'),
};

const request = (state: RevocationRequest['state'], extra: Partial<RevocationRequest> = {}): RevocationRequest => ({
  id: '00000000-0000-4000-8000-000000000001',
  tokenId: sampleToken.id,
  displayId: sampleToken.displayId,
  requestedBy: 'U0ALEX0001',
  reason: 'no longer used',
  state,
  channelId: 'C0APPROVAL',
  messageTs: '1700000000.000100',
  decidedBy: state === 'approved' || state === 'rejected' ? 'U0HANA0001' : null,
  decidedAt: state === 'pending' ? null : new Date(NOW.getTime() - DAY),
  outcomeReason: state === 'rejected' ? 'still used by the warehouse' : null,
  expiresAt: new Date(NOW.getTime() + 3 * DAY),
  createdAt: NOW,
  ...extra,
});

export const leak = (reporter: Leak['reporter'], action: Leak['action'], location: string | null): Leak => ({
  id: 1,
  tokenId: sampleToken.id,
  displayId: sampleToken.displayId,
  reporter,
  location,
  origin: null,
  action,
});

/** Every action of the audit trail: the type makes this list complete. */
const ACTIONS = {
  'token.create': true,
  'token.duplicate': true,
  'token.view': true,
  'token.audit': true,
  'token.edit': true,
  'token.reset': true,
  'token.reset.void': true,
  'token.void': true,
  'token.upgrade': true,
  'token.extend': true,
  'token.disable': true,
  'token.enable': true,
  'token.revoke': true,
  'token.delete': true,
  'token.review.keep': true,
  'token.stale.keep': true,
  'token.leak': true,
  'revocation.request': true,
  'revocation.approve': true,
  'revocation.reject': true,
  'revocation.expire': true,
  'revocation.close': true,
  'revocation.discard': true,
  'tenants.organization.create': true,
  'tenants.domain.create': true,
  'tenants.grant': true,
  'tenants.ungrant': true,
  'tenants.roles': true,
  'request.submit': true,
  'request.approve': true,
  'request.reject': true,
  'request.withdraw': true,
  'request.expire': true,
  'request.escalate': true,
  'request.close': true,
  'request.fail': true,
  'webhook.add': true,
  'webhook.remove': true,
  'webhook.rotate': true,
  'webhook.test': true,
  'webhook.disable': true,
  'apikey.create': true,
  'apikey.void': true,
  'apikey.revoke': true,
  'apikey.leak': true,
  'audit.purge': true,
} satisfies Record<AuditAction, true>;
export const AUDIT_ACTIONS = Object.keys(ACTIONS) as AuditAction[];

let sequence = 0;
const entry = (action: AuditAction, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  id: String(++sequence),
  createdAt: new Date(NOW.getTime() - DAY),
  actor: 'U0ALEX0001',
  action,
  outcome: 'ok',
  displayId: sampleToken.displayId,
  ...extra,
});

/** What each action records, as the services write it. */
const RECORDED: Partial<Record<AuditAction, Partial<AuditEntry>>> = {
  'token.duplicate': { snapshot: { source: 'tok_SoUrCe0001' } },
  'token.edit': {
    changes: { description: { before: '', after: 'x' }, developerEmails: { before: [], after: ['dev@acme.test'] } },
  },
  'token.upgrade': { changes: { apiVersion: { before: '2025-01', after: '2026-01' } } },
  'token.extend': { changes: { expiresAt: { before: '2026-11-28T23:28:00.000Z', after: '2027-02-26T23:28:00.000Z' } } },
  'token.disable': {
    changes: {
      status: { before: 'enabled', after: 'disabled' },
      statusReason: { before: null, after: 'paused for the audit' },
    },
  },
  'token.revoke': {
    changes: { status: { before: 'enabled', after: 'revoked' }, statusReason: { before: null, after: 'replaced' } },
  },
  'token.leak': {
    actor: 'tokenops:leak-scanner',
    changes: {
      leak: {
        before: null,
        after: {
          reporter: 'github',
          location: 'https://github.com/acme/app/blob/main/.env',
          origin: 'commit',
          action: 'revoke',
        },
      },
    },
  },
  'revocation.request': { reason: 'no longer used', snapshot: { requestId: 'r1' } },
  'revocation.reject': { reason: 'still used by the warehouse', snapshot: { requestId: 'r1' } },
  'revocation.expire': { actor: 'tokenops' },
  'revocation.close': { reason: 'token_deleted' },
  'revocation.discard': { reason: 'channel_not_found' },
  'tenants.organization.create': { snapshot: { slug: 'acme' } },
  'tenants.domain.create': { snapshot: { organization: 'acme', domain: 'shop.acme.test' } },
  'tenants.grant': { snapshot: { userId: 'U0YUKI0001', role: 'org_admin', slug: 'acme' } },
  'tenants.ungrant': { snapshot: { userId: 'U0YUKI0001', role: 'domain_admin', name: 'shop.acme.test' } },
};

/** A refusal for each action, with the values the services record (one with two reasons). */
const REFUSED: Partial<Record<AuditAction, Partial<AuditEntry>>> = {
  'token.extend': { reason: 'expiry_beyond_policy', snapshot: { params: { expiry_beyond_policy: { max: 365 } } } },
  'token.upgrade': { reason: 'version_unchanged', snapshot: { params: { version_unchanged: { version: '2026-01' } } } },
  'token.edit': {
    reason: 'label_too_long,email_invalid',
    snapshot: { params: { label_too_long: { max: 64 }, email_invalid: { email: 'dev@' } } },
  },
  'token.create': { reason: 'scope_unknown', snapshot: { params: { scope_unknown: { scope: 'orders:delete' } } } },
  'revocation.approve': { reason: 'own_request' },
  'token.disable': { reason: 'already_disabled' },
  'token.enable': { reason: 'already_enabled' },
  'token.revoke': { reason: 'approval_required' },
};

/** Every action done (with its values, then as older versions recorded it, without), and refused. */
export function everyAuditEntry(): AuditEntry[] {
  return AUDIT_ACTIONS.flatMap((action) => [
    entry(action, RECORDED[action]),
    entry(action),
    entry(action, { outcome: 'refused', reason: 'not_permitted', ...REFUSED[action] }),
  ]);
}

/** The reset's old secret: still working (future) and ended (past). */
export const resetEntries = {
  future: entry('token.reset', {
    changes: {
      secret: {
        before: 'previous',
        after: 'new',
        oldSecretsValidUntil: new Date(NOW.getTime() + DAY).toISOString(),
      } as never,
    },
  }),
  past: entry('token.reset', {
    changes: {
      secret: {
        before: 'previous',
        after: 'new',
        oldSecretsValidUntil: new Date(NOW.getTime() - DAY / 2).toISOString(),
      } as never,
    },
  }),
};

export type Rendered = { kind: string; texts: string[] };

/** Every string a person reads in a Block Kit payload (text objects and notification texts). */
export function textsOf(payload: unknown): string[] {
  const texts: string[] = [];
  const walk = (value: unknown, key?: string) => {
    if (typeof value === 'string') {
      if (key === 'text') texts.push(value);
    } else if (Array.isArray(value)) value.forEach((item) => walk(item));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(payload);
  return texts;
}

/** Every kind of message, modal and e-mail, in `language` (e-mails: their part in it). */
/** A token request in `state`, asked by Dev for two approvals (one given). */
export const tokenRequest = (
  state: ApprovalRequest['state'],
  more: Partial<ApprovalRequest> = {},
): ApprovalRequest => ({
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'request',
  state,
  requestedBy: 'U0DEV00001',
  owner: 'domain:shop.acme.test',
  scopes: ['orders:read'],
  input: {
    owner: 'domain:shop.acme.test',
    label: '在庫連携',
    description: '',
    developerEmails: [],
    scopes: ['orders:read'],
    expiry: '30d',
  },
  reason: '倉庫システムとの在庫同期のため',
  rule: {
    name: 'refunds need two',
    operations: ['request'],
    owners: [],
    scopes: ['orders:read'],
    required: 2,
    approvers: [
      { kind: 'role', role: 'org_admin' },
      { kind: 'usergroup', id: 'S0SECURITY' },
    ],
    escalateAfterMinutes: 240,
    escalateTo: [{ kind: 'user', id: 'U0CISO0001' }],
  },
  approvals: ['U0HANA0001'],
  messages: [],
  decidedBy: state === 'pending' ? null : 'U0HANA0001',
  decidedAt: state === 'pending' ? null : NOW,
  outcomeReason: null,
  tokenId: null,
  displayId: null,
  deliveredAt: null,
  escalatedAt: null,
  expiresAt: new Date(NOW.getTime() + 3 * DAY),
  createdAt: NOW,
  ...more,
});

/** A change of `tok_AbCdEf1234` under an approval policy, in `state`. */
export const changeRequest = (
  kind: 'revoke' | 'reset' | 'extend',
  state: ApprovalRequest['state'],
  more: Partial<ApprovalRequest> = {},
): ApprovalRequest =>
  tokenRequest(state, {
    kind,
    input: {
      displayId: 'tok_AbCdEf1234',
      label: '在庫連携',
      grace: kind === 'reset' ? '24h' : undefined,
      expiry: kind === 'extend' ? '90d' : undefined,
    },
    reason: kind === 'revoke' ? '委託先との契約が終了したため' : '',
    ...more,
  });

/** What the App Home shows someone who administers nothing and has nothing waiting: tests add their parts. */
export const emptyHome: Parameters<typeof homeView>[1] = {
  administers: false,
  expiring: [],
  expiringMore: false,
  disabled: [],
  disabledMore: false,
  statusOf: () => 'enabled',
};

/** The App Home of an admin with requests to decide: a token, an extension, one asked with a management key. */
export const homeToDecide = (t: ReturnType<typeof translator>, administers = true) =>
  homeView(t, {
    ...emptyHome,
    administers,
    toDecide: [
      tokenRequest('pending'),
      changeRequest('extend', 'pending'),
      tokenRequest('pending', { requestedBy: 'key_AbCd1234' }),
    ],
  });

/** A digest of `count` unused tokens; `refused`: every third one called but refused. */
const unusedDigest = (t: ReturnType<typeof translator>, count: number, refused = false) =>
  reminderDigest(
    t,
    Array.from({ length: count }, (_, i) => ({
      token: { ...partnerToken, displayId: `tok_Unused${String(i).padStart(4, '0')}` },
      kind: 'stale' as const,
      threshold: 30,
      refused: refused && i % 3 === 1 ? 1000 + i : undefined,
    })),
    NOW,
  );

export function everyMessage(language: Language): Rendered[] {
  const t = translator(language);
  const owners = [acme, shop];
  const metadata = { key: 'k', channel: 'C0GENERAL1' };
  const half = (text: string) => text.split('\n\n---\n\n')[language === 'en' ? 0 : 1]!;
  const subject = (text: string) => text.split(' / ')[language === 'en' ? 0 : 1]!;
  const email = (kind: string, mail: { subject: string; text: string }): Rendered => ({
    kind,
    texts: [subject(mail.subject), half(mail.text)],
  });
  const messages: Array<[string, unknown]> = [
    ['help', helpMessage(t, subcommands)],
    [
      'help with usage',
      helpMessage(t, [subcommands[6]!], t('usage.malformed', { syntax: 'reset &lt;id&gt; [now|1h|24h|7d]' })),
    ],
    ['create form', createModal(t, language, { owners, catalog: testCatalog, callerId: 'U0ALEX0001', metadata })],
    ['edit form', editModal(t, language, sampleToken, testCatalog, { metadata: { id: sampleToken.displayId } })],
    [
      'edit form, never expires',
      editModal(t, language, partnerToken, testCatalog, { metadata: { id: partnerToken.displayId } }),
    ],
    ['extend form', extendModal(t, sampleToken, testCatalog, {})],
    ['extend form, asking for approval', extendModal(t, sampleToken, testCatalog, {}, true)],
    ['search form', searchModal(t, ['在庫'], { stateId: 's', responseUrl: 'https://hooks.slack.com/x' })],
    [
      'secret DM',
      secretMessage(
        t,
        sampleToken,
        'tko_SECRET',
        t('secret.resetNote', { until: dateText(t, new Date(NOW.getTime() + DAY), '') }),
      ),
    ],
    ['show', tokenDetails(t, sampleToken, 'enabled')],
    ['show, used, never expires', tokenDetails(t, partnerToken, 'disabled')],
    [
      'show with usage',
      tokenDetails(t, sampleToken, 'enabled', {
        recentSince: new Date('2026-11-28T00:00:00Z'),
        last24h: { VALID: 1200, FORBIDDEN: 34 },
        last30d: { VALID: 31000, RATE_LIMITED: 12 },
        perDay: Array.from({ length: 30 }, (_, i) => (i * 37) % 11),
        addresses: [
          {
            ip: '203.0.113.7',
            firstSeen: new Date('2026-11-01T00:00:00Z'),
            lastSeen: new Date('2026-11-28T23:28:00Z'),
          },
        ],
      }),
    ],
    ['refused, forbidden', refusalNotice(t, sampleToken, 'FORBIDDEN', true)],
    ['refused, rate limited', refusalNotice(t, sampleToken, 'RATE_LIMITED', true)],
    ['refused, forbidden, to a contact who is no admin', refusalNotice(t, sampleToken, 'FORBIDDEN', false)],
    ['refused, rate limited, to a contact who is no admin', refusalNotice(t, sampleToken, 'RATE_LIMITED', false)],
    [
      'show, unused',
      tokenDetails(t, sampleToken, 'enabled', {
        recentSince: new Date('2026-11-28T00:00:00Z'),
        last24h: {},
        last30d: {},
        perDay: new Array<number>(30).fill(0),
        addresses: [],
      }),
    ],
    [
      'list',
      listMessage(
        t,
        { tokens: [sampleToken, partnerToken], start: 1, previous: false, next: true },
        { filter: {} },
        's',
        () => 'enabled',
        NOW,
      ),
    ],
    [
      'list, filtered',
      listMessage(
        t,
        { tokens: [sampleToken], start: 11, previous: true, next: false },
        {
          filter: {
            status: 'enabled',
            created: '30d',
            organizationSlug: 'acme',
            domainName: 'shop.acme.test',
            words: ['在庫'],
          },
        },
        's',
        () => 'enabled',
        NOW,
      ),
    ],
    [
      'list, empty',
      listMessage(t, { tokens: [], start: 1, previous: false, next: false }, { filter: {} }, 's', () => 'enabled', NOW),
    ],
    [
      'list, none match',
      listMessage(
        t,
        { tokens: [], start: 1, previous: false, next: false },
        { filter: { status: 'revoked', words: ['feed'] } },
        's',
        () => 'enabled',
        NOW,
      ),
    ],
    [
      'audit',
      auditMessage(t, sampleToken.displayId, [...everyAuditEntry(), resetEntries.future, resetEntries.past], NOW),
    ],
    ['audit, empty', auditMessage(t, sampleToken.displayId, [], NOW)],
    ['confirm delete', question(t, sampleToken, 'delete', [])],
    ['confirm revoke', question(t, sampleToken, 'revoke', ['夜間バッチを廃止したため'])],
    ['confirm reset', question(t, sampleToken, 'reset', [])],
    ['confirm reset now', question(t, sampleToken, 'reset', ['now'])],
    [
      'confirm downgrade',
      question(t, { ...sampleToken, apiVersion: testCatalog.latestVersion }, 'upgrade', [testCatalog.apiVersions[0]!]),
    ],
    ['revocation request', revocationMessage(t, request('pending'), sampleToken)],
    ['revocation approved', revocationMessage(t, request('approved'), sampleToken)],
    ['revocation rejected', revocationMessage(t, request('rejected'), sampleToken)],
    ['revocation expired', revocationMessage(t, request('expired'), sampleToken)],
    ['revocation closed, deleted', revocationMessage(t, request('closed', { outcomeReason: 'token_deleted' }), null)],
    [
      'revocation closed, revoked',
      revocationMessage(t, request('closed', { outcomeReason: 'revoked_directly' }), sampleToken),
    ],
    ['revocation reason form', reasonModal(t, 'request', sampleToken, {})],
    ['rejection reason form', reasonModal(t, 'reject', sampleToken, {})],
    [
      'token request form',
      requestModal(t, language, { owners, catalog: testCatalog, callerId: 'U0DEV00001', metadata }),
    ],
    ['token request', requestMessage(t, tokenRequest('pending'), new Map())],
    [
      'token request, escalated, group unreadable',
      requestMessage(t, tokenRequest('pending', { escalatedAt: NOW }), new Map([['S0SECURITY', null]])),
    ],
    [
      'token request approved',
      requestMessage(
        t,
        tokenRequest('approved', {
          approvals: ['U0HANA0001', 'U0YUKI0001'],
          displayId: 'tok_AbCdEf1234',
          deliveredAt: NOW,
        }),
        new Map(),
      ),
    ],
    [
      'token request approved, its secret on its way',
      requestMessage(
        t,
        tokenRequest('approved', { approvals: ['U0HANA0001', 'U0YUKI0001'], displayId: 'tok_AbCdEf1234' }),
        new Map(),
      ),
    ],
    [
      'token request rejected',
      requestMessage(
        t,
        tokenRequest('rejected', { outcomeReason: '共有の読み取り用トークンを使ってください' }),
        new Map(),
      ),
    ],
    ['token request expired', requestMessage(t, tokenRequest('expired'), new Map())],
    ['token request withdrawn', requestMessage(t, tokenRequest('withdrawn'), new Map())],
    [
      'token request closed',
      requestMessage(t, tokenRequest('closed', { outcomeReason: 'owner_not_found' }), new Map()),
    ],
    ['token request failed', requestMessage(t, tokenRequest('failed', { outcomeReason: 'undelivered' }), new Map())],
    [
      'token request asked',
      requesterMessage(t, tokenRequest('pending'), t('request.where.channel', { channel: 'C0APPROVAL' })),
    ],
    [
      'token request outcome',
      requesterMessage(t, tokenRequest('rejected', { outcomeReason: '共有の読み取り用トークンを使ってください' }), ''),
    ],
    [
      'token request outcome, approved, its secret on its way',
      requesterMessage(t, tokenRequest('approved', { displayId: 'tok_AbCdEf1234' }), ''),
    ],
    [
      'token request outcome, approved, its secret delivered',
      requesterMessage(t, tokenRequest('approved', { displayId: 'tok_AbCdEf1234', deliveredAt: NOW }), ''),
    ],
    ['revocation under a policy', requestMessage(t, changeRequest('revoke', 'pending'), new Map())],
    [
      'revocation under a policy, done',
      requestMessage(t, changeRequest('revoke', 'approved', { tokenId: 'x', deliveredAt: NOW }), new Map()),
    ],
    [
      'reset under a policy, asked by a key',
      requestMessage(t, changeRequest('reset', 'pending', { requestedBy: 'tkmk_AbCdEf1234' }), new Map()),
    ],
    [
      'reset under a policy, undone',
      requestMessage(t, changeRequest('reset', 'failed', { outcomeReason: 'reset_undone' }), new Map()),
    ],
    [
      'extension under a policy, done',
      requestMessage(t, changeRequest('extend', 'approved', { tokenId: 'x', deliveredAt: NOW }), new Map()),
    ],
    [
      'extension under a policy, closed',
      requestMessage(t, changeRequest('extend', 'closed', { outcomeReason: 'token_revoked' }), new Map()),
    ],
    [
      'change asked',
      requesterMessage(t, changeRequest('reset', 'pending'), t('request.where.channel', { channel: 'C0APPROVAL' })),
    ],
    ['change outcome', requesterMessage(t, changeRequest('extend', 'rejected'), '')],
    [
      'extension asked by the primary contact',
      requestMessage(
        t,
        changeRequest('extend', 'pending', {
          input: { displayId: 'tok_AbCdEf1234', label: '在庫連携', expiry: '90d', byContact: true },
        }),
        new Map(),
      ),
    ],
    [
      'extension asked by the primary contact, to them',
      requesterMessage(
        t,
        changeRequest('extend', 'pending', {
          input: { displayId: 'tok_AbCdEf1234', label: '在庫連携', expiry: '90d', byContact: true },
        }),
        t('request.where.channel', { channel: 'C0APPROVAL' }),
      ),
    ],
    ['token request rejection form', rejectModal(t, tokenRequest('pending'), {})],
    [
      'approval policy',
      policyMessage(
        t,
        [
          tokenRequest('pending').rule,
          {
            ...tokenRequest('pending').rule,
            name: 'shop resets',
            operations: ['reset'],
            owners: ['domain:shop.acme.test'],
            scopes: [],
            required: 0,
          },
        ],
        72,
      ),
    ],
    ['reminder', expiryReminder(t, sampleToken, 7, NOW)],
    ['reminder, expired', expiryReminder(t, sampleToken, 0, new Date(sampleToken.expiresAt!.getTime() + DAY))],
    ['reminder to the contact', expiryReminder(t, sampleToken, 7, NOW, 'contact')],
    [
      'reminder to the contact, expired',
      expiryReminder(t, sampleToken, 0, new Date(sampleToken.expiresAt!.getTime() + DAY), 'contact'),
    ],
    ['reminder to someone else', expiryReminder(t, sampleToken, 7, NOW, 'other')],
    [
      'reminder digest to the contact, beyond its buttons',
      reminderDigest(
        t,
        Array.from({ length: 30 }, (_, i) => ({
          token: { ...sampleToken, displayId: `tok_Contact${String(i).padStart(3, '0')}` },
          kind: 'expiry' as const,
          threshold: 7,
          reader: 'contact' as const,
        })),
        NOW,
      ),
    ],
    [
      'reminder answered by a request',
      simpleMessage(t('reminder.extensionAsked', { label: '在庫連携', id: 'tok_AbCdEf1234', user: 'U0ALEX0001' })),
    ],
    ['contact review', reviewRequest(t, sampleToken)],
    ['contact review, used', reviewRequest(t, partnerToken)],
    [
      'reminder digest',
      reminderDigest(
        t,
        Array.from({ length: 12 }, (_, i) => ({
          token: { ...sampleToken, displayId: `tok_Digest${String(i).padStart(4, '0')}` },
          kind: i % 3 === 2 ? ('review' as const) : ('expiry' as const),
          threshold: [7, 0, 0][i % 3]!,
        })),
        NOW,
      ),
    ],
    ['orphaned contact', orphanNotice(t, sampleToken, 'U0GONE0001')],
    ['unused token', staleNotice(t, sampleToken, 30)],
    ['unused token, used once', staleNotice(t, partnerToken, 30)],
    ['unused token, called but always refused', staleNotice(t, sampleToken, 30, 1234)],
    ['unused-token digest', unusedDigest(t, 12)],
    ['unused-token digest beyond its buttons, some tokens called but refused', unusedDigest(t, 60, true)],
    [
      'leak notice, GitHub',
      leakNotice(t, sampleToken, leak('github', 'revoke', 'https://github.com/acme/app/blob/main/.env')),
    ],
    [
      'leak notice, GitLab, disabled',
      leakNotice(t, { ...sampleToken, status: 'disabled' }, leak('gitlab', 'disable', null)),
    ],
    [
      'leak notice, disabled and expired',
      leakNotice(t, { ...sampleToken, status: 'disabled' }, leak('gitlab', 'disable', null), {
        admin: true,
        expired: true,
      }),
    ],
    [
      'leak notice, disable, the token revoked already',
      leakNotice(t, { ...sampleToken, status: 'revoked' }, leak('gitlab', 'disable', null)),
    ],
    [
      'leak notice, Slack, notify',
      leakNotice(t, sampleToken, leak('slack', 'notify', 'Slack conversation C0GENERAL1, message 1700000000.000100')),
    ],
    [
      'leak notice, to a contact who is no admin',
      leakNotice(t, sampleToken, leak('github', 'disable', null), { admin: false, expired: false }),
    ],
    [
      'leak notice, notify, the token disabled already',
      leakNotice(t, { ...sampleToken, status: 'disabled' }, leak('github', 'notify', null)),
    ],
    [
      'leak notice in the approvals channel',
      leakChannelNotice(t, sampleToken, leak('github', 'revoke', 'https://github.com/acme/app/blob/main/.env')),
    ],
    ['pasted secret', pastedSecretOffer(t, sampleToken)],
    [
      'management key leak, revoked',
      keyLeakNotice(t, {
        key: {
          displayId: 'key_AbCdEf1234',
          label: 'Terraform <prod>',
          scope: { type: 'workspace' },
          createdBy: 'U0ALEX0001',
        },
        reporter: 'github',
        location: 'https://github.com/acme/infra/blob/main/prod.tfvars',
        revoked: true,
      }),
    ],
    [
      'management key leak, still working',
      keyLeakNotice(t, {
        key: {
          displayId: 'key_AbCdEf1234',
          label: 'CI',
          scope: { type: 'organization', organizationId: 'o1', organizationSlug: 'acme' },
          createdBy: 'U0ALEX0001',
        },
        reporter: 'slack',
        location: 'Slack conversation C0GENERAL1, message 1700000000.000100',
        revoked: false,
      }),
    ],
    [
      'App Home',
      homeView(t, {
        administers: true,
        expiring: [sampleToken],
        expiringMore: true,
        disabled: [partnerToken],
        disabledMore: false,
        statusOf: (token) => (token === partnerToken ? 'expired' : 'enabled'), // disabled, then expired
        usage: [
          {
            token: sampleToken,
            usage: {
              ...noUsage(),
              perDay: Array.from({ length: 30 }, (_, i) => (i * 7) % 11),
              last30d: { VALID: 150 },
            },
          },
          { token: partnerToken, usage: noUsage() },
          // called, but only ever refused
          {
            token: { ...partnerToken, displayId: 'tok_Refused001', lastUsedAt: null },
            usage: { ...noUsage(), perDay: [...new Array(29).fill(0), 4], last30d: { FORBIDDEN: 4 } },
          },
        ],
        pending: [{ request: request('pending', { reason: '夜間バッチを廃止したため' }), label: sampleToken.label }],
      }),
    ],
    [
      'webhook list',
      webhookList(t, [
        {
          id: 'whk_AbCdEf1234',
          url: 'https://hooks.acme.test/tokenops',
          types: [],
          createdBy: 'U0ALEX0001',
          createdAt: NOW,
          disabledAt: null,
          disabledReason: null,
          previousUntil: null,
          pending: 2,
          failed: 0,
        },
        {
          id: 'whk_ZyXwVu9876',
          url: 'https://siem.acme.test/in',
          types: ['token.leaked', 'token.revoked'],
          createdBy: 'U0ALEX0001',
          createdAt: NOW,
          disabledAt: NOW,
          disabledReason: 'answered 500',
          previousUntil: null,
          pending: 0,
          failed: 1,
        },
      ]),
    ],
    ['webhook list, empty', webhookList(t, [])],
    [
      'webhook signing secret DM',
      signingSecretMessage(t, { id: 'whk_AbCdEf1234', url: 'https://hooks.acme.test/tokenops' }, 'whsec_SECRET'),
    ],
    [
      'App Home, no role',
      homeView(t, {
        ...emptyHome,
        mine: [tokenRequest('pending'), tokenRequest('approved', { displayId: 'tok_AbCdEf1234' })],
        contact: {
          tokens: [
            { token: sampleToken, status: 'enabled', due: true },
            { token: { ...partnerToken, expiresAt: null }, status: 'disabled', due: false },
          ],
          more: true,
        },
      }),
    ],
    ['App Home, requests to decide', homeToDecide(t)],
    ['App Home, requests to decide, no role', homeToDecide(t, false)],
  ];
  return [
    ...messages.map(([kind, payload]): Rendered => ({ kind, texts: textsOf(payload) })),
    email('reminder e-mail', reminderEmail(sampleToken, 7, NOW)),
    email('reminder e-mail, expired', reminderEmail(sampleToken, 0, new Date(sampleToken.expiresAt!.getTime() + DAY))),
    email('reminder e-mail, domain, never expires', reminderEmail(partnerToken, 7, NOW)),
    ...[
      'token.reset',
      'token.disable',
      'token.revoke',
      'token.upgrade',
      'token.extend',
      'token.delete',
      'token.edit',
    ].map((action) => email(`change e-mail ${action}`, changeEmail(sampleToken, action))),
    email(
      'leak e-mail',
      leakEmail(sampleToken, leak('github', 'revoke', 'https://github.com/acme/app/blob/main/.env'), NOW),
    ),
    email(
      'leak e-mail, Slack',
      leakEmail(
        { ...sampleToken, status: 'disabled' },
        leak('slack', 'disable', 'Slack conversation C0GENERAL1, message 1700000000.000100'),
        NOW,
      ),
    ),
    email('leak e-mail, nowhere said', leakEmail(sampleToken, leak('gitlab', 'notify', null), NOW)),
    ...(['disabled', 'revoked'] as const).map((status) =>
      email(
        `leak e-mail, token ${status} before`,
        leakEmail({ ...sampleToken, status }, leak('github', 'notify', null), NOW),
      ),
    ),
    email(
      'leak e-mail, disabled and expired',
      leakEmail(
        { ...sampleToken, status: 'disabled' },
        leak('github', 'disable', null),
        new Date('2030-01-01T00:00:00Z'),
      ),
    ),
  ];
}
