// Each user's language, from their Slack locale (users.info with include_locale), cached so
// that a busy admin does not cost a Slack call per click.
import type { WebClient } from '@slack/web-api';
import { languageOf, translator, type Language, type Translate } from '../i18n/index.js';
import type { Logger } from '../observability/logger.js';

const TTL_MS = 60 * 60 * 1000;
const MAX_ENTRIES = 10_000;

export type Locales = {
  languageOf(userId: string): Promise<Language>;
  translatorFor(userId: string): Promise<Translate>;
  translate(language: Language): Translate;
};

export function createLocales(client: WebClient, logger: Logger): Locales {
  const cache = new Map<string, { language: Language; until: number }>();
  const languageOfUser = async (userId: string): Promise<Language> => {
    const hit = cache.get(userId);
    if (hit && hit.until > Date.now()) return hit.language;
    try {
      const info = await client.users.info({ user: userId, include_locale: true });
      const language = languageOf(info.user?.locale);
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(userId, { language, until: Date.now() + TTL_MS });
      return language;
    } catch (error) {
      // An unknown locale is no reason to fail the user's request: answer in English.
      logger.warn({ err: error, userId }, 'could not read the user locale');
      return 'en';
    }
  };
  return {
    languageOf: languageOfUser,
    translatorFor: async (userId) => translator(await languageOfUser(userId)),
    translate: translator,
  };
}
