// The edit modal: the editable fields of one token, filled in with their current values.
import type { ModalView } from '@slack/types';
import type { Catalog } from '../../domain/catalog.js';
import { neverAllowed, type Token } from '../../domain/tokens.js';
import type { Language, Translate } from '../../i18n/index.js';
import { expiryOptions, input, option, policyInputs, scopeGroups } from './createModal.js';
import { clip, modalFrame, plain } from './text.js';

export const EDIT_CALLBACK_ID = 'token_edit';
/** `contact`: the primary contact to preselect (none: the current one can no longer be one);
 *  `now`: an expiry before it is labelled as passed, not as the current one. */
export function editModal(
  t: Translate,
  language: Language,
  token: Token,
  catalog: Catalog,
  form: { contact?: string; metadata: Record<string, string> },
  now = new Date(),
): ModalView {
  const descriptions = new Map(
    catalog.categories.flatMap((c) => c.scopes.map((s) => [s.name, s.description[language]] as const)),
  );
  // Scopes the catalog no longer offers stay the token's until unticked: offered in a group of their own.
  const retired = token.scopes.filter((scope) => !descriptions.has(scope)).slice(0, 100);
  const retiredOptions = retired.map((scope) => option(scope, scope));
  const current = [
    ...token.scopes
      .filter((scope) => descriptions.has(scope))
      .map((scope) => option(`${scope} — ${descriptions.get(scope)}`, scope)),
    ...retiredOptions,
  ];
  return {
    ...modalFrame(t, EDIT_CALLBACK_ID, form.metadata, { title: clip(t('edit.title'), 24), submit: t('edit.submit') }),
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: `\`${token.displayId}\`` }] },
      input(
        'label',
        t('field.label'),
        { type: 'plain_text_input', max_length: 64, initial_value: token.label },
        { hint: plain(t('create.hint.label')) },
      ),
      input(
        'description',
        t('field.description'),
        {
          type: 'plain_text_input',
          multiline: true,
          max_length: 500,
          ...(token.description ? { initial_value: token.description } : {}),
        },
        { optional: true },
      ),
      input(
        'primary_contact',
        t('field.primary_contact'),
        { type: 'users_select', ...(form.contact ? { initial_user: form.contact } : {}) },
        { hint: plain(t('create.hint.contact')) },
      ),
      input(
        'developer_emails',
        t('field.developer_emails'),
        {
          type: 'plain_text_input',
          multiline: true,
          ...(token.developerEmails.length ? { initial_value: token.developerEmails.join('\n') } : {}),
        },
        { optional: true, hint: plain(t('create.hint.emails')) },
      ),
      input('scopes', t('field.scopes'), {
        type: 'multi_static_select',
        option_groups: [
          ...scopeGroups(catalog, language).slice(0, retired.length ? 99 : 100),
          ...(retired.length ? [{ label: plain(clip(t('edit.retiredScopes'), 75)), options: retiredOptions }] : []),
        ],
        ...(current.length ? { initial_options: current } : {}),
      }),
      ...policyInputs(t, token),
      // Left empty, the expiry stays; chosen, it is a renewal under the policy, from today.
      input(
        'expiry',
        t('edit.newExpiry', {
          current: token.expiresAt ? t('date.utc', { date: token.expiresAt }) : t('expiry.never'),
          expired: token.expiresAt !== null && token.expiresAt <= now,
        }) /* plain_text: no <!date> */,
        {
          type: 'static_select',
          placeholder: plain(t('edit.keepExpiry')),
          options: expiryOptions(t, catalog, neverAllowed(token.owner, catalog)),
        },
        { optional: true },
      ),
      input(
        'expiry_date',
        t('field.expiry_date'),
        { type: 'datepicker' },
        { optional: true, hint: plain(t('edit.hint.expiry_date')) },
      ),
    ],
  };
}
