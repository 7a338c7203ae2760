// The approvals channel as the Slack emulator holds it: the request messages tokenops posts there,
// a click on their Approve button, and what a message says now.
import type { SlackEmulator } from '@tokenops/slack-emulator';
import type { Actor } from '../../src/domain/permissions.js';
import { seedTenants } from './tenants.js';
import type { TestApp } from './testApp.js';

/** The seeded tenants (support/tenants) and the approvals `channel`, with the bot in it; the root actor. */
export async function seedWithApprovalsChannel(app: TestApp, channel: string): Promise<Actor> {
  const { root } = await seedTenants(app.tokenops);
  app.fake.addChannel(channel, { botIsMember: true });
  return root;
}

/** The revocation request posted to `channel` after call `from` of chat.postMessage, once it is
 * there: its message and the request id its decision buttons carry. */
export async function revocationRequest(fake: SlackEmulator, channel: string, from: number) {
  const call = await fake.waitFor(() =>
    fake
      .callsTo('chat.postMessage')
      .slice(from)
      .find((c) => c.args.channel === channel),
  );
  const decision = (call.args.blocks as any[]).find((b) => b.block_id === 'revocation_decision');
  return { call, ts: call.response.ts as string, requestId: decision.elements[0].value as string };
}

/** `userId` clicks the button `actionId`, carrying `value`, on message `ts` of `channel`. */
export const clickOnMessage = (
  app: TestApp,
  channel: string,
  userId: string,
  ts: string,
  actionId: string,
  value: string,
) =>
  app.slack.blockAction(
    userId,
    { action_id: actionId, type: 'button', value },
    { message: { ts, persisted: true }, channelId: channel },
  );

export function approvalChannel(app: TestApp, channel: string) {
  /** The approval messages posted to the channel after call `from` that name `label`. */
  const postedFor = (from: number, label: string) =>
    app.fake
      .callsTo('chat.postMessage')
      .slice(from)
      .filter((c) => c.args.channel === channel && JSON.stringify(c.args.blocks).includes(label));
  return {
    postedFor,
    /** The first of them, once it is there: its ts, its text and the request it asks about. */
    async posted(from: number, label: string) {
      const call = await app.fake.waitFor(() => postedFor(from, label)[0], 15_000);
      const decision = (call.args.blocks as any[]).find((b) => b.block_id === 'token_request_decision');
      return {
        ts: call.response.ts as string,
        text: JSON.stringify(call.args.blocks),
        requestId: decision.elements[0].value as string,
      };
    },
    /** `userId` clicks the decision button `actionId` on the request message `ts`. */
    decide: (userId: string, ts: string, requestId: string, actionId: string) =>
      clickOnMessage(app, channel, userId, ts, actionId, requestId),
    /** `userId` clicks Approve on the request message `ts`. */
    approve: (userId: string, ts: string, requestId: string) =>
      clickOnMessage(app, channel, userId, ts, 'token_request_approve', requestId),
    /** The blocks of message `ts` as they are now, as text. */
    messageText: (ts: string) => JSON.stringify(app.fake.messages.get(`${channel}/${ts}`)!.blocks),
  };
}

/** The Withdraw button of a requester's message, if it has one. */
export const withdrawOf = (blocks: any[]) =>
  blocks.flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === 'token_request_withdraw');
