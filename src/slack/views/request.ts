// Token requests (README: Token requests and approval policies): the request modal (callback_id token_request: the create
// modal's blocks, every owner offered, the requester as primary contact, plus `reason`), and the
// approval message with buttons token_request_approve / token_request_reject (value: the request
// id), its progress ("1 of 2 approvals: @hana") and who may still approve; without buttons once
// decided.
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { ApproverRef, ChangeOperation, GroupMembers } from '../../domain/approvals.js';
import type { Catalog } from '../../domain/catalog.js';
import { isPerson, type Owner } from '../../domain/permissions.js';
import { hasEnded, requestedChange, requestedToken, type ApprovalRequest } from '../../domain/ports.js';
import type { Language, Translate } from '../../i18n/index.js';
import { createModal, input, MAX_OPTIONS, ownerOption, type CreateMetadata } from './createModal.js';
import type { Message } from './message.js';
import { askingModal, withReason, clip, dateText, escape, mrkdwn, plain, rateText, reasonInput } from './text.js';

export const REQUEST_CALLBACK_ID = 'token_request';
export const REQUEST_APPROVE_ACTION = 'token_request_approve';
export const REQUEST_REJECT_ACTION = 'token_request_reject';
export const REQUEST_WITHDRAW_ACTION = 'token_request_withdraw';
export const REQUEST_REJECT_CALLBACK_ID = 'token_request_reject_reason';
/** The requester's Withdraw, under their confirmation. */
const WITHDRAW_BLOCK = 'token_request_mine';

/** The request's owner field once there are more owners than a static select holds: every owner
 *  is offered (the contract), those matching what is typed loaded from tokenops (listeners/options);
 *  block, action and submitted value as in the create form. */
const ownerSearch = (t: Translate, count: number) =>
  input(
    'owner',
    t('field.owner'),
    { type: 'external_select', placeholder: plain(t('request.placeholder.owner')), min_query_length: 0 },
    { hint: plain(t('request.hint.owner', { count })) },
  );

/** The owners whose name or `org:`/`domain:` value holds `typed` (any case), as many as a menu shows. */
export function ownerSuggestions(t: Translate, owners: Owner[], typed: string): PlainTextOption[] {
  const wanted = typed.trim().toLowerCase();
  return owners
    .map((owner) => ownerOption(t, owner))
    .filter((option) => `${option.text.text} ${option.value}`.toLowerCase().includes(wanted))
    .slice(0, MAX_OPTIONS);
}

export function requestModal(
  t: Translate,
  language: Language,
  data: { owners: Owner[]; catalog: Catalog; callerId: string; metadata: CreateMetadata },
): ModalView {
  const form = createModal(t, language, data);
  const searched = data.owners.length > MAX_OPTIONS;
  return {
    ...form,
    callback_id: REQUEST_CALLBACK_ID,
    title: plain(t('request.title')),
    submit: plain(t('request.submit')),
    blocks: [
      { type: 'context', elements: [mrkdwn(t('request.intro'))] },
      ...form.blocks
        .filter((block) => block.block_id !== 'primary_contact')
        .map((block) => (searched && block.block_id === 'owner' ? ownerSearch(t, data.owners.length) : block)),
      input(
        'reason',
        t('request.reason'),
        { type: 'plain_text_input', multiline: true, max_length: 500 },
        { hint: plain(t('request.hint.reason')) },
      ),
    ],
  };
}

/** `org:acme` / `domain:shop.example.com` in words. */
export const ownerRefText = (t: Translate, ref: string) =>
  ref.startsWith('domain:')
    ? t('owner.domain', { name: ref.slice(7) })
    : t('owner.organization', { slug: ref.slice(ref.indexOf(':') + 1) });

/** Who asked: a person, or a management key (the API asked). */
export const requesterText = (t: Translate, requestedBy: string) =>
  isPerson(requestedBy) ? `<@${requestedBy}>` : t('request.byKey', { id: requestedBy });

