// Messages to Slack users and channels, at Slack's pace (pacer.ts). A user's DM channel is
// cached, so a DM costs one chat.postMessage once people are known. A post can carry a key in
// its metadata, for a retry to find it in the channel's history instead of sending it twice. A
// DM that asks something of one of several people is recorded (AskedCopies), for every copy to
// be rewritten once one of them, or anyone by another path, answers it (notify/copies.ts).
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { AskedCopies, MessagePlace, ShortLivedStore } from '../domain/ports.js';
import type { Language } from '../i18n/index.js';
import type { Message } from '../slack/views/message.js';
import type { Posted, Revised } from '../slack/web/dm.js';
import type { Pacer } from './pacer.js';
import { quick, type People } from './people.js';

const CHANNEL_TTL_SECONDS = 30 * 86_400; // a user's DM channel id never changes
const METADATA_TYPE = 'tokenops_notification';
const REVISE_RETRY_MS = 100;

export class SlackMessages {
  constructor(
    private readonly client: WebClient,
    private readonly store: ShortLivedStore,
    private readonly pacer: Pacer,
    readonly people: People,
    /** Where copies of questions are recorded; none: nowhere (they are not rewritten). */
    readonly copies?: AskedCopies,
  ) {}

  /** Records a DM at `place` to `recipient` as a copy of the question `subject` (askedAbout). */
  async asked(subject: string, recipient: string, place: MessagePlace): Promise<void> {
    await this.copies?.add(subject, recipient, place);
  }

  /** The DM channel with a user. */
  async channelOf(userId: string): Promise<string> {
    const cached = await quick(this.store.get(`slack-dm:${userId}`));
    if (cached) return cached;
    await this.pacer.wait('conversations.open');
    const channel = (await this.client.conversations.open({ users: userId })).channel!.id!;
    this.store.put(`slack-dm:${userId}`, channel, CHANNEL_TTL_SECONDS).catch(() => undefined); // a cache: Slack still answers without it
    return channel;
  }

  /** The message posted under `key`, among the channel's last 50 (a send whose answer was lost). */
  async find(channel: string, key: string): Promise<(Message & { ts: string }) | undefined> {
    await this.pacer.wait('conversations.history');
    const history = await this.client.conversations.history({ channel, limit: 50, include_all_metadata: true });
    const found = history.messages?.find(
      (m) =>
        m.metadata?.event_type === METADATA_TYPE &&
        (m.metadata.event_payload as { key?: string } | undefined)?.key === key,
    );
    return found?.ts
      ? { ts: found.ts, text: found.text ?? '', blocks: (found.blocks ?? []) as KnownBlock[] }
      : undefined;
  }

  /** Posts to a channel (a thread, with `thread_ts`); with `key` in the message's metadata, for
   *  `find` to find after a crash. */
  async post(channel: string, message: Message & { thread_ts?: string }, key?: string): Promise<Posted> {
    await this.pacer.wait('chat.postMessage', channel);
    const sent = await this.client.chat.postMessage({
      channel,
      ...message,
      ...(key ? { metadata: { event_type: METADATA_TYPE, event_payload: { key } } } : {}),
    });
    return { channel, ts: sent.ts! };
  }

  /** Rewrites the message posted under `key` in `channel` as `revise` makes it (see reviseAt);
   *  'absent' when it is not among the channel's last 50 messages. */
  async revise(channel: string, key: string, revise: (message: Message) => Message | undefined): Promise<Revised> {
    const found = await this.find(channel, key);
    return found ? this.reviseAt(channel, found.ts, revise) : 'absent';
  }

  /**
   * Rewrites the message at `ts` as `revise` makes it from what the message says now, one writer
   * at a time: a click on a digest and another admin's answer rewritten into the same copy must
   * not undo each other. 'unchanged' when `revise` leaves it; 'busy' when another writer held it
   * for all of `waitMs` (try again later).
   */
  async reviseAt(
    channel: string,
    ts: string,
    revise: (message: Message) => Message | undefined,
    waitMs = 0,
  ): Promise<Revised> {
    const key = `slack-revise:${channel}:${ts}`;
    const giveUpAt = performance.now() + waitMs;
    let hold = await this.store.hold(key, 30);
    while (!hold && performance.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, REVISE_RETRY_MS));
      hold = await this.store.hold(key, 30);
    }
    if (!hold) return 'busy';
    try {
      const message = await this.at(channel, ts);
      if (!message) return 'absent';
      const revised = revise(message);
      if (!revised) return 'unchanged';
      await this.update(channel, ts, revised);
      return 'done';
    } finally {
      await hold.release().catch(() => undefined); // it lapses on its own
    }
  }

  /** The message at `ts` in `channel`, as it is now. */
  private async at(channel: string, ts: string): Promise<Message | undefined> {
    await this.pacer.wait('conversations.history');
    const history = await this.client.conversations.history({
      channel,
      latest: ts,
      oldest: ts,
      inclusive: true,
      limit: 1,
    });
    const found = history.messages?.find((m) => m.ts === ts);
    return found ? { text: found.text ?? '', blocks: (found.blocks ?? []) as KnownBlock[] } : undefined;
  }

  /** Replaces a message posted before. */
  async update(channel: string, ts: string, message: Message) {
    await this.pacer.wait('chat.update');
    await this.client.chat.update({ channel, ts, ...message });
  }

  /** A DM, sent once: 'deactivated' when Slack says the account is gone. When an earlier
   *  attempt may have posted it (`resuming`), the DM's history tells whether Slack got it. */
  async dmOnce(
    userId: string,
    key: string,
    render: (language: Language) => Message,
    resuming = false,
    /** The question it asks (askedAbout): where it is, found or posted, is recorded. */
    asks?: string,
  ): Promise<'sent' | 'deactivated'> {
    const person = await this.people.person(userId);
    if (person.deleted) return 'deactivated';
    const channel = await this.channelOf(userId);
    const found = resuming ? await this.find(channel, key) : undefined;
    const posted = found ? { channel, ts: found.ts } : await this.post(channel, render(person.language), key);
    if (asks) await this.asked(asks, userId, posted);
    return 'sent';
  }

  /** A DM in the user's language, nothing more (a request to decide, an outcome they are told of). */
  async dm(userId: string, render: (language: Language) => Message): Promise<Posted> {
    const language = await this.people.languageOf(userId);
    return this.post(await this.channelOf(userId), render(language));
  }
}
