// The filters and page of each rendered list, kept for a day so that the list's controls
// (status, creation, search, pages) can re-render it in place.
import { randomUUID } from 'node:crypto';
import type { ListKey, ShortLivedStore } from './ports.js';
import type { ListFilter } from './tokenService.js';

/** Where a page is in the list: after a token (Next), before one (Previous), or (none) the first. */
export type ListPage = { after: ListKey } | { before: ListKey };
export type ListState = { filter: ListFilter; page?: ListPage };

const TTL_SECONDS = 24 * 3600;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class SavedLists {
  constructor(private readonly store: ShortLivedStore) {}

  /** Saves `state`; returns the id its controls carry. */
  async save(state: ListState): Promise<string> {
    const id = randomUUID();
    await this.store.put(`list-state:${id}`, JSON.stringify(state), TTL_SECONDS);
    return id;
  }

  /** undefined when the list is older than a day (or the id is not one we gave). */
  async load(id: string): Promise<ListState | undefined> {
    const text = UUID.test(id) ? await this.store.get(`list-state:${id}`) : null;
    // A page's key went to JSON with its time as text.
    return text
      ? (JSON.parse(text, (key, value: unknown) =>
          key === 'createdAt' ? new Date(value as string) : value,
        ) as ListState)
      : undefined;
  }
}
