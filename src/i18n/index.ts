// Typed message catalogs. `t(key, params)` looks a message up in the user's language.
import Negotiator from 'negotiator';
import { en } from './en/index.js';
import { ja } from './ja/index.js';
import type { Catalog, MessageKey } from './catalog.js';
import type { Owner } from '../domain/permissions.js';

export type { MessageKey } from './catalog.js';
export type Language = 'en' | 'ja';
type ParamsOf<K extends MessageKey> = Catalog[K] extends (params: infer P) => string ? [params: P] : [];

const catalogs: Record<Language, Catalog> = { en, ja };

export type Translate = <K extends MessageKey>(key: K, ...params: ParamsOf<K>) => string;

export function translator(language: Language): Translate {
  const catalog = catalogs[language];
  return (key, ...params) => {
    const message = catalog[key] as string | ((p: unknown) => string);
    return typeof message === 'function' ? message(params[0]) : message;
  };
}

/** Whether the catalogs have a message under this key (built from a code, say). */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(catalogs.en, key);

const LANGUAGES = Object.keys(catalogs) as Language[];

/** The language for a Slack locale (`ja-JP`, `en-US`) or an Accept-Language header (`fr,
 *  ja;q=0.9`, RFC 9110): of those we speak, the one it weighs highest (negotiator, as Express
 *  reads it); English when none is acceptable. */
export function languageOf(accepted: string | undefined): Language {
  if (!accepted) return 'en';
  return (
    (new Negotiator({ headers: { 'accept-language': accepted } }).language(LANGUAGES) as Language | undefined) ?? 'en'
  );
}

/** An owner in words: its domain by name, or its organization by slug. */
export const ownerText = (t: Translate, owner: Owner) =>
  owner.type === 'domain'
    ? t('owner.domain', { name: owner.domainName })
    : t('owner.organization', { slug: owner.organizationSlug });