const expiryText = (t: Translate, request: ApprovalRequest) => {
  const { expiry, expiryDate } = request.input;
  if (expiryDate) return t('date.endOfDay', { day: expiryDate });
  if (expiry === 'never') return t('expiry.never');
  return expiry ? t('expiry.days', { days: Number(expiry.replace(/d$/, '')) }) : '—';
};

/** The field of an asked expiry: a preset is a period (30 days), labelled as one; a date or
 *  never under `asDate`. */
const expiryField = (t: Translate, request: ApprovalRequest, asDate: string): [string, string] => {
  const { expiry, expiryDate } = request.input;
  return [expiry && expiry !== 'never' && !expiryDate ? t('field.expiry') : asDate, expiryText(t, request)];
};

const refText = (t: Translate, ref: ApproverRef, owner: string) => {
  if (ref.kind === 'user') return `<@${ref.id}>`;
  if (ref.kind === 'usergroup') return `<!subteam^${ref.id}>`;
  if (ref.role === 'workspace_admin') return t('request.role.workspace_admin');
  return t(`request.role.${ref.role}`, { owner: ownerRefText(t, owner), domain: owner.startsWith('domain:') });
};

/** Who may decide, as the message names them, and the groups that could not be read. */
export function approversText(
  t: Translate,
  request: ApprovalRequest,
  groups: GroupMembers,
): { who: string; unreadable: string[] } {
  // Domain admins approve for their domain only (approvals.ts): not named for an organization's token.
  const counts = (ref: ApproverRef) =>
    !(ref.kind === 'role' && ref.role === 'domain_admin') || request.owner.startsWith('domain:');
  const base = request.rule.approvers.filter(counts).map((ref) => refText(t, ref, request.owner));
  // A rule naming no approvers leaves it to the owner's admins, escalated or not.
  const items = [
    ...(request.rule.approvers.length ? base : [t('request.ownerAdmins', { owner: ownerRefText(t, request.owner) })]),
    ...(request.escalatedAt ? request.rule.escalateTo.filter(counts).map((ref) => refText(t, ref, request.owner)) : []),
  ];
  const who = t('text.list', { items });
  const unreadable = [...groups.entries()].filter(([, members]) => members === null).map(([id]) => id);
  return { who, unreadable };
}

/** `yours`: read by the requester, whom the request's outcome names as "you". */
function outcome(t: Translate, request: ApprovalRequest, yours = false): string {
  const when = dateText(t, request.decidedAt, '');
  switch (request.state) {
    case 'approved': {
      const user = request.decidedBy ?? '';
      if (request.kind === 'request') {
        const id = request.displayId;
        if (!id) return t('request.approved', { user, when });
        // Made a moment before its secret reaches the requester: said to have gone only once it did.
        if (!request.deliveredAt)
          return t(yours ? 'request.approvedSendingYours' : 'request.approvedSending', { user, when, id });
        return t(yours ? 'request.approvedIssuedYours' : 'request.approvedIssued', { user, when, id });
      }
      const done = request.kind === 'reset' ? Boolean(request.deliveredAt) : Boolean(request.tokenId);
      return done
        ? t(`change.done.${request.kind}`, { user, when, id: requestedChange(request)!.displayId })
        : t('change.approved', { user, when });
    }
    case 'rejected':
      return withReason(t('request.rejected', { user: request.decidedBy ?? '', when }), request.outcomeReason);
    case 'expired':
      return t('request.expired', { when });
    case 'withdrawn':
      return t('request.withdrawn', { when });
    case 'closed':
      return t(request.kind === 'request' ? 'request.closed' : 'change.closed', {
        why: closedWhy(t, request.outcomeReason),
      });
    case 'failed':
      return t(request.kind === 'request' ? 'request.failed' : 'change.failed', {
        why: closedWhy(t, request.outcomeReason),
      });
    default:
      return t('request.pending', { until: dateText(t, request.expiresAt, '') });
  }
}

