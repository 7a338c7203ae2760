// `/token list`: one page of tokens, each with a menu of the operations the caller may do,
// and Previous/Next buttons that re-render the list in place.
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { ListState } from '../../domain/savedLists.js';
import type { ListFilter } from '../../domain/tokenService.js';
import type { EffectiveStatus, Token } from '../../domain/tokens.js';
import type { Translate } from '../../i18n/index.js';
import { clip, dateText, escape, mrkdwn, ownerText, plain, statusText } from './text.js';
import type { Message } from './message.js';

export const PAGE_SIZE = 10;
export const TOKEN_MENU_ACTION = 'token_menu';
export const LIST_PAGE_ACTION = 'token_list_page';

/** A page button carries the saved list's id and the page's offset, never the filter itself
 *  (a long search would pass Slack's 2,000-character limit on a button's value). */
const pageValue = (stateId: string, offset: number) => `${stateId}|${offset}`;

export function parsePageValue(value: string): { stateId: string; offset: number } | undefined {
  const match = /^([0-9a-f-]{36})\|(\d{1,6})$/.exec(value);
  return match ? { stateId: match[1]!, offset: Number(match[2]) } : undefined;
}
export const LIST_STATUS_ACTION = 'list_filter_status';
export const LIST_CREATED_ACTION = 'list_filter_created';
export const LIST_SEARCH_ACTION = 'list_filter_search';
export const LIST_SEARCH_CALLBACK_ID = 'token_list_search';

export type { ListState };

export type Operation = 'show' | 'edit' | 'duplicate' | 'reset' | 'extend' | 'upgrade' | 'disable' | 'enable' | 'revoke' | 'delete' | 'audit';

export function operationsFor(status: EffectiveStatus): Operation[] {
  if (status === 'revoked') return ['show', 'audit', 'delete'];
  const toggle: Operation = status === 'disabled' ? 'enable' : 'disable';
  return ['show', 'edit', 'duplicate', 'reset', 'extend', 'upgrade', toggle, 'revoke', 'delete', 'audit'];
}

const SOON_MS = 7 * 86_400_000;

function row(t: Translate, token: Token, status: EffectiveStatus, now: Date): KnownBlock {
  const warning = status === 'enabled' && token.expiresAt && token.expiresAt.getTime() - now.getTime() < SOON_MS ? ' :warning:' : '';
  const text = [
    `*${escape(clip(token.label, 64))}*  \`${token.displayId}\``,
    `${ownerText(t, token.owner)} · ${statusText(t, status)}${warning} · ${t('field.expires')} ${dateText(token.expiresAt, t('expiry.never'))}`,
    `${t('field.scopes')}: ${token.scopes.length} · ${t('field.api_version')} ${token.apiVersion} · ${t('field.last_used')} ${dateText(token.lastUsedAt, t('value.never_used'))}`,
  ].join('\n');
  const options = operationsFor(status).map((op): PlainTextOption => ({ text: plain(t(`op.${op}`)), value: `${op}:${token.displayId}` }));
  return {
    type: 'section',
    block_id: `token:${token.displayId}`,
    text: mrkdwn(text),
    accessory: { type: 'static_select', action_id: TOKEN_MENU_ACTION, placeholder: plain(t('list.actions')), options },
  };
}

const ANY = 'any';

/** Status and creation selects and a search button; option values carry the list's state id. */
function filterControls(t: Translate, state: ListState, stateId: string): KnownBlock {
  const select = (actionId: string, label: string, current: string | undefined, values: string[], text: (value: string) => string) => {
    const options = [ANY, ...values].map((value): PlainTextOption => ({ text: plain(value === ANY ? label : text(value)), value: `${stateId}|${value}` }));
    return { type: 'static_select' as const, action_id: actionId, options, initial_option: options.find((o) => o.value === `${stateId}|${current ?? ANY}`) };
  };
  return {
    type: 'actions',
    block_id: 'list_filters',
    elements: [
      select(LIST_STATUS_ACTION, t('list.anyStatus'), state.filter.status, ['enabled', 'disabled', 'expired', 'revoked'], (v) => t(`status.${v as EffectiveStatus}`)),
      select(LIST_CREATED_ACTION, t('list.anyTime'), state.filter.created, ['7d', '30d', 'older'], (v) => t(`list.created.${v as '7d' | '30d' | 'older'}`)),
      { type: 'button', action_id: LIST_SEARCH_ACTION, text: plain(t('list.search')), value: stateId },
    ],
  };
}

export function searchModal(t: Translate, words: string[], metadata: { stateId: string; responseUrl: string }): ModalView {
  return {
    type: 'modal',
    callback_id: LIST_SEARCH_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: plain(t('list.search')),
    submit: plain(t('list.search')),
    close: plain(t('create.cancel')),
    blocks: [
      {
        type: 'input',
        block_id: 'words',
        optional: true,
        label: plain(t('list.searchLabel')),
        element: { type: 'plain_text_input', action_id: 'words', max_length: 200, ...(words.length ? { initial_value: words.join(' ') } : {}) },
      },
    ],
  };
}

/** `stateId` undefined: the list's state could not be saved (Redis out of reach), so it is shown
 *  without the filters and pages that would need it. */
export function listMessage(
  t: Translate,
  page: { tokens: Token[]; hasMore: boolean },
  state: ListState,
  stateId: string | undefined,
  statusOf: (token: Token) => EffectiveStatus,
  now: Date,
): Message {
  const summary = filterSummary(state.filter);
  const heading = page.tokens.length
    ? t('list.heading', { from: state.offset + 1, to: state.offset + page.tokens.length, filter: summary })
    : t('list.empty', { filter: summary });
  const pager = !stateId ? [] : [
    ...(state.offset > 0
      ? [{ type: 'button' as const, action_id: `${LIST_PAGE_ACTION}:prev`, text: plain(t('list.previous')), value: pageValue(stateId, Math.max(0, state.offset - PAGE_SIZE)) }]
      : []),
    ...(page.hasMore
      ? [{ type: 'button' as const, action_id: `${LIST_PAGE_ACTION}:next`, text: plain(t('list.next')), value: pageValue(stateId, state.offset + PAGE_SIZE) }]
      : []),
  ];
  return {
    text: heading,
    blocks: [
      { type: 'section', text: mrkdwn(heading) },
      stateId ? filterControls(t, state, stateId) : { type: 'context', elements: [mrkdwn(t('list.withoutControls'))] },
      ...page.tokens.flatMap((token) => [{ type: 'divider' as const }, row(t, token, statusOf(token), now)]),
      ...(pager.length ? [{ type: 'actions' as const, block_id: 'list_pager', elements: pager }] : []),
    ],
  };
}

function filterSummary(filter: ListFilter): string {
  const parts = [
    filter.status && `status:${filter.status}`,
    filter.created && `created:${filter.created}`,
    filter.organizationSlug && `org:${filter.organizationSlug}`,
    filter.domainName && `domain:${filter.domainName}`,
    ...(filter.words ?? []),
  ].filter(Boolean);
  return parts.length ? ` (${escape(clip(parts.join(' '), 200))})` : '';
}
