// The App Home tab: the caller's tokens at a glance (with their recent usage), and buttons to
// create and to list; the tokens they are the primary contact of, and may ask to extend.
import type { Button, HomeView, KnownBlock } from '@slack/types';
import type { EffectiveStatus, Token } from '../../domain/tokens.js';
import type { ApprovalRequest, RevocationRequest } from '../../domain/ports.js';
import { onlyRefused, total, usageChart, type TokenUsage } from '../../domain/usage.js';
import { ownerText, type Translate } from '../../i18n/index.js';
import { myRequestsBlocks, ownerRefText, requesterText } from './request.js';
import { clip, dateText, escape, mrkdwn, plain, statusText, tokenStatusText } from './text.js';

export const HOME_CREATE_ACTION = 'home_create';
export const HOME_LIST_ACTION = 'home_list';
export const HOME_REQUEST_ACTION = 'home_request';
/** Opens the renewal form, as a request (flows/modals.ts); its value is the token's id. */
export const HOME_EXTEND_ACTION = 'home_extend';
const SHOWN = 10;

/** A token the person is the primary contact of and administers nothing of; `due`: it expires
 *  soon or has expired, so Home offers to ask for its extension. */
export type ContactToken = { token: Token; status: EffectiveStatus; due: boolean };

/** One section per token (its button beside it), at most SHOWN of them. */
function contactBlocks(t: Translate, contact: { tokens: ContactToken[]; more: boolean }): KnownBlock[] {
  if (!contact.tokens.length) return [];
  return [
    { type: 'section', text: mrkdwn(`*${t('home.contactOf')}*`) },
    ...contact.tokens.slice(0, SHOWN).map(({ token, status, due }): KnownBlock => {
      const line = `• ${t('text.lead', {
        head: `*${escape(clip(token.label, 64))}* \`${token.displayId}\``,
        rest: t('text.segments', {
          items: [
            ownerText(t, token.owner),
            tokenStatusText(t, status, token.status), // "Expired · Disabled": an extension alone would not do
            t('text.pair', { label: t('field.expires'), value: dateText(t, token.expiresAt, t('expiry.never')) }),
          ],
        }),
      })}`;
      const ask: Button = {
        type: 'button',
        action_id: HOME_EXTEND_ACTION,
        value: token.displayId,
        text: plain(t('op.askExtend')),
      };
      return { type: 'section', text: mrkdwn(clip(line, 3000)), ...(due ? { accessory: ask } : {}) };
    }),
    ...(contact.more ? [{ type: 'context' as const, elements: [mrkdwn(t('home.contactMore'))] }] : []),
  ];
}

/** `statusOf`: given, an expired token says so (the disabled ones include expired tokens, as
 *  `/token list status:disabled` does, and an extension alone would not make them work). */
function tokenLines(
  t: Translate,
  tokens: Token[],
  more: boolean,
  statusOf?: (token: Token) => EffectiveStatus,
): string {
  const lines = tokens.slice(0, SHOWN).map(
    (token) =>
      `• ${t('text.lead', {
        head: `*${escape(clip(token.label, 64))}* \`${token.displayId}\``,
        rest: t('text.segments', {
          items: [
            ownerText(t, token.owner),
            ...(statusOf?.(token) === 'expired' ? [statusText(t, 'expired')] : []),
            t('text.pair', { label: t('field.expires'), value: dateText(t, token.expiresAt, t('expiry.never')) }),
          ],
        }),
      })}`,
  );
  return clip(lines.join('\n') + (more ? `\n${t('home.more')}` : ''), 3000);
}

/** A token's last use and its 30-day chart (as `/token show` draws it), one line each. Each chart
 *  is scaled to its own busiest day, so its total stands beside it: bars alone would make 3
 *  verifications a day look like a million. */
function usageLines(t: Translate, usage: Array<{ token: Token; usage: TokenUsage }>): string {
  const lines = usage.map(({ token, usage }) => {
    const used = onlyRefused(token.lastUsedAt, usage)
      ? t('list.neverValid')
      : t('list.lastUsed', { used: token.lastUsedAt ? dateText(t, token.lastUsedAt, '') : undefined });
    const chart = `\`${usageChart(usage.perDay)}\` ${t('home.usageTotal', { count: total(usage.last30d) })}`;
    const head = `*${escape(clip(token.label, 64))}* \`${token.displayId}\``;
    return `• ${t('text.lead', { head, rest: t('text.segments', { items: [used, chart] }) })}`;
  });
  return clip(lines.join('\n'), 3000);
}

/** Under a list of requests cut at SHOWN: how many more wait (the lists hold them all). */
const moreWaiting = (t: Translate, count: number): KnownBlock[] =>
  count > SHOWN ? [{ type: 'context', elements: [mrkdwn(t('home.moreWaiting', { count: count - SHOWN }))] }] : [];

