// The shape of a message catalog, taken from the English one: ja.ts is checked against it.
import type { en } from './en.js';

export type MessageKey = keyof typeof en;
export type Catalog = {
  [K in MessageKey]: (typeof en)[K] extends (params: infer P) => string ? (params: P) => string : string;
};
