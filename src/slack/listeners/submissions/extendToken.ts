// Submission of the renewal form: the new expiry, or the policy's refusal under its field; a
// request to the approvers where an approval policy rule covers the token.
// Opened from a reminder, the outcome takes the place of that reminder in its message.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { viewMetadata, type SlackContext } from '../../context.js';
import { answerInMessage } from '../../flows/reminderAnswers.js';
import { EXTEND_CALLBACK_ID } from '../../views/extendModal.js';
import { dateText, escape } from '../../views/text.js';
import { answerForm, askFromForm, formValues, submitForm } from './form.js';

export function registerExtendToken(app: App<SlackContext>, deps: SlackDeps): void {
  app.view(EXTEND_CALLBACK_ID, async ({ ack, view, client, context }) => {
    const { expiry, expiryDate } = formValues(view);
    const metadata = viewMetadata(view);
    const flow = { deps, client, context };
    if (await deps.changes.needsApproval(context.actor, 'extend', metadata.id ?? '')) {
      // The approval policy covers it: a request to its approvers (as a reset or a revocation asked for).
      await askFromForm(ack, flow, metadata, { operation: 'extend', displayId: metadata.id ?? '', expiry, expiryDate });
      return;
    }
    const token = await submitForm(
      ack,
      context,
      deps.logger,
      () => deps.tokens.extend(context.actor, metadata.id ?? '', { expiry, expiryDate }),
      'expiry',
    );
    if (!token) return;
    const text = context.t('done.extended', {
      label: escape(token.label),
      id: token.displayId,
      until: dateText(context.t, token.expiresAt, context.t('expiry.never')),
    });
    // From a reminder: the outcome answers its item there (the digest's other items stay).
    const answered =
      metadata.reminder &&
      (await answerInMessage(flow, {
        ref: metadata.reminder,
        item: { kind: 'expiry', id: token.displayId },
        outcome: text,
      }));
    if (!answered) await answerForm(flow, metadata, text);
  });
}
