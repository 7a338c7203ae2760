// The approvals channel's buttons: Approve (first decision wins) and Reject, which asks for
// a reason in a modal first.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { decideRevocation } from '../../flows/revocation.js';
import type { SlackContext } from '../../context.js';
import { APPROVE_ACTION, REJECT_ACTION, reasonModal } from '../../views/revocation.js';
import { simpleMessage } from '../../views/message.js';

export function registerApprovalActions(app: App<SlackContext>, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(APPROVE_ACTION, async ({ action, client, context }) => {
    await decideRevocation({ deps, client, context }, { requestId: action.value ?? '', decision: 'approved' });
  });

  app.action<BlockAction<ButtonAction>>(REJECT_ACTION, async ({ action, body, client, context }) => {
    const found = await deps.revocations.find(action.value ?? '');
    if (!found || found.request.state !== 'pending') {
      const decidedBy = found?.request.decidedBy;
      return void (await context.reply(
        simpleMessage(
          decidedBy
            ? context.t('revocation.alreadyDecided', { user: decidedBy })
            : context.t('revocation.alreadySettled'),
        ),
      ));
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: reasonModal(
        context.t,
        'reject',
        found.token ?? { label: found.request.displayId, displayId: found.request.displayId },
        { requestId: found.request.id, responseUrl: body.response_url ?? '' },
      ),
    });
  });
}
