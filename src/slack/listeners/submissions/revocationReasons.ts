// The two reason modals of revocation: why a token should be revoked (a request), and why a
// request is rejected. Both answer where they were opened (channel or response_url).
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { decideRevocation, requestRevocation } from '../../flows/revocation.js';
import { viewMetadata, type SlackContext } from '../../context.js';
import { REASON_CALLBACK_ID, REJECT_CALLBACK_ID } from '../../views/revocation.js';
import { formReply, rejection } from './form.js';

export function registerRevocationReasons(app: App<SlackContext>, deps: SlackDeps): void {
  app.view(REJECT_CALLBACK_ID, async ({ ack, view, client, context }) => {
    await ack();
    await decideRevocation({ deps, client, context }, { ...rejection(view), decision: 'rejected' });
  });

  app.view(REASON_CALLBACK_ID, async ({ ack, view, client, context }) => {
    await ack();
    const metadata = viewMetadata(view);
    const reason = view.state.values.reason?.reason?.value ?? '';
    // Asked from a list: the answer refreshes it (a request with its Withdraw button comes on its own).
    const flow = { deps, client, context };
    await requestRevocation(
      { ...flow, context: { ...context, reply: formReply(flow, metadata) } },
      { id: metadata.id ?? '', reason, asContact: metadata.asContact === '1' },
    );
  });
}
