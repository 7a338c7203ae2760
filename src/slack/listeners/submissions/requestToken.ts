// Submission of the request modal, and of the reason an approver gives when rejecting. Refusals
// go back onto the offending blocks; a retried or double-clicked submission asks once.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { decideRequest, submitRequest } from '../../flows/requests.js';
import { viewMetadata, type SlackContext } from '../../context.js';
import { REQUEST_CALLBACK_ID, REQUEST_REJECT_CALLBACK_ID } from '../../views/request.js';
import { formValues, rejection, submitForm } from './form.js';

const ONCE_SECONDS = 24 * 3600;

export function registerRequestToken(app: App<SlackContext>, deps: SlackDeps): void {
  app.view(REQUEST_CALLBACK_ID, async ({ ack, view, client, context }) => {
    const { key } = viewMetadata(view);
    const { primaryContact: _ignored, ...values } = formValues(view);
    const reason = view.state.values.reason?.reason?.value ?? '';
    const request = await submitForm(ack, context, deps.logger, () =>
      deps.once.run(`request-submitted:${key ?? view.id}`, ONCE_SECONDS, () =>
        deps.requests.submit(context.actor, { ...values, reason }),
      ),
    );
    if (!request) return;
    // Opened from App Home, the answer goes to the person's DM (middleware/context.ts).
    await submitRequest({ deps, client, context }, request);
  });

  app.view(REQUEST_REJECT_CALLBACK_ID, async ({ ack, view, client, context }) => {
    await ack();
    await decideRequest({ deps, client, context }, { ...rejection(view), decision: 'reject' });
  });
}
