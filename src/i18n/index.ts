// Typed message catalogs. `t(key, params)` looks a message up in the user's language.
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
 *  ja;q=0.9`, RFC 9110): of those we speak, the one with the highest q-value, the first listed
 *  among equals (`*` stands for those not listed, `ja-JP` for `ja`); English when none is
 *  acceptable. */
export function languageOf(accepted: string | undefined): Language {
  const ranges = (accepted ?? '').split(',').map((part, at) => {
    const [range = '', ...params] = part.split(';').map((text) => text.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    return { primary: range.split('-')[0]!, q: q === undefined ? 1 : Math.min(Number(q.slice(2)) || 0, 1), at };
  });
  const acceptable = LANGUAGES.flatMap((language) => {
    const range = ranges.find((r) => r.primary === language) ?? ranges.find((r) => r.primary === '*');
    return range && range.q > 0 ? [{ language, q: range.q, at: range.at }] : [];
  });
  acceptable.sort((a, b) => b.q - a.q || a.at - b.at);
  return acceptable[0]?.language ?? 'en';
}

/** An owner in words: its domain by name, or its organization by slug. */
export const ownerText = (t: Translate, owner: Owner) =>
  owner.type === 'domain'
    ? t('owner.domain', { name: owner.domainName })
    : t('owner.organization', { slug: owner.organizationSlug });
