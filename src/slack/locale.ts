// Each user's language, from their Slack locale, as the Slack layer asks for it. Given by the
// composition root: one cache of who people are serves this layer and the worker's messages.
import type { Language, Translate } from '../i18n/index.js';

export type Locales = {
  languageOf(userId: string): Promise<Language>;
  translatorFor(userId: string): Promise<Translate>;
  translate(language: Language): Translate;
};
