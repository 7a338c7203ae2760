// Direct messages from tokenops: the DM channel with a user, and a message posted into it.
import type { WebClient } from '@slack/web-api';
import type { Language } from '../../i18n/index.js';
import type { Message } from '../views/message.js';

/** Where a message went. */
export type Posted = { channel: string; ts: string };

/** Messages sent at Slack's pace (given by the composition root), for what may come in numbers:
 *  requests to their approvers, outcomes told to everyone involved. */
export type Outbox = {
  /** A DM in the user's language. */
  dm(userId: string, render: (language: Language) => Message): Promise<Posted>;
  /** Records a DM as a copy of the question `subject` asks (askedAbout in domain/reminderPorts.ts),
   *  for it to be rewritten once the question is answered (notify/copies.ts). */
  asked(subject: string, recipient: string, place: Posted): Promise<void>;
  /** A message in a channel (in a message's thread, with `thread_ts`). */
  post(channel: string, message: Message & { thread_ts?: string }): Promise<Posted>;
  update(channel: string, ts: string, message: Message): Promise<void>;
  /** Rewrites a message from what it says now, one writer at a time, waiting up to `waitMs` for
   *  another (notify/slackMessages.ts). */
  reviseAt(
    channel: string,
    ts: string,
    revise: (message: Message) => Message | undefined,
    waitMs?: number,
  ): Promise<Revised>;
};

/** What became of a rewrite of a message: 'unchanged' when nothing was to change, 'busy' when
 *  another writer held it throughout. */
export type Revised = 'done' | 'unchanged' | 'absent' | 'busy';

export async function openDm(client: WebClient, userId: string): Promise<string> {
  const im = await client.conversations.open({ users: userId });
  return im.channel!.id!;
}

/** Posts `message` in the user's DM; `metadata` lets a retry find it in the DM's history. */
export async function postDm(
  client: WebClient,
  userId: string,
  message: Message,
  metadata?: { event_type: string; event_payload: Record<string, string> },
) {
  const channel = await openDm(client, userId);
  return client.chat.postMessage({ channel, ...message, ...(metadata ? { metadata } : {}) });
}
