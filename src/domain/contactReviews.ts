// A primary contact's answer to a review: the token is still needed.
import type { Actor } from './permissions.js';
import type { ContactReviewStore } from './ports.js';
import type { TokenService } from './tokenService.js';

export class ContactReviews {
  constructor(
    private readonly tokens: TokenService,
    private readonly store: ContactReviewStore,
    private readonly reviewDays: number,
  ) {}

  /** Only the token's primary contact may answer; returns the token and the next review. */
  async keep(actor: Actor, displayId: string) {
    const token = await this.tokens.showToContact(actor, displayId);
    const next = await this.store.keep(token.displayId, actor.userId, this.reviewDays);
    return { token, next };
  }
}
