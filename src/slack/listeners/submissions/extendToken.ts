// Submission of the renewal form: the new expiry, or the policy's refusal under its field; a
// request to the approvers where an approval policy rule covers the token, or where the person is
// its primary contact and no admin of it. Opened from a reminder, the outcome (or the request
// waiting) takes the place of that reminder in its message.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { viewMetadata, type SlackContext } from '../../context.js';
import { answerInMessage } from '../../flows/reminderAnswers.js';
import { EXTEND_CALLBACK_ID } from '../../views/extendModal.js';
import { extendedText } from '../../views/token.js';
import { actorText, escape } from '../../views/text.js';
import { answerForm, askFromForm, formValues, submitForm } from './form.js';

export function registerExtendToken(app: App<SlackContext>, deps: SlackDeps): void {
  app.view(EXTEND_CALLBACK_ID, async ({ ack, view, client, context }) => {
    const { expiry, expiryDate } = formValues(view);
    const metadata = viewMetadata(view);
    const id = metadata.id ?? '';
    const flow = { deps, client, context };
    const { t } = context;
    // From a reminder: the outcome answers its item there (the digest's other items stay).
    const answered = async (outcome: string) =>
      Boolean(metadata.reminder) &&
      (await answerInMessage(flow, { ref: metadata.reminder!, item: { kind: 'expiry', id }, outcome }));
    if (await deps.changes.needsApproval(context.actor, 'extend', id, true)) {
      // A request to its approvers, as a reset or a revocation asked for; answered with its Withdraw button.
      const ask = { operation: 'extend' as const, displayId: id, expiry, expiryDate };
      const request = await askFromForm(ack, flow, metadata, ask, { asContact: true });
      if (request)
        await answered(
          t('reminder.extensionAsked', {
            label: escape(request.input.label),
            id,
            user: actorText(request.requestedBy),
          }),
        );
      return;
    }
    const token = await submitForm(
      ack,
      context,
      deps.logger,
      () => deps.tokens.extend(context.actor, id, { expiry, expiryDate }),
      'expiry',
    );
    if (!token) return;
    const text = extendedText(t, token);
    if (!(await answered(text))) await answerForm(flow, metadata, text);
  });
}
