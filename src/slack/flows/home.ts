// App Home: the revocations waiting for the person's decision, the tokens that need care and the
// usage of the newest ones.
import type { Flow } from '../deps.js';
import { homeView } from '../views/home.js';
import { DAY_MS } from '../../domain/time.js';

/** Tokens whose usage Home shows: each is two reads (like `/token show`). */
const USAGE_SHOWN = 5;

export async function publishHome({ deps, client, context }: Flow, notice?: string): Promise<void> {
  const { actor, t } = context;
  const administers = actor.grants.length > 0;
  const none = { tokens: [], hasMore: false };
  const [expiring, disabled, newest, pending] = administers
    ? await Promise.all([
        deps.tokens.list(
          actor,
          { status: 'enabled', expiringBefore: new Date(Date.now() + 30 * DAY_MS) },
          { offset: 0, limit: 10 },
        ),
        deps.tokens.list(actor, { status: 'disabled' }, { offset: 0, limit: 10 }),
        deps.tokens.list(actor, { status: 'enabled' }, { offset: 0, limit: USAGE_SHOWN }),
        deps.revocations.decidable(actor),
      ])
    : [none, none, none, []];
  const usage = await Promise.all(
    newest.tokens.map(async (token) => ({ token, usage: await deps.tokens.usageOf(token) })),
  );
  const [mine, toDecide] = await Promise.all([deps.requests.mine(actor), deps.requests.decidable(actor)]);
  const view = homeView(t, {
    mine,
    toDecide,
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
