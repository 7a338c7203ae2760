// The filters and page of each rendered list, kept for a day so that the list's controls
// (status, creation, search, pages) can re-render it in place.
import { randomUUID } from 'node:crypto';
import type { ShortLivedStore } from './ports.js';
import type { ListFilter } from './tokenService.js';

export type ListState = { filter: ListFilter; offset: number };

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
    return text ? (JSON.parse(text) as ListState) : undefined;
  }
}
