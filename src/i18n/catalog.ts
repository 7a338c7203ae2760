// The shape of a message catalog, taken from the English one: each Japanese area is checked against
// its English twin, and the whole Japanese catalog against the whole English one.
import type { en } from './en/index.js';

/** The Japanese counterpart of English messages: the same keys, a function taking the same parameters. */
export type CatalogOf<T> = {
  [K in keyof T]: T[K] extends (params: infer P) => string ? (params: P) => string : string;
};
export type MessageKey = keyof typeof en;
export type Catalog = CatalogOf<typeof en>;
