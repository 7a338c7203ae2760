// Small text helpers shared by views: statuses, owners, dates and refusals, localized.
import type { KnownBlock, ModalView, MrkdwnElement, PlainTextElement } from '@slack/types';
import type { Translate, MessageKey } from '../../i18n/index.js';
import { DomainError, ValidationError } from '../../domain/errors.js';
import { isPerson } from '../../domain/permissions.js';
import type { EffectiveStatus, Token } from '../../domain/tokens.js';
import { parseRateLimit } from '../../domain/policy.js';

export const plain = (text: string): PlainTextElement => ({ type: 'plain_text', text, emoji: true });
// verbatim: Slack does not parse bare @here, @channel or URLs in what we send (people's text is
// shown as typed and pings nobody); our own mentions and links are explicit <…> sequences.
export const mrkdwn = (text: string): MrkdwnElement => ({ type: 'mrkdwn', text, verbatim: true });

/** Shortens to `max` characters (Slack limits), marking the cut. */
export const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Escapes user-typed text for mrkdwn, so a label cannot mention @channel or fake a link. */
/**
 * People's text, inert in mrkdwn: `&`, `<`, `>` as Slack's entities, and each of `*`, `_`, `~`
 * and `` ` `` as the fallback text of a date Slack cannot format, which it always shows as
 * plain text (Slack documents no other escape; jsx-slack's technique). So a label `*x*` or
 * `a_b_c` shows as typed and changes no formatting around it. For mrkdwn only: plain_text
 * shows text as it is.
 */
export const escape = (text: string) =>
  escapeEntities(text).replace(/[*_~`]/g, (char) => `<!date^00000000^{_}|${char}>`);

/** Only Slack's three entities: for our own text with a literal `<` or `>`, such as `<id>`. */
export const escapeEntities = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A person as a mention; anything else (tokenops, a management key) by name. */
export const actorText = (actor: string) =>
  isPerson(actor) ? `<@${actor}>` : `\`${escapeEntities(actor.replace(/`/g, ''))}\``;

export const statusText = (t: Translate, status: EffectiveStatus) => t(`status.${status}`);

/** A token's status as shown beside it: an expired token that is also disabled says both (an
 *  extension alone would not make it work). */
export const tokenStatusText = (t: Translate, status: EffectiveStatus, stored: Token['status']) =>
  status === 'expired' && stored === 'disabled'
    ? t('text.segments', { items: [statusText(t, 'expired'), statusText(t, 'disabled')] })
    : statusText(t, status);

/** Slack renders this in each reader's own time zone and language; where it cannot, the
 *  fallback is the date in UTC, written the reader's way. */
export function dateText(t: Translate, date: Date | null, fallback: string): string {
  if (!date) return fallback;
  const seconds = Math.floor(date.getTime() / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${t('date.utc', { date })}>`;
}

/** The user-facing message for a refusal; `id`: the token the request names, for texts that point
 *  at it when the error does not (as the management API's). */
export function refusalText(t: Translate, error: DomainError, id?: string): string {
  const key: MessageKey = `error.${error.code}`;
  const message = t as unknown as (key: MessageKey, params?: Record<string, unknown>) => string;
  return message(key, { id, ...error.params });
}

/** What a request did to the database, as far as its answer must say (see store/requestDeadline). */
type StorageRecord = { unreachable: boolean; committed: boolean; inDoubt: number };

/** The answer to a failure that is not a refusal. "Nothing was changed" only when that is known:
 *  nothing committed and nothing sent whose outcome is unknown (no record: nothing is known).
 *  Where to check names the token `id` the request was about, else the list. */
export function failureText(t: Translate, record: StorageRecord | undefined, id?: string): string {
  if (record?.inDoubt) return t('error.outcome_unknown', { id });
  if (!record || record.committed) return t('error.partial', { id });
  return t(record.unreachable ? 'error.unavailable' : 'error.unexpected');
}

export function errorText(t: Translate, error: unknown, id?: string): string | undefined {
  if (error instanceof DomainError) return refusalText(t, error, id);
  if (error instanceof ValidationError) return error.errors.map((e) => refusalText(t, e, id)).join('\n');
  return undefined;
}

/** Every modal's frame: its callback, `metadata` as JSON in private_metadata, title, submit, and Cancel. */
export const modalFrame = (
  t: Translate,
  callbackId: string,
  metadata: unknown,
  words: { title: string; submit: string },
) => ({
  type: 'modal' as const,
  callback_id: callbackId,
  private_metadata: JSON.stringify(metadata),
  title: plain(words.title),
  submit: plain(words.submit),
  close: plain(t('create.cancel')),
});

/** A rejection with its reason (quoted, if one was given). */
export const withReason = (text: string, reason: string | null | undefined) =>
  text + (reason ? `\n> ${escape(clip(reason, 500))}` : '');

/** A modal that says `about` (a section), then asks its `inputs`. */
export const askingModal = (
  t: Translate,
  callbackId: string,
  metadata: unknown,
  words: { title: string; submit: string },
  about: string,
  inputs: KnownBlock[] = [],
): ModalView => ({
  ...modalFrame(t, callbackId, metadata, words),
  blocks: [{ type: 'section', text: mrkdwn(about) }, ...inputs],
});

/** The free-text reason a modal asks for (block and action `reason`, at most 500 characters). */
export const reasonInput = (label: string, optional: boolean): KnownBlock => ({
  type: 'input',
  block_id: 'reason',
  optional,
  label: plain(label),
  element: { type: 'plain_text_input', action_id: 'reason', multiline: true, max_length: 500 },
});

/** A rate limit in words, as typed beside it: "600 requests a minute (`600/min`)"; without
 *  `typed`, the words alone. Text that is no rate limit is shown as it is. */
export function rateText(t: Translate, rate: string, typed = true): string {
  let parsed;
  try {
    parsed = parseRateLimit(rate);
  } catch {
    parsed = null;
  }
  if (!parsed) return `\`${escape(rate)}\``;
  const words = t('value.rate', { count: parsed.limit, per: parsed.unit });
  return typed ? t('text.aside', { text: words, aside: `\`${rate.trim()}\`` }) : words;
}