function pendingLines(t: Translate, pending: Array<{ request: RevocationRequest; label: string }>): string {
  const lines = pending.slice(0, SHOWN).map(({ request, label }) => {
    return t('home.pendingItem', {
      label: escape(clip(label, 64)),
      id: request.displayId,
      user: requesterText(t, request.requestedBy),
      reason: escape(clip(request.reason, 200)),
      channel: request.channelId && request.messageTs ? request.channelId : undefined,
    });
  });
  return clip(lines.join('\n'), 3000);
}

export function homeView(
  t: Translate,
  data: {
    administers: boolean;
    expiring: Token[];
    expiringMore: boolean;
    /** Every token an admin disabled, expired or not. */
    disabled: Token[];
    disabledMore: boolean;
    statusOf: (token: Token) => EffectiveStatus;
    /** The newest enabled tokens, with their usage (answers per day over the last 30 days, by code). */
    usage?: Array<{ token: Token; usage: TokenUsage }>;
    pending?: Array<{ request: RevocationRequest; label: string }>;
    /** The person's own token requests, and those waiting for their decision. */
    mine?: ApprovalRequest[];
    /** The tokens they are the primary contact of and administer nothing of (`more`: not all shown). */
    contact?: { tokens: ContactToken[]; more: boolean };
    toDecide?: ApprovalRequest[];
    notice?: string;
  },
): HomeView {
  const blocks: KnownBlock[] = [
    ...(data.notice
      ? [{ type: 'section' as const, text: mrkdwn(clip(data.notice, 3000)) }, { type: 'divider' as const }]
      : []),
    { type: 'header', text: plain(t('home.title')) },
  ];
  const requestButton = {
    type: 'button' as const,
    action_id: HOME_REQUEST_ACTION,
    text: plain(t('request.homeButton')),
  };
  const mine = myRequestsBlocks(t, data.mine ?? []);
  const contact = contactBlocks(t, data.contact ?? { tokens: [], more: false });
  // Approvers an approval policy names by person or group may hold no role: they decide all the same.
  const toDecide: KnownBlock[] = data.toDecide?.length
    ? [
        { type: 'section' as const, text: mrkdwn(`*${t('request.toDecide')}*`) },
        {
          type: 'section' as const,
          text: mrkdwn(
            clip(
              data.toDecide
                .slice(0, SHOWN)
                .map((r) =>
                  t('request.toDecideItem', {
                    label: escape(clip(r.input.label, 64)),
                    owner: ownerRefText(t, r.owner),
                    user: requesterText(t, r.requestedBy),
                    kind: r.kind,
                  }),
                )
                .join('\n'),
              3000,
            ),
          ),
        },
        ...moreWaiting(t, data.toDecide.length),
      ]
    : [];
  if (!data.administers) {
    blocks.push(
      { type: 'section', text: mrkdwn(t('home.noOwners')) },
      { type: 'actions', block_id: 'home_actions', elements: [{ ...requestButton, style: 'primary' }] },
      ...contact,
      ...toDecide,
      ...mine,
    );
    return { type: 'home', blocks };
  }
  blocks.push(
    {
      type: 'actions',
      block_id: 'home_actions',
      elements: [
        { type: 'button', style: 'primary', action_id: HOME_CREATE_ACTION, text: plain(t('create.title')) },
        { type: 'button', action_id: HOME_LIST_ACTION, text: plain(t('home.listAll')) },
        requestButton,
      ],
    },
    ...toDecide,
    ...mine,
    ...contact,
    ...(data.pending?.length
      ? [
          { type: 'section' as const, text: mrkdwn(`*${t('home.pending')}*`) },
          { type: 'section' as const, text: mrkdwn(pendingLines(t, data.pending)) },
          ...moreWaiting(t, data.pending.length),
        ]
      : []),
    { type: 'section', text: mrkdwn(`*${t('home.expiring')}*`) },
    {
      type: 'section',
      text: mrkdwn(data.expiring.length ? tokenLines(t, data.expiring, data.expiringMore) : t('home.none')),
    },
    { type: 'section', text: mrkdwn(`*${t('home.disabled')}*`) },
    {
      type: 'section',
      text: mrkdwn(
        data.disabled.length ? tokenLines(t, data.disabled, data.disabledMore, data.statusOf) : t('home.none'),
      ),
    },
    ...(data.usage?.length
      ? [
          { type: 'section' as const, text: mrkdwn(`*${t('home.usage')}*`) },
          { type: 'section' as const, block_id: 'home_usage', text: mrkdwn(usageLines(t, data.usage)) },
        ]
      : []),
    { type: 'context', elements: [mrkdwn(t('help.footer'))] },
  );
  return { type: 'home', blocks };
}
