// `/token list`: one page of tokens, each with a menu of the operations the caller may do,
// and Previous/Next buttons that re-render the list in place.
import type { Button, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { ListKey } from '../../domain/ports.js';
import type { ListPage, ListState } from '../../domain/savedLists.js';
import type { ListFilter } from '../../domain/tokenService.js';
import type { EffectiveStatus, Token } from '../../domain/tokens.js';
import { ownerText, type Translate } from '../../i18n/index.js';
import { clip, dateText, escape, modalFrame, mrkdwn, plain, statusText, tokenStatusText } from './text.js';
import type { Message } from './message.js';
import { DAY_MS, storable } from '../../domain/time.js';

export const PAGE_SIZE = 10;
export const TOKEN_MENU_ACTION = 'token_menu';
export const LIST_PAGE_ACTION = 'token_list_page';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PAGE_VALUE = new RegExp(`^(${UUID})\\|(?:first|(after|before)\\|(\\d{1,15})\\|(${UUID}))$`);

/** A page button carries the saved list's id and where the page is (`first`, or after or before
 *  a token: its creation time in ms and id), under 100 characters; never the filter itself (a
 *  long search would pass Slack's 2,000-character limit on a button's value). */
function pageValue(stateId: string, page: ListPage | undefined): string {
  if (!page) return `${stateId}|first`;
  const [side, key] = 'after' in page ? ['after', page.after] : ['before', page.before];
  return `${stateId}|${side}|${key.createdAt.getTime()}|${key.id}`;
}

/** A page button's value; undefined for anything we did not write (forged, truncated). */
export function parsePageValue(value: string): { stateId: string; page?: ListPage } | undefined {
  const [, stateId, side, ms, id] = PAGE_VALUE.exec(value) ?? [];
  if (!stateId) return undefined;
  if (!side) return { stateId };
  const key = { createdAt: new Date(Number(ms)), id: id! };
  if (!storable(key.createdAt)) return undefined;
  return { stateId, page: side === 'after' ? { after: key } : { before: key } };
}

/** One page as shown: its tokens (newest first), where the first stands in the list (1: the
 *  newest), and whether pages come before and after it. */
export type ShownPage = { tokens: Token[]; start: number; previous: boolean; next: boolean };

const keyOf = (token: Token): ListKey => ({ createdAt: token.createdAt, id: token.id });

export const LIST_STATUS_ACTION = 'list_filter_status';
export const LIST_CREATED_ACTION = 'list_filter_created';
export const LIST_SEARCH_ACTION = 'list_filter_search';
export const LIST_SEARCH_CALLBACK_ID = 'token_list_search';

type Operation =
  'show' | 'edit' | 'duplicate' | 'reset' | 'extend' | 'upgrade' | 'disable' | 'enable' | 'revoke' | 'delete' | 'audit';

/** What the menu offers: nothing a token's state refuses (an expired token is extended, not
 *  reset: a new secret would not work either). */
export function operationsFor(status: EffectiveStatus, stored: Token['status']): Operation[] {
  if (status === 'revoked') return ['show', 'audit', 'delete'];
  const toggle: Operation = stored === 'disabled' ? 'enable' : 'disable'; // an expired token may be disabled too
  const ops: Operation[] = [
    'show',
    'edit',
    'duplicate',
    'reset',
    'extend',
    'upgrade',
    toggle,
    'revoke',
    'delete',
    'audit',
  ];
  return status === 'expired' ? ops.filter((op) => op !== 'reset') : ops;
}

/** A menu choice: the operation, the token, and the saved list it was made in (refreshed after
 *  the operation). At most 61 characters: Slack allows 75 in an option's value. */
export function parseMenuValue(value: string): { op: string; id: string; list?: string } {
  const [op = '', id = '', list] = value.split(':');
  return { op, id, list };
}

const SOON_MS = 7 * DAY_MS;

function row(t: Translate, token: Token, status: EffectiveStatus, now: Date, stateId: string | undefined): KnownBlock {
  const warning =
    status === 'enabled' && token.expiresAt && token.expiresAt.getTime() - now.getTime() < SOON_MS ? ' :warning:' : '';
  const text = [
    `*${escape(clip(token.label, 64))}*  \`${token.displayId}\``,
    t('text.segments', {
      items: [
        ownerText(t, token.owner),
        `${tokenStatusText(t, status, token.status)}${warning}`,
        t('text.pair', { label: t('field.expires'), value: dateText(t, token.expiresAt, t('expiry.never')) }),
      ],
    }),
    t('text.segments', {
      items: [
        t('list.scopeCount', { count: token.scopes.length }),
        t('text.pair', { label: t('field.api_version'), value: token.apiVersion }),
        t('list.lastUsed', { used: token.lastUsedAt ? dateText(t, token.lastUsedAt, '') : undefined }),
      ],
    }),
  ].join('\n');
  const options = operationsFor(status, token.status).map((op): PlainTextOption => ({
    text: plain(t(`op.${op}`)),
    value: stateId ? `${op}:${token.displayId}:${stateId}` : `${op}:${token.displayId}`,
  }));
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
  const select = (
    actionId: string,
    label: string,
    current: string | undefined,
    values: string[],
    text: (value: string) => string,
  ) => {
    const options = [ANY, ...values].map((value): PlainTextOption => ({
      text: plain(value === ANY ? label : text(value)),
      value: `${stateId}|${value}`,
    }));
    return {
      type: 'static_select' as const,
      action_id: actionId,
      options,
      initial_option: options.find((o) => o.value === `${stateId}|${current ?? ANY}`),
    };
  };
  return {
    type: 'actions',
    block_id: 'list_filters',
    elements: [
      select(
        LIST_STATUS_ACTION,
        t('list.anyStatus'),
        state.filter.status,
        ['enabled', 'disabled', 'expired', 'revoked'],
        (v) => t(`status.${v as EffectiveStatus}`),
      ),
      select(LIST_CREATED_ACTION, t('list.anyTime'), state.filter.created, ['7d', '30d', 'older'], (v) =>
        t(`list.created.${v as '7d' | '30d' | 'older'}`),
      ),
      { type: 'button', action_id: LIST_SEARCH_ACTION, text: plain(t('list.search')), value: stateId },
    ],
  };
}

export function searchModal(
  t: Translate,
  words: string[],
  metadata: { stateId: string; responseUrl: string },
): ModalView {
  return {
    ...modalFrame(t, LIST_SEARCH_CALLBACK_ID, metadata, { title: t('list.search'), submit: t('list.search') }),
    blocks: [
      {
        type: 'input',
        block_id: 'words',
        optional: true,
        label: plain(t('list.searchLabel')),
        element: {
          type: 'plain_text_input',
          action_id: 'words',
          max_length: 200,
          ...(words.length ? { initial_value: words.join(' ') } : {}),
        },
      },
    ],
  };
}

/** What a list shows besides its tokens: the outcome of an operation started from it, or the
 *  question an operation asks, under the row of its token. */
export type ListExtras = { notice?: string; question?: { id: string; blocks: KnownBlock[] } };

/** Previous (before the first token shown; from a page emptied since, the first page) and Next
 *  (after the last), where there are such pages. */
function pageButtons(t: Translate, page: ShownPage, stateId: string): Button[] {
  const button = (direction: 'prev' | 'next', to: ListPage | undefined): Button => ({
    type: 'button',
    action_id: `${LIST_PAGE_ACTION}:${direction}`,
    text: plain(t(direction === 'prev' ? 'list.previous' : 'list.next')),
    value: pageValue(stateId, to),
  });
  const [first, last] = [page.tokens[0], page.tokens.at(-1)];
  return [
    ...(page.previous ? [button('prev', first && { before: keyOf(first) })] : []),
    ...(page.next && last ? [button('next', { after: keyOf(last) })] : []),
  ];
}

/** `stateId` undefined: the list's state could not be saved (Redis out of reach), so it is shown
 *  without the filters and pages that would need it. */
export function listMessage(
  t: Translate,
  page: ShownPage,
  state: ListState,
  stateId: string | undefined,
  statusOf: (token: Token) => EffectiveStatus,
  now: Date,
  extras: ListExtras = {},
): Message {
  const summary = filterSummary(t, state.filter);
  const heading = page.tokens.length
    ? t('list.heading', {
        from: page.start,
        to: page.start + page.tokens.length - 1,
        // The last page knows the count: nothing after it.
        total: page.next ? undefined : page.start + page.tokens.length - 1,
        filter: summary,
      })
    : page.previous
      ? t('list.pastEnd')
      : t('list.empty', { filter: summary });
  const pager = stateId ? pageButtons(t, page, stateId) : [];
  const { notice, question } = extras;
  const asked = question && page.tokens.some((token) => token.displayId === question.id);
  return {
    text: notice ?? heading,
    blocks: [
      ...(notice ? [{ type: 'section' as const, block_id: 'list_notice', text: mrkdwn(clip(notice, 3000)) }] : []),
      { type: 'section', text: mrkdwn(heading) },
      stateId
        ? filterControls(t, state, stateId)
        : { type: 'context' as const, elements: [mrkdwn(t('list.withoutControls'))] },
      ...(question && !asked ? question.blocks : []),
      ...page.tokens.flatMap((token) => [
        { type: 'divider' as const },
        row(t, token, statusOf(token), now, stateId),
        ...(question && token.displayId === question.id ? question.blocks : []),
      ]),
      ...(pager.length ? [{ type: 'actions' as const, block_id: 'list_pager', elements: pager }] : []),
    ],
  };
}

/** The filter in words, in the reader's language; undefined when nothing is filtered. */
function filterSummary(t: Translate, filter: ListFilter): string | undefined {
  const parts = [
    filter.status && t('list.withStatus', { status: statusText(t, filter.status) }),
    filter.created && t(`list.created.${filter.created}`),
    filter.unusedDays && t('list.unused', { days: filter.unusedDays }),
    filter.organizationSlug && escape(clip(t('owner.organization', { slug: filter.organizationSlug }), 60)),
    filter.domainName && escape(clip(t('owner.domain', { name: filter.domainName }), 120)),
    // Each word is looked for on its own, all of them required.
    filter.words?.length && t('list.words', { words: filter.words.map((word) => escape(clip(word, 60))).slice(0, 10) }),
  ].filter((part): part is string => Boolean(part));
  return parts.length ? t('text.list', { items: parts }) : undefined;
}
