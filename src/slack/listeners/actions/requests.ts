// The buttons of token requests: Approve (each eligible person once; the last approval needed
// makes the token), Reject (asks for an optional reason in a modal first) and Withdraw (the
// requester, from their confirmation or App Home).
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../../flows/home.js';
import { decideRequest, withdrawRequest } from '../../flows/requests.js';
import type { Reply, SlackContext } from '../../context.js';
import { simpleMessage } from '../../views/message.js';
import {
  REQUEST_APPROVE_ACTION,
  REQUEST_REJECT_ACTION,
  REQUEST_WITHDRAW_ACTION,
  rejectModal,
} from '../../views/request.js';

export function registerRequestActions(app: App<SlackContext>, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(REQUEST_APPROVE_ACTION, async ({ action, client, context }) => {
    await decideRequest({ deps, client, context }, { requestId: action.value ?? '', decision: 'approve' });
  });

  app.action<BlockAction<ButtonAction>>(REQUEST_REJECT_ACTION, async ({ action, body, client, context }) => {
    const request = await deps.requests.find(action.value ?? '');
    if (!request || request.state !== 'pending') {
      return void (await context.reply(
        simpleMessage(
          request
            ? context.t('request.alreadyDecided', { state: request.state })
            : context.t('error.request_not_found'),
        ),
      ));
    }
    await deps.requests.checkDecider(context.actor, request); // not asked why, only to be refused
    await client.views.open({
      trigger_id: body.trigger_id,
      view: rejectModal(context.t, request, { requestId: request.id, responseUrl: body.response_url ?? '' }),
    });
  });

  app.action<BlockAction<ButtonAction>>(REQUEST_WITHDRAW_ACTION, async ({ action, body, client, context }) => {
    // From App Home, the answer is the Home tab shown again (before the request's messages change).
    const reply: Reply = body.view?.type === 'home' ? () => publishHome({ deps, client, context }) : context.reply;
    await withdrawRequest({ deps, client, context: { ...context, reply } }, { requestId: action.value ?? '' });
  });
}
