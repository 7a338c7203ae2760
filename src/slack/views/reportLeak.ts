// The report_leak shortcut's confirmation: how many tokenops secrets the message holds and what
// reporting them does (LEAK_ACTION). It carries where the message is and the secrets' digests,
// never the secrets or the message's text.
import type { ModalView } from '@slack/types';
import type { LeakAction } from '../../domain/leaks.js';
import type { Translate } from '../../i18n/index.js';
import { askingModal } from './text.js';

export const REPORT_LEAK_CALLBACK_ID = 'report_leak';

/** What the confirmation carries to its submission. */
export type ReportLeakMetadata = { channel: string; ts: string; responseUrl: string; digests: string[][] };

export function reportLeakModal(t: Translate, action: LeakAction, metadata: ReportLeakMetadata): ModalView {
  return askingModal(
    t,
    REPORT_LEAK_CALLBACK_ID,
    metadata,
    { title: t('reportLeak.title'), submit: t('reportLeak.submit') },
    t('reportLeak.confirm', { count: metadata.digests.length, action: t(`reportLeak.action.${action}`) }),
  );
}
