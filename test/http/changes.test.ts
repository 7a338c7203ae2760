import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import type { Tokenops } from '../../src/tokenops.js';
import { useTestApp } from '../support/testApp.js';
import { readChanges, type SseReader } from '../support/sse.js';
import { verify } from '../support/verification.js';
import { seedTenants, tokenInput } from '../support/tenants.js';

const app = useTestApp();
let admin: Actor;
let other: Tokenops;
const readers: SseReader[] = [];
const open = async (...args: Parameters<typeof readChanges>) => {
  const reader = await readChanges(...args);
  readers.push(reader);
  return reader;
};

beforeAll(async () => {
  admin = (await seedTenants(app.tokenops)).root;
  other = (await app.startInstance({ role: 'web' })).tokenops;
});
afterAll(() => readers.forEach((reader) => reader.close()));

const create = (label: string) => app.tokenops.tokens.create(admin, tokenInput('org:acme', label));

describe('GET /v1/tokens/changes', () => {
  it('refuses a missing or wrong verification key with 401', async () => {
    const reader = await open(app.tokenops.url, { key: 'wrong-key' });
    expect(reader.status).toBe(401);
  });

  it('streams a change naming the token by display id, on every instance, and heartbeats at least every 250 ms', async () => {
    const { token } = await create('Streamed');
    const [here, there] = await Promise.all([open(app.tokenops.url), open(other.url)]);
    expect(here.status).toBe(200);
    const beat = await here.next('heartbeat');
    expect(JSON.parse(beat.data).asOf).toBeGreaterThan(Date.now() - 5_000);
    const before = [here.events.length, there.events.length] as const;
    await app.tokenops.tokens.disable(admin, token.displayId);
    for (const [reader, from] of [
      [here, before[0]],
      [there, before[1]],
    ] as const) {
      const change = await reader.next('change', from);
      expect(JSON.parse(change.data)).toEqual({ tokenId: token.displayId });
      expect(change.id).toMatch(/^[0-9a-f]+-\d+$/);
    }
    // A second's worth of heartbeats: at least 4 (one per 250 ms).
    const start = here.events.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(here.events.slice(start).filter((e) => e.event === 'heartbeat').length).toBeGreaterThanOrEqual(4);
  });

  it('resumes after Last-Event-ID with the changes missed, without a reset', async () => {
    const { token } = await create('Resumed');
    const first = await open(app.tokenops.url);
    const last = await first.next('heartbeat');
    first.close();
    await app.tokenops.tokens.disable(admin, token.displayId);
    await new Promise((resolve) => setTimeout(resolve, 600)); // the feed has polled it
    const resumed = await open(app.tokenops.url, { lastEventId: last.id! });
    const change = await resumed.next('change');
    expect(JSON.parse(change.data)).toEqual({ tokenId: token.displayId });
    expect(resumed.events.some((e) => e.event === 'reset')).toBe(false);
  });

  it('tells a subscriber to reset when its gap cannot be filled: another instance, or an unknown id', async () => {
    const here = await open(app.tokenops.url);
    const { id } = await here.next('heartbeat');
    for (const [url, lastEventId] of [
      [other.url, id!],
      [app.tokenops.url, 'abc-12'],
    ] as const) {
      const reader = await open(url, { lastEventId });
      expect((await reader.next('reset')).event).toBe('reset');
      expect(reader.events[0]!.event).toBe('reset'); // before anything else
    }
  });
});

describe('POST /v1/tokens/verify for caches outside tokenops', () => {
  it('says when a VALID secret stops working after a reset grace period, or at its token’s expiry if sooner; never on a refusal', async () => {
    const { token, secret } = await create('Graced');
    const fresh = await verify(app.tokenops, { token: secret });
    expect(fresh.headers.get('tokenops-secret-expires-at')).toBeNull();
    const { oldSecretsUntil, secret: next } = await app.tokenops.tokens.reset(admin, token.displayId, '1h');
    for (;;) {
      const old = await verify(app.tokenops, { token: secret });
      if (old.headers.get('tokenops-secret-expires-at')) {
        expect(old.headers.get('tokenops-secret-expires-at')).toBe(oldSecretsUntil!.toISOString());
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await verify(app.tokenops, { token: next })).headers.get('tokenops-secret-expires-at')).toBeNull();

    // The token expires before the grace period ends: the old secret stops then.
    const soon = new Date(Date.now() + 10 * 60_000);
    await app.sql(`UPDATE tokens SET expires_at = $2 WHERE display_id = $1`, [token.displayId, soon]);
    for (;;) {
      const old = await verify(app.tokenops, { token: secret });
      if (old.headers.get('tokenops-secret-expires-at') === soon.toISOString()) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Refused for its policy, a secret is not told as working until then.
    await app.tokenops.tokens.edit(admin, token.displayId, { allowedIps: '198.51.100.0/24' });
    for (;;) {
      const refused = await verify(app.tokenops, { token: secret, ip: '203.0.113.9' });
      if (refused.body.code === 'FORBIDDEN') {
        expect(refused.headers.get('tokenops-secret-expires-at')).toBeNull();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});