/** A refusal code (or several) a request was closed with, in words. */
function closedWhy(t: Translate, codes: string | null): string {
  const items = (codes ?? '')
    .split(',')
    .filter(Boolean)
    .map((code) => (/^[a-z_]+$/.test(code) ? t('request.why', { code }) : escape(code)));
  return items.length ? t('text.clauses', { items }) : t('request.why', { code: '' });
}

/** The message's fields: who asks, for which owner and scopes, and what: the token asked for
 *  (expiry, policy fields) or the change (the token, and a new expiry or when old secrets stop). */
function fieldsOf(t: Translate, request: ApprovalRequest): Array<[string, string]> {
  const requester = requesterText(t, request.requestedBy);
  const common: Array<[string, string]> = [
    [
      t('request.requester'),
      requestedChange(request)?.byContact ? t('request.byContact', { user: requester }) : requester,
    ],
    [t('field.owner'), ownerRefText(t, request.owner)],
    [t('field.scopes'), clip(request.scopes.map((s) => `\`${s}\``).join(' '), 1900)],
  ];
  const asked = requestedToken(request);
  if (asked) {
    return [
      ...common,
      expiryField(t, request, t('field.expires')),
      [
        t('field.allowed_ips'),
        asked.allowedIps?.length
          ? clip(asked.allowedIps.map((ip) => `\`${ip}\``).join(' '), 1900)
          : t('value.any_address'),
      ],
      [t('field.rate_limit'), asked.rateLimit ? rateText(t, asked.rateLimit) : t('value.no_limit')],
    ];
  }
  const change = requestedChange(request)!;
  const more: Array<[string, string]> = [[t('field.id'), `\`${change.displayId}\``]];
  if (request.kind === 'extend') more.push(expiryField(t, request, t('change.newExpiry')));
  if (request.kind === 'reset')
    more.push([t('change.oldSecrets'), t(`reset.grace.${(change.grace ?? 'none') as 'none'}`)]);
  return [...common, ...more];
}

export function requestMessage(t: Translate, request: ApprovalRequest, groups: GroupMembers): Message {
  const label = escape(clip(request.input.label, 64));
  const title = t('request.heading', { label, state: request.state, kind: request.kind });
  const approvals = request.approvals.filter((id) => id !== request.requestedBy);
  const { who, unreadable } = approversText(t, request, groups);
  const progress = t('request.progress', {
    count: approvals.length,
    required: request.rule.required,
    users: approvals.map((id) => `<@${id}>`),
  });
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`*${title}*`) },
    { type: 'section', fields: fieldsOf(t, request).map(([name, value]) => mrkdwn(`*${name}*\n${value}`)) },
    ...(request.reason
      ? [
          {
            type: 'section' as const,
            text: mrkdwn(
              `*${t('change.reason')}*\n> ${escape(clip(request.reason, 500))}`, // the form's label speaks to the requester
            ),
          },
        ]
      : []),
    { type: 'context', elements: [mrkdwn(clip(progress, 3000))] },
  ];
  if (request.state === 'pending') {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          clip(
            who ? t('request.mayApprove', { who, escalated: Boolean(request.escalatedAt) }) : t('request.noApprovers'),
            3000,
          ),
        ),
      ],
    });
    if (unreadable.length)
      blocks.push({
        type: 'context',
        elements: [
          mrkdwn(clip(t('request.groupUnreadable', { groups: unreadable.map((id) => `<!subteam^${id}>`) }), 3000)),
        ],
      });
  }
  blocks.push({ type: 'context', elements: [mrkdwn(clip(outcome(t, request), 3000))] });
  if (request.state === 'pending') {
    blocks.push({
      type: 'actions',
      block_id: 'token_request_decision',
      elements: [
        {
          type: 'button',
          style: 'primary',
          action_id: REQUEST_APPROVE_ACTION,
          value: request.id,
          text: plain(t('request.approve')),
        },
        { type: 'button', action_id: REQUEST_REJECT_ACTION, value: request.id, text: plain(t('request.reject')) },
      ],
    });
  }
  return { text: clip(t('text.lead', { head: title, rest: outcome(t, request) }), 3000), blocks };
}

