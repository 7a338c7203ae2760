// A message the Slack emulator holds, as a user acts on it: a click on one of its buttons, with
// the message as Slack sends it back.
import { expect } from 'vitest';
import type { StoredMessage } from '@tokenops/slack-emulator';
import type { TestApp } from './testApp.js';

/** `userId` clicks the button `actionId` (carrying `value`) on `message`; Slack must get a 200. */
export async function clickButton(
  app: TestApp,
  userId: string,
  message: StoredMessage,
  actionId: string,
  value: string,
) {
  const clicked = await app.slack.blockAction(
    userId,
    { action_id: actionId, type: 'button', value },
    { channelId: message.channel, message: { ...message, persisted: true } },
  );
  expect(clicked.status).toBe(200);
  return clicked;
}
