// App Home: the revocations waiting for the person's decision, the tokens that need care and the
// usage of the newest ones; the tokens the person is only the primary contact of.
import type { Flow } from '../deps.js';
import { homeView } from '../views/home.js';
import { DAY_MS } from '../../domain/time.js';

/** How soon an expiry makes Home offer to ask for an extension: as its list of expiring tokens. */
const DUE_MS = 30 * DAY_MS;

/** Tokens whose usage Home shows: each is two reads (like `/token show`). */
const USAGE_SHOWN = 5;

export async function publishHome({ deps, client, context }: Flow, notice?: string): Promise<void> {
  const { actor, t } = context;
  const administers = actor.grants.length > 0;
  const none = { tokens: [], hasMore: false };
  const [expiring, disabled, newest, pending] = administers
    ? await Promise.all([
        deps.tokens.list(actor, { status: 'enabled', expiringBefore: new Date(Date.now() + DUE_MS) }, { limit: 10 }),
        deps.tokens.list(actor, { status: 'disabled' }, { limit: 10 }),
        deps.tokens.list(actor, { status: 'enabled' }, { limit: USAGE_SHOWN }),
        deps.revocations.decidable(actor),
      ])
    : [none, none, none, []];
  const usage = await Promise.all(
    newest.tokens.map(async (token) => ({ token, usage: await deps.tokens.usageOf(token) })),
  );
  const [mine, toDecide, held] = await Promise.all([
    deps.requests.mine(actor),
    deps.requests.decidable(actor),
    deps.tokens.ofContact(actor, 10),
  ]);
  const contact = {
    tokens: held.tokens.map((token) => ({
      token,
      status: deps.tokens.status(token),
      due: token.expiresAt !== null && token.expiresAt.getTime() < Date.now() + DUE_MS,
    })),
    more: held.hasMore,
  };
  const view = homeView(t, {
    mine,
    toDecide,
    contact,
    administers,
    expiring: expiring.tokens,
    expiringMore: expiring.hasMore,
    disabled: disabled.tokens,
    disabledMore: disabled.hasMore,
    statusOf: (token) => deps.tokens.status(token),
    usage,
    pending,
    notice,
  });
  await client.views.publish({ user_id: actor.userId, view });
}