/** What the requester is told: asked (with a Withdraw button), or the outcome. */
export function requesterMessage(t: Translate, request: ApprovalRequest, where: string): Message {
  const label = escape(clip(request.input.label, 64));
  if (request.state !== 'pending') {
    const change = requestedChange(request);
    const yours = change
      ? t('change.yours', { operation: request.kind as ChangeOperation, label, id: change.displayId })
      : t('request.yours', { label });
    const told = clip(`${yours}\n${outcome(t, request, true)}`, 3000);
    return { text: told, blocks: [{ type: 'section', text: mrkdwn(told) }] };
  }
  const change = requestedChange(request);
  const text = change
    ? t('change.asked', {
        operation: request.kind as ChangeOperation,
        label,
        id: change.displayId,
        where,
        byContact: Boolean(change.byContact),
      })
    : t('request.asked', { label, where });
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(clip(text, 3000)) },
      {
        type: 'actions',
        block_id: WITHDRAW_BLOCK,
        elements: [
          { type: 'button', action_id: REQUEST_WITHDRAW_ACTION, value: request.id, text: plain(t('request.withdraw')) },
        ],
      },
    ],
  };
}

/** The requester's confirmation (requesterMessage, asked) once the request ended: its outcome,
 *  without Withdraw. undefined while it waits, and for a message that offers no Withdraw of it
 *  (rewritten already, or another). */
export function answeredConfirmation(
  t: Translate,
  original: { blocks?: KnownBlock[] },
  request: ApprovalRequest,
): Message | undefined {
  const offers = (original.blocks ?? []).some(
    (block) =>
      block.type === 'actions' &&
      block.block_id === WITHDRAW_BLOCK &&
      block.elements.some((e) => 'value' in e && e.value === request.id),
  );
  return offers && hasEnded(request) ? requesterMessage(t, request, '') : undefined;
}

/** A carried-out change, told to the token's primary contact when someone else asked for it. */
export function contactMessage(t: Translate, request: ApprovalRequest): Message {
  const change = requestedChange(request)!;
  const asked = t('change.forContact', {
    operation: request.kind as ChangeOperation,
    label: escape(clip(request.input.label, 64)),
    id: change.displayId,
    user: requesterText(t, request.requestedBy),
  });
  const told = clip(`${asked}\n${outcome(t, request)}`, 3000);
  return { text: told, blocks: [{ type: 'section', text: mrkdwn(told) }] };
}

/** App Home: the person's own requests and their state. */
export function myRequestsBlocks(t: Translate, requests: ApprovalRequest[]): KnownBlock[] {
  if (!requests.length) return [];
  return [
    { type: 'section', text: mrkdwn(`*${t('request.mine')}*`) },
    ...requests.slice(0, 10).map((request): KnownBlock => {
      const line = t('request.mineItem', {
        label: escape(clip(request.input.label, 64)),
        owner: ownerRefText(t, request.owner),
        state: t(`request.state.${request.state}`),
        id: request.displayId ?? requestedChange(request)?.displayId ?? '',
        kind: request.kind,
      });
      return request.state === 'pending'
        ? {
            type: 'section',
            text: mrkdwn(clip(line, 3000)),
            accessory: {
              type: 'button',
              action_id: REQUEST_WITHDRAW_ACTION,
              value: request.id,
              text: plain(t('request.withdraw')),
            },
          }
        : { type: 'section', text: mrkdwn(clip(line, 3000)) };
    }),
  ];
}

/** Asks an approver why they reject (optional), naming the request. */
export function rejectModal(t: Translate, request: ApprovalRequest, metadata: Record<string, string>): ModalView {
  return askingModal(
    t,
    REQUEST_REJECT_CALLBACK_ID,
    metadata,
    { title: t('request.rejectTitle'), submit: t('request.reject') },
    t('request.rejectAbout', {
      label: escape(clip(request.input.label, 64)),
      user: requesterText(t, request.requestedBy),
      kind: request.kind,
    }),
    [reasonInput(t('request.rejectReason'), true)],
  );
}
