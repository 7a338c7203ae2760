// The create modal (README: The contract): callback_id token_create, each input's
// action_id equal to its block_id.
import type { InputBlock, ModalView, PlainTextOption } from '@slack/types';
import type { Catalog } from '../../domain/catalog.js';
import type { Owner } from '../../domain/permissions.js';
import { EXPIRY_PRESETS, neverAllowed } from '../../domain/tokens.js';
import { ownerText, type Language, type Translate } from '../../i18n/index.js';
import { clip, modalFrame, plain } from './text.js';

export const CREATE_CALLBACK_ID = 'token_create';

export type CreateMetadata = { key: string; channel?: string };

export const option = (text: string, value: string): PlainTextOption => ({ text: plain(clip(text, 75)), value });

/** The most options a static select holds (Slack's limit). */
export const MAX_OPTIONS = 100;

/** An input block whose element's action_id equals its block_id (the contract). */
export const input = (
  id: string,
  label: string,
  element: InputBlock['element'],
  extra: Partial<InputBlock> = {},
): InputBlock => ({
  type: 'input',
  block_id: id,
  label: plain(label),
  element: { ...element, action_id: id } as InputBlock['element'],
  ...extra,
});

export function scopeGroups(catalog: Catalog, language: Language) {
  return catalog.categories.slice(0, 100).map((category) => ({
    label: plain(clip(category.label[language], 75)),
    options: category.scopes
      .slice(0, 100)
      .map((scope): PlainTextOption => option(`${scope.name} — ${scope.description[language]}`, scope.name)),
  }));
}
const ownerValue = (owner: Owner) =>
  owner.type === 'domain' ? `domain:${owner.domainName}` : `org:${owner.organizationSlug}`;
/** An owner as the `owner` field offers it: its name in words, `org:<slug>` / `domain:<name>` (the contract). */
export const ownerOption = (t: Translate, owner: Owner) => option(ownerText(t, owner), ownerValue(owner));

/** The verify-time policy (README: Governing use), optional, filled in with a token's current values when editing. */
export function policyInputs(t: Translate, current?: { allowedIps: string[]; rateLimit: string | null }): InputBlock[] {
  const ips = current?.allowedIps.length ? { initial_value: current.allowedIps.join('\n') } : {};
  const rate = current?.rateLimit ? { initial_value: current.rateLimit } : {};
  return [
    input(
      'allowed_ips',
      t('field.allowed_ips'),
      { type: 'plain_text_input', multiline: true, max_length: 3000, ...ips },
      { optional: true, hint: plain(t('create.hint.allowed_ips')) },
    ),
    input(
      'rate_limit',
      t('field.rate_limit'),
      { type: 'plain_text_input', max_length: 20, placeholder: plain('600/min'), ...rate },
      { optional: true, hint: plain(t('create.hint.rate_limit')) },
    ),
  ];
}

/** The expiry presets the policy allows (and "never" where it may be chosen), for create and renewal. */
export function expiryOptions(t: Translate, catalog: Catalog, never: boolean) {
  const { defaultDays, maxDays } = catalog.expiry;
  // The catalog's default is offered (and preselected) even when it is no preset, such as 45 days.
  const days = [...new Set([...EXPIRY_PRESETS.map((preset) => Number(preset.slice(0, -1))), defaultDays])]
    .filter((n) => n <= maxDays)
    .sort((a, b) => a - b);
  return [
    ...days.map((n) => option(t('expiry.days', { days: n }), `${n}d`)),
    ...(never ? [option(t('expiry.never'), 'never')] : []),
  ];
}

export function createModal(
  t: Translate,
  language: Language,
  data: { owners: Owner[]; catalog: Catalog; callerId: string; metadata: CreateMetadata },
): ModalView {
  const { owners, catalog } = data;
  const ownerOptions = owners.slice(0, MAX_OPTIONS).map((owner) => ownerOption(t, owner));
  const versions = [...catalog.apiVersions]
    .reverse()
    .slice(0, MAX_OPTIONS)
    .map((version) => option(version, version));
  const expiries = expiryOptions(
    t,
    catalog,
    owners.some((owner) => neverAllowed(owner, catalog)),
  );
  const defaultExpiry = expiries.find((o) => o.value === `${catalog.expiry.defaultDays}d`) ?? expiries[0];
  return {
    ...modalFrame(t, CREATE_CALLBACK_ID, data.metadata, { title: t('create.title'), submit: t('create.submit') }),
    blocks: [
      input('owner', t('field.owner'), {
        type: 'static_select',
        placeholder: plain(t('create.placeholder.owner')),
        options: ownerOptions,
        ...(ownerOptions.length === 1 ? { initial_option: ownerOptions[0] } : {}),
      }),
      input(
        'label',
        t('field.label'),
        { type: 'plain_text_input', max_length: 64 },
        { hint: plain(t('create.hint.label')) },
      ),
      input(
        'description',
        t('field.description'),
        { type: 'plain_text_input', multiline: true, max_length: 500 },
        { optional: true },
      ),
      input('api_version', t('field.api_version'), {
        type: 'static_select',
        options: versions,
        initial_option: versions[0],
      }),
      input(
        'primary_contact',
        t('field.primary_contact'),
        { type: 'users_select', initial_user: data.callerId },
        { hint: plain(t('create.hint.contact')) },
      ),
      input(
        'developer_emails',
        t('field.developer_emails'),
        { type: 'plain_text_input', multiline: true },
        { optional: true, hint: plain(t('create.hint.emails')) },
      ),
      input('scopes', t('field.scopes'), {
        type: 'multi_static_select',
        placeholder: plain(t('create.placeholder.scopes')),
        option_groups: scopeGroups(catalog, language),
      }),
      ...policyInputs(t),
      input('expiry', t('field.expiry'), {
        type: 'static_select',
        options: expiries,
        ...(defaultExpiry ? { initial_option: defaultExpiry } : {}),
      }),
      input(
        'expiry_date',
        t('field.expiry_date'),
        { type: 'datepicker' },
        { optional: true, hint: plain(t('create.hint.expiry_date')) },
      ),
    ],
  };
}
