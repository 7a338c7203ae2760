// The approvals-channel message of a revocation request: pending with Approve/Reject buttons
// (contract action ids, value = request id), or its outcome without buttons.
import type { KnownBlock, ModalView } from '@slack/types';
import type { RevocationRequest } from '../../domain/ports.js';
import type { Token } from '../../domain/tokens.js';
import { ownerText, type Translate } from '../../i18n/index.js';
import { actorText, askingModal, withReason, clip, dateText, escape, mrkdwn, plain, reasonInput } from './text.js';
import type { Message } from './message.js';

export const APPROVE_ACTION = 'revocation_approve';
export const REJECT_ACTION = 'revocation_reject';
export const REJECT_CALLBACK_ID = 'revocation_reject_reason';
export const REASON_CALLBACK_ID = 'revocation_request_reason';

function outcome(t: Translate, request: RevocationRequest): string {
  const when = dateText(t, request.decidedAt, '');
  switch (request.state) {
    case 'approved':
      return t('revocation.approved', { user: request.decidedBy ?? '', when });
    case 'rejected':
      return withReason(t('revocation.rejected', { user: request.decidedBy ?? '', when }), request.outcomeReason);
    case 'expired':
      return t('revocation.expired', { when });
    case 'closed':
      return request.outcomeReason === 'token_deleted' ? t('revocation.closedDeleted') : t('revocation.closedRevoked');
    default:
      return t('revocation.pending', { until: dateText(t, request.expiresAt, '') });
  }
}

export function revocationMessage(t: Translate, request: RevocationRequest, token: Token | null): Message {
  const title = t('revocation.heading', {
    label: escape(clip(token?.label ?? request.displayId, 64)),
    id: request.displayId,
    state: request.state,
  });
  const details = token
    ? [
        [t('field.owner'), ownerText(t, token.owner)],
        [t('field.scopes'), clip(token.scopes.map((s) => `\`${s}\``).join(' '), 1900)],
        [t('field.last_used'), dateText(t, token.lastUsedAt, t('value.never_used'))],
        [t('revocation.requester'), actorText(request.requestedBy)],
      ]
    : [[t('revocation.requester'), actorText(request.requestedBy)]];
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`*${title}*`) },
    { type: 'section', fields: details.map(([label, value]) => mrkdwn(`*${label}*\n${value}`)) },
    { type: 'section', text: mrkdwn(`*${t('revocation.reason')}*\n> ${escape(clip(request.reason, 500))}`) },
    { type: 'context', elements: [mrkdwn(outcome(t, request))] },
  ];
  if (request.state === 'pending') {
    blocks.push({
      type: 'actions',
      block_id: 'revocation_decision',
      elements: [
        {
          type: 'button',
          style: 'danger',
          action_id: APPROVE_ACTION,
          value: request.id,
          text: plain(t('revocation.approve')),
          // Revoking is final: the one question before it (see ASKS_FIRST in flows/operations.ts).
          confirm: {
            title: plain(t('confirm.title')),
            text: plain(
              clip(
                t('confirm.dialog.revoke', {
                  label: clip(token?.label ?? request.displayId, 64),
                  id: request.displayId,
                }),
                300,
              ),
            ),
            confirm: plain(t('revocation.approve')),
            deny: plain(t('confirm.cancel')),
            style: 'danger',
          },
        },
        { type: 'button', action_id: REJECT_ACTION, value: request.id, text: plain(t('revocation.reject')) },
      ],
    });
  }
  return { text: t('text.lead', { head: title, rest: outcome(t, request) }).slice(0, 3000), blocks };
}

/** Asks for the reason of a request (when `/token revoke <id>` had none) or of a rejection. */
/** Asks why (to revoke, or to reject a request), naming the token it is about. */
export function reasonModal(
  t: Translate,
  kind: 'request' | 'reject',
  token: { label: string; displayId: string },
  metadata: Record<string, string>,
): ModalView {
  return askingModal(
    t,
    kind === 'request' ? REASON_CALLBACK_ID : REJECT_CALLBACK_ID,
    metadata,
    {
      title: t(kind === 'request' ? 'revocation.askTitle' : 'revocation.rejectTitle'),
      submit: t(kind === 'request' ? 'revocation.askSubmit' : 'revocation.reject'),
    },
    t(kind === 'request' ? 'revocation.askAbout' : 'revocation.rejectAbout', {
      label: escape(clip(token.label, 64)),
      id: token.displayId,
    }),
    [reasonInput(t('revocation.reason'), kind === 'reject')],
  );
}
