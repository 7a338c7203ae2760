// Requests pending while no worker runs are expired when a worker comes back, whether their
// delayed job survived in Redis or was lost with it.
import { Queue } from 'bullmq';
import { createRedis } from '../../src/store/redis.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { QUEUE_NAME } from '../../src/jobs/queue.js';
import { useTestApp } from '../support/testApp.js';
import { REDIS_URL } from '../support/databases.js';
import { USERS, tokenInput } from '../support/tenants.js';
import { revocationRequest, seedWithApprovalsChannel } from '../support/approvalChannel.js';

const CHANNEL = 'C0APPROVAL';
const app = useTestApp({ role: 'web', env: { APPROVALS_CHANNEL_ID: CHANNEL, APPROVAL_TTL_HOURS: '0.0003' } });
let root: Actor;

beforeAll(async () => {
  root = await seedWithApprovalsChannel(app, CHANNEL);
});

async function ask(label: string) {
  const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', label));
  const posted = app.fake.callsTo('chat.postMessage').length;
  await app.slack.command(USERS.acmeAdmin, `revoke ${token.displayId} no longer needed`);
  return revocationRequest(app.fake, CHANNEL, posted);
}

describe('a worker that was down', () => {
  it('expires the requests that timed out meanwhile, with or without their delayed job', async () => {
    const kept = await ask('Job kept');
    const lost = await ask('Job lost');
    const connection = createRedis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection, prefix: `{${app.config.redisPrefix}}` });
    expect(await queue.getJob(`revocation-expire-${kept.requestId}`)).toBeDefined();
    expect(await queue.remove(`revocation-expire-${lost.requestId}`)).toBe(1); // as if Redis had lost it
    await queue.close();
    connection.disconnect();

    await new Promise((resolve) => setTimeout(resolve, 1_500)); // both are now past their time, undecided
    const message = (ts: string) => JSON.stringify(app.fake.messages.get(`${CHANNEL}/${ts}`)!.blocks);
    expect(message(kept.ts)).toContain('Waiting for another admin');

    await app.startInstance({ role: 'worker' });
    await app.fake.waitFor(() => message(kept.ts).includes('Expired') && message(lost.ts).includes('Expired'), 10_000);
    const states = await Promise.all(
      [kept, lost].map(async (r) => (await app.tokenops.revocations.find(r.requestId))!.request.state),
    );
    expect(states).toEqual(['expired', 'expired']);
  });
});
