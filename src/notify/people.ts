// Who a Slack user is, as far as a message to them needs: their language (their Slack locale)
// and whether their account is gone. One cache of users.info for every instance (Redis), read by
// the Slack layer to answer people and by the worker to write to them; deactivation also comes
// as an event, which forgets the person.
import type { WebClient } from '@slack/web-api';
import type { ShortLivedStore } from '../domain/ports.js';
import { languageOf, translator, type Language, type Translate } from '../i18n/index.js';
import type { Logger } from '../observability/logger.js';
import type { Pacer } from './pacer.js';

const PERSON_TTL_SECONDS = 12 * 3600; // a changed locale shows within half a day

export type Person = { language: Language; deleted: boolean };

export class People {
  /** `pacer`: the worker's calls wait for their slot; a person waiting for an answer does not. */
  constructor(
    private readonly client: WebClient,
    private readonly store: ShortLivedStore,
    private readonly logger: Logger,
    private readonly pacer?: Pacer,
  ) {}

  async person(userId: string): Promise<Person> {
    // The cache saves calls; without Redis, Slack still answers.
    const cached = await this.store.get(key(userId)).catch(() => null);
    if (cached) return JSON.parse(cached) as Person;
    await this.pacer?.wait('users.info');
    const info = await this.client.users.info({ user: userId, include_locale: true });
    const person: Person = { language: languageOf(info.user?.locale), deleted: Boolean(info.user?.deleted) };
    await this.store.put(key(userId), JSON.stringify(person), PERSON_TTL_SECONDS).catch(() => undefined);
    return person;
  }

  /** A deactivation (or a changed locale) is known: ask Slack next time. */
  forget(userId: string) {
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
