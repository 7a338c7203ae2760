// App Home: the revocations waiting for the person's decision and the tokens that need care.
import type { Flow } from '../deps.js';
import { homeView } from '../views/home.js';
import { DAY_MS } from '../../domain/time.js';

export async function publishHome({ deps, client, context }: Flow, notice?: string): Promise<void> {
  const { actor, t } = context;
  const administers = actor.grants.length > 0;
  const [expiring, disabled, pending] = administers
    ? await Promise.all([
        deps.tokens.list(actor, { status: 'enabled', expiringBefore: new Date(Date.now() + 30 * DAY_MS) }, { offset: 0, limit: 10 }),
        deps.tokens.list(actor, { status: 'disabled' }, { offset: 0, limit: 10 }),
        deps.revocations.decidable(actor),
      ])
    : [{ tokens: [], hasMore: false }, { tokens: [], hasMore: false }, []];
  const [mine, toDecide] = await Promise.all([deps.requests.mine(actor), deps.requests.decidable(actor)]);
  const view = homeView(t, {
    mine,
    toDecide,
    administers,
    expiring: expiring.tokens,
    expiringMore: expiring.hasMore,
    disabled: disabled.tokens,
    disabledMore: disabled.hasMore,
    pending,
    notice,
  });
  await client.views.publish({ user_id: actor.userId, view });
}
