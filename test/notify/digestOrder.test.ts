// The order of a reminder digest (README: Reminders and notices): most urgent first, by threshold,
// then by the actual expiry within one (the longest expired first), then by name; the same in
// every recipient's copy.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { useTestApp } from '../support/testApp.js';
import { sql } from '../support/databases.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

const app = useTestApp({ env: { REMINDER_SCAN_INTERVAL_SECONDS: '1' } });
let root: Actor;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  for (const id of [USERS.acmeAdmin, USERS.workspaceAdmin]) app.fake.addUser({ id });
});

const DM = (userId: string) => `D${userId.slice(1)}`;
/** The tokens a DM's items are about, in the message's order. */
const itemOrder = (blocks: Array<{ block_id?: string }>) =>
  blocks.flatMap((block) => /^reminder(?:_ask)?:expiry:(tok_\w+)$/.exec(block.block_id ?? '')?.slice(1) ?? []);

describe('a reminder digest', () => {
  it('lists expired tokens first, the longest expired first, then the nearest expiries, then by name', async () => {
    // Created (and named) in an order that is neither the expiry's nor the names'.
    const expiries: Array<[label: string, hoursLeft: number]> = [
      ['Delta', 6 * 24 + 5],
      ['Alpha', 6 * 24 + 1],
      ['Echo', -1],
      ['Bravo', 6 * 24 + 4],
      ['Charlie', 6 * 24 + 2],
      ['Foxtrot', -3],
      ['Golf', 6 * 24 + 2], // the same expiry as Charlie: after it by name
      ['Hotel', 6 * 24 + 3],
    ];
    const ids = new Map<string, string>();
    for (const [label] of expiries)
      ids.set(
        label,
        (await app.tokenops.tokens.create(root, tokenInput('org:acme', label, { primaryContact: USERS.acmeAdmin })))
          .token.displayId,
      );
    // All due in one scan, so in one digest each.
    await sql(
      app.databaseUrl,
      `UPDATE tokens SET next_reminder_at = now(), expires_at = date_trunc('second', now()) + (v.hours || ' hours')::interval
         FROM unnest($1::text[], $2::text[]) AS v(id, hours) WHERE display_id = v.id`,
      [expiries.map(([label]) => ids.get(label)), expiries.map(([, hours]) => String(hours))],
    );
    const digestTo = (user: string) =>
      app.fake
        .callsTo('chat.postMessage')
        .find((c) => c.args.channel === DM(user) && c.response.ok && itemOrder(c.args.blocks).length);
    const expected = ['Foxtrot', 'Echo', 'Alpha', 'Charlie', 'Golf', 'Hotel', 'Bravo', 'Delta'].map((l) => ids.get(l));
    for (const user of [USERS.acmeAdmin, USERS.workspaceAdmin]) {
      const digest = await app.fake.waitFor(() => digestTo(user), 15_000);
      expect(itemOrder(digest.args.blocks), user).toEqual(expected);
    }
  }, 30_000);
});
