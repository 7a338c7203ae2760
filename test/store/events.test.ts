// The events outbox: an event row exists exactly when its change committed, in the change's own
// transaction; a refused or rolled-back change leaves none; a token's events are numbered in the
// order its changes committed; no event holds a secret.
import { planDue } from '../../src/domain/reminders.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { EVENT_TYPES, eventBody } from '../../src/domain/events.js';
import { createPrisma } from '../../src/store/prisma.js';
import { createReminderStore } from '../../src/store/reminderStore.js';
import { writeTokenEvents } from '../../src/store/events.js';
import { useTestApp } from '../support/testApp.js';
import { SECRET_PATTERN } from '../support/secretScan.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

const app = useTestApp();
let root: Actor;

type Row = { type: string; token_seq: number; body: string };
const eventsOf = async (tokenId: string) =>
  (await app.sql(`SELECT type, token_seq, body FROM events WHERE token_id = $1 ORDER BY token_seq`, [
    tokenId,
  ])) as Row[];

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
});

describe('the events outbox', () => {
  it('records each committed change once, numbered per token, describing the token as verification does', async () => {
    const { tokens } = app.tokenops;
    const issued = await tokens.create(root, tokenInput('org:acme', 'Outbox'));
    await tokens.edit(root, issued.token.displayId, { description: 'for the outbox' });
    await tokens.disable(root, issued.token.displayId, 'paused');
    await tokens.enable(root, issued.token.displayId);
    await tokens.revoke(root, issued.token.displayId, 'done');
    await tokens.delete(root, issued.token.displayId);
    const rows = await eventsOf(issued.token.id);
    expect(rows.map((row) => row.type)).toEqual([
      'token.created',
      'token.changed',
      'token.disabled',
      'token.enabled',
      'token.revoked',
      'token.deleted',
    ]);
    expect(rows.map((row) => row.token_seq)).toEqual([1, 2, 3, 4, 5, 6]);
    const deleted = JSON.parse(rows.at(-1)!.body);
    expect(deleted).toMatchObject({
      type: 'token.deleted',
      data: {
        actor: USERS.workspaceAdmin,
        token: {
          id: issued.token.displayId,
          label: 'Outbox',
          owner: { type: 'organization', organization: 'acme', domain: null },
          scopes: ['orders:read'],
        },
      },
    });
    for (const row of rows) {
      expect(EVENT_TYPES).toContain(row.type);
      expect(row.body).not.toContain(issued.secret);
      expect(SECRET_PATTERN.test(row.body)).toBe(false);
      expect(row.body).not.toContain('for the outbox'); // free text stays out
    }
  });

  it('writes nothing for a refused change or one rolled back', async () => {
    const { tokens } = app.tokenops;
    const issued = await tokens.create(root, tokenInput('org:acme', 'Taken label'));
    const before = Number((await app.sql(`SELECT count(*) FROM events`))[0].count);
    const outsider = await tokens.actor(USERS.globexAdmin);
    await expect(tokens.disable(outsider, issued.token.displayId)).rejects.toThrow();
    await expect(tokens.create(root, tokenInput('org:acme', 'Taken label'))).rejects.toThrow(); // the unique label rolls the insert back
    await expect(tokens.enable(root, issued.token.displayId)).rejects.toThrow(); // already enabled
    expect(Number((await app.sql(`SELECT count(*) FROM events`))[0].count)).toBe(before);
  });

  it('numbers concurrent changes of one token in commit order, without gaps', async () => {
    const { tokens } = app.tokenops;
    const issued = await tokens.create(root, tokenInput('org:acme', 'Concurrent'));
    await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => tokens.edit(root, issued.token.displayId, { description: `round ${i}` })),
    );
    const rows = await eventsOf(issued.token.id);
    expect(rows.map((row) => row.token_seq)).toEqual(rows.map((_, i) => i + 1));
  });

  it("numbers a batch after each token's last event, several of one token in their order", async () => {
    const { tokens } = app.tokenops;
    const first = await tokens.create(root, tokenInput('org:acme', 'Batch one'));
    const second = await tokens.create(root, tokenInput('org:acme', 'Batch two'));
    await tokens.edit(root, second.token.displayId, { description: 'twice' }); // second: 1 and 2 so far
    const body = (n: number) => eventBody('token.expiring', new Date(), { n });
    const prisma = createPrisma(app.databaseUrl);
    try {
      await writeTokenEvents(prisma, [
        { body: body(1), tokenId: second.token.id },
        { body: body(2), tokenId: first.token.id },
        { body: body(3), tokenId: second.token.id },
      ]);
    } finally {
      await prisma.$disconnect();
    }
    const numbered = async (tokenId: string) =>
      (await eventsOf(tokenId)).map((row) => [row.token_seq, JSON.parse(row.body).data.n ?? row.type]);
    expect(await numbered(first.token.id)).toEqual([
      [1, 'token.created'],
      [2, 2],
    ]);
    expect(await numbered(second.token.id)).toEqual([
      [1, 'token.created'],
      [2, 'token.changed'],
      [3, 1],
      [4, 3],
    ]);
  });

  it('writes token.refused once an hour per token, however many retried or concurrent jobs ask', async () => {
    const issued = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Refused', { rateLimit: '5/min' }));
    const prisma = createPrisma(app.databaseUrl);
    try {
      const store = createReminderStore(prisma);
      const written = await Promise.all(
        Array.from({ length: 5 }, () => store.refusalEvent(issued.token, 'RATE_LIMITED', 3_600_000)),
      );
      expect(written.filter(Boolean)).toHaveLength(1);
      const refused = async () => (await eventsOf(issued.token.id)).filter((row) => row.type === 'token.refused');
      expect(await refused()).toHaveLength(1);
      const body = JSON.parse((await refused())[0]!.body);
      expect(body.data).toEqual({
        token: expect.objectContaining({ id: issued.token.displayId }),
        code: 'RATE_LIMITED',
        rateLimit: '5/min',
      });
      expect(body.data.token).not.toHaveProperty('allowedIps');
      expect(SECRET_PATTERN.test((await refused())[0]!.body)).toBe(false);
      // An hour on, the next refusal is reported again.
      await app.sql(`UPDATE events SET created_at = created_at - interval '61 minutes' WHERE token_id = $1`, [
        issued.token.id,
      ]);
      expect(await store.refusalEvent(issued.token, 'FORBIDDEN', 3_600_000)).toBe(true);
      expect((await refused()).map((row) => JSON.parse(row.body).data.code)).toEqual(['RATE_LIMITED', 'FORBIDDEN']);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('is written for every event type of README: Events: signed webhooks by the service that makes it, never with a secret', async () => {
    const { tokens, revocations, leaks } = app.tokenops;
    const issued = await tokens.create(
      root,
      tokenInput('org:acme', 'Every type', { expiry: '7d', rateLimit: '1/min' }),
    );
    const leaked = await tokens.create(root, tokenInput('org:acme', 'Every type, leaked'));
    const { request } = await revocations.request(root, issued.token.displayId, 'no longer needed');
    await revocations.decide(await tokens.actor(USERS.acmeAdmin), request.id, 'rejected', 'still used');
    expect(
      await leaks.report({ secret: leaked.secret, reporter: 'github', location: 'https://github.com/acme/app' }),
    ).toBe('true_positive');
    await tokens.edit(root, issued.token.displayId, { description: 'every type' });
    await tokens.disable(root, issued.token.displayId);
    await tokens.enable(root, issued.token.displayId);
    await tokens.delete(root, leaked.token.displayId); // revoked by the leak
    const prisma = createPrisma(app.databaseUrl);
    try {
      const store = createReminderStore(prisma);
      const at = new Date(Date.now() + 8 * 86_400_000);
      await store.claimDue(at, 1_000, (due) => planDue(due, { thresholds: [30, 7, 1], reviewDays: 90 }, at));
      await store.refusalEvent(issued.token, 'RATE_LIMITED', 3_600_000);
    } finally {
      await prisma.$disconnect();
    }
    const rows = (await app.sql(`SELECT type, body FROM events WHERE token_id = ANY($1::uuid[])`, [
      [issued.token.id, leaked.token.id],
    ])) as Row[];
    const spec = EVENT_TYPES.filter((type) => type !== 'apikey.leaked'); // test/http/secretScanning/keyLeak.test.ts
    expect(spec.filter((type) => !rows.some((row) => row.type === type))).toEqual([]);
    for (const row of rows) {
      for (const secret of [issued.secret, leaked.secret]) expect(row.body).not.toContain(secret);
      expect(SECRET_PATTERN.test(row.body)).toBe(false);
    }
  });
});
