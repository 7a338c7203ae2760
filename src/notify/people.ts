// Who a Slack user is, as far as a message to them needs: their language (their Slack locale),
// whether their account is gone and whether it is a bot's. One cache of users.info for every
// instance (Redis), read by the Slack layer to answer people and check primary contacts, and by
// the worker to write to them; deactivation also comes as an event, which forgets the person.
// The cache saves calls to Slack and may never cost more than one: an unreachable Redis is given
// a quarter of a second, then Slack is asked.
import type { WebClient } from '@slack/web-api';
import type { ShortLivedStore } from '../domain/ports.js';
import { languageOf, translator, type Language, type Translate } from '../i18n/index.js';
import type { Logger } from '../observability/logger.js';
import type { Pacer } from './pacer.js';

const PERSON_TTL_SECONDS = 12 * 3600; // a changed locale shows within half a day
const REDIS_WAIT_MS = 250;
const LOCAL_ENTRIES = 10_000;

type Person = { language: Language; deleted: boolean; bot: boolean };

const SLACKBOT = 'USLACKBOT';

type PeopleOptions = {
  /** The worker's calls wait for their slot; a person waiting for an answer does not. */
  pacer?: Pacer;
  /** Also keep languages in this process this long, so that a busy admin's clicks cost no round
   *  trip (the Slack layer; the worker reads Redis, where a deactivation is forgotten at once). */
  localMs?: number;
};

export class People {
  private readonly local = new Map<string, { person: Person; until: number }>();

  constructor(
    private readonly client: WebClient,
    private readonly store: ShortLivedStore,
    private readonly logger: Logger,
    private readonly options: PeopleOptions = {},
  ) {}

  async person(userId: string): Promise<Person> {
    const hit = this.local.get(userId);
    if (hit && hit.until > Date.now()) return hit.person;
    const cached = await quick(this.store.get(key(userId)));
    const person = cached ? (JSON.parse(cached) as Person) : await this.ask(userId);
    this.remember(userId, person);
    return person;
  }

  private async ask(userId: string): Promise<Person> {
    await this.options.pacer?.wait('users.info');
    const info = await this.client.users.info({ user: userId, include_locale: true });
    const person: Person = {
      language: languageOf(info.user?.locale),
      deleted: Boolean(info.user?.deleted),
      bot: Boolean(info.user?.is_bot) || userId === SLACKBOT,
    };
    this.store.put(key(userId), JSON.stringify(person), PERSON_TTL_SECONDS).catch(() => undefined);
    return person;
  }

  private remember(userId: string, person: Person) {
    if (!this.options.localMs) return;
    if (this.local.size >= LOCAL_ENTRIES) this.local.delete(this.local.keys().next().value!);
    this.local.set(userId, { person, until: Date.now() + this.options.localMs });
  }

  /** A deactivation (or a changed locale) is known: ask Slack next time. */
  forget(userId: string) {
    this.local.delete(userId);
    return this.store.release(key(userId));
  }

  /** The user's language; English when Slack cannot say (no reason to fail their request). */
  async languageOf(userId: string): Promise<Language> {
    try {
      return (await this.person(userId)).language;
    } catch (error) {
      this.logger.warn({ err: error, userId }, 'could not read the user locale');
      return 'en';
    }
  }

  async translatorFor(userId: string): Promise<Translate> {
    return translator(await this.languageOf(userId));
  }

  translate(language: Language): Translate {
    return translator(language);
  }
}

const key = (userId: string) => `slack-person:${userId}`;

/** A cached value from Redis, or null when Redis has none within REDIS_WAIT_MS. */
export async function quick(read: Promise<string | null>): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(resolve, REDIS_WAIT_MS, null)));
  try {
    return await Promise.race([read.catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}
