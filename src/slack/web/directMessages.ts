// Direct messages sent by background jobs, at Slack's pace: every call waits for its slot under
// Slack's published limit (shared by all workers through Redis), so a big reminder day is a
// steady stream instead of a storm of 429s. Who a user is (locale, deactivated) and their DM
// channel are cached, so a digest costs one chat.postMessage once people are known.
import type { WebClient } from '@slack/web-api';
import type { ShortLivedStore } from '../../domain/ports.js';
import { languageOf, type Language } from '../../i18n/index.js';
import type { Message } from '../views/message.js';
import { rateRule } from './rateTiers.js';

const PERSON_TTL_SECONDS = 12 * 3600; // a changed locale shows within half a day; deactivation also comes as an event
const CHANNEL_TTL_SECONDS = 30 * 86_400; // a user's DM channel id never changes
// Calls spread evenly over each limit's window stretched by this much: a timer that fires late
// bunches a call with the next, and the margin keeps both inside Slack's window.
const LATENESS_MS = 50;
const METADATA_TYPE = 'tokenops_notification';

export type Person = { language: Language; deleted: boolean };

export class DirectMessages {
  /** `scale` > 1 only under the emulator's time-scaled limits (tests, benchmarks). */
  constructor(
    private readonly client: WebClient,
    private readonly store: ShortLivedStore,
    private readonly scale = 1,
  ) {}

  async person(userId: string): Promise<Person> {
    const cached = await this.store.get(`slack-person:${userId}`);
    if (cached) return JSON.parse(cached) as Person;
    await this.pace('users.info');
    const info = await this.client.users.info({ user: userId, include_locale: true });
    const person: Person = { language: languageOf(info.user?.locale), deleted: Boolean(info.user?.deleted) };
    await this.store.put(`slack-person:${userId}`, JSON.stringify(person), PERSON_TTL_SECONDS);
    return person;
  }

  /** A deactivation (or a changed locale) is known: ask Slack next time. */
  forget(userId: string) {
    return this.store.release(`slack-person:${userId}`);
  }

  async channel(userId: string): Promise<string> {
    const cached = await this.store.get(`slack-dm:${userId}`);
    if (cached) return cached;
    await this.pace('conversations.open');
    const channel = (await this.client.conversations.open({ users: userId })).channel!.id!;
    await this.store.put(`slack-dm:${userId}`, channel, CHANNEL_TTL_SECONDS);
    return channel;
  }

  /** Whether the channel holds a message posted under `key` (a send whose answer was lost). */
  async holds(channel: string, key: string): Promise<boolean> {
    await this.pace('conversations.history');
    const history = await this.client.conversations.history({ channel, limit: 50, include_all_metadata: true });
    return Boolean(history.messages?.some((m) => m.metadata?.event_type === METADATA_TYPE && (m.metadata.event_payload as { key?: string } | undefined)?.key === key));
  }

  /** Posts with `key` in the message's metadata, for `holds` to find after a crash. */
  async post(channel: string, message: Message, key: string) {
    await this.pace('chat.postMessage', channel);
    await this.client.chat.postMessage({ channel, ...message, metadata: { event_type: METADATA_TYPE, event_payload: { key } } });
  }

  private async pace(method: string, channel?: string) {
    const rule = rateRule(method, channel);
    if (!rule) return;
    const wait = await this.store.slot(`slack-pace:${rule.key}`, (rule.windowMs / this.scale + LATENESS_MS) / rule.limit);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
