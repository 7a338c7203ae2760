// A worker SIGKILLed in the middle of a delivery (the receiver has the request, the worker never
// hears the answer): another worker delivers it again with the same webhook-id, every event
// arrives, and no event ever arrives under two ids. The killed worker is a real process
// (`node dist/main.js worker`, as npm run start:worker runs it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { useTestApp } from '../support/testApp.js';
import { startProcess, type Instance } from '../support/processes.js';
import { seedTenants, tokenInput } from '../support/tenants.js';
import { startReceiver } from '../support/webhookReceiver.js';

const app = useTestApp({ role: 'web' });
let root: Actor;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let doomed: Instance | undefined;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  receiver = await startReceiver();
});
afterAll(async () => {
  await doomed?.stop('SIGKILL');
  await receiver?.close();
});

describe('a worker killed mid-delivery', () => {
  it('loses nothing and never sends one event under two ids', async () => {
    const { secret } = await app.tokenops.webhooks.add(root, `${receiver.url}/killed`, []);
    receiver.trust(secret);
    let held = false;
    // The first request is held: the worker is killed while it waits for the answer.
    receiver.answer(() => (held ? 'ok' : ((held = true), 'hang')));
    doomed = await startProcess(app, 'worker');
    const made: Array<Awaited<ReturnType<typeof app.tokenops.tokens.create>>> = [];
    for (let i = 0; i < 5; i++)
      made.push(await app.tokenops.tokens.create(root, tokenInput('org:acme', `Killed midway ${i}`)));
    await app.tokenops.tokens.disable(root, made[0]!.token.displayId);
    const first = await receiver.waitFor(() => receiver.received[0], 30_000);
    await doomed.stop('SIGKILL');

    // A survivor picks the stalled job up once its lock runs out.
    await app.startInstance({ role: 'worker' });
    const expected = made.length + 1;
    const events = () =>
      new Map(receiver.received.map((r) => [`${JSON.parse(r.body).type} ${JSON.parse(r.body).data.token.id}`, r]));
    await receiver.waitFor(() => (events().size >= expected ? true : undefined), 45_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // anything more would come now

    const idsByEvent = new Map<string, Set<string>>();
    for (const r of receiver.received) {
      const body = JSON.parse(r.body);
      const key = `${body.type} ${body.data.token.id}`;
      idsByEvent.set(key, (idsByEvent.get(key) ?? new Set()).add(r.id));
    }
    expect(idsByEvent.size).toBe(expected);
    expect([...idsByEvent.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(receiver.received.filter((r) => r.id === first.id).length).toBeGreaterThanOrEqual(2); // the held one, sent again
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    // The disabled event of the first token came after its created event.
    const order = receiver.received
      .map((r) => JSON.parse(r.body))
      .filter((b) => b.data.token.id === made[0]!.token.displayId)
      .map((b) => b.type);
    expect(order.lastIndexOf('token.created')).toBeLessThan(order.indexOf('token.disabled'));
  }, 120_000);
});
