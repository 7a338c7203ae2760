// The renewal form: a new expiry for a token, a preset counted from today or a date, under the
// catalog's policy (the same choices as the create form's expiry). Where the extension is a
// request (the person is the token's primary contact and no admin, or a rule covers it), it says so.
import type { ModalView, PlainTextOption } from '@slack/types';
import { neverAllowed, type Token } from '../../domain/tokens.js';
import type { Catalog } from '../../domain/catalog.js';
import type { Translate } from '../../i18n/index.js';
import { askingModal, clip, escape, plain } from './text.js';
import { expiryOptions } from './createModal.js';

export const EXTEND_CALLBACK_ID = 'token_extend';

export function extendModal(
  t: Translate,
  token: Token,
  catalog: Catalog,
  metadata: Record<string, string>,
  asks = false,
): ModalView {
  const options: PlainTextOption[] = expiryOptions(t, catalog, neverAllowed(token.owner, catalog));
  return askingModal(
    t,
    EXTEND_CALLBACK_ID,
    metadata,
    { title: t('extend.title'), submit: t(asks ? 'op.askExtend' : 'extend.submit') },
    t(asks ? 'extend.aboutAsk' : 'extend.about', { label: escape(clip(token.label, 64)), id: token.displayId }),
    [
      {
        type: 'input',
        block_id: 'expiry',
        label: plain(t('field.expiry')),
        element: {
          type: 'static_select',
          action_id: 'expiry',
          options,
          initial_option: options.find((o) => o.value === `${catalog.expiry.defaultDays}d`) ?? options[0],
        },
      },
      {
        type: 'input',
        block_id: 'expiry_date',
        optional: true,
        label: plain(t('field.expiry_date')),
        hint: plain(t('create.hint.expiry_date')),
        element: { type: 'datepicker', action_id: 'expiry_date' },
      },
    ],
  );
}
