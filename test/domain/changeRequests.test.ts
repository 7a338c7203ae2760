// Changes asked for approval (ChangeRequests over the PostgreSQL stores): a token's primary contact
// who administers nothing of it may ask for its extension, decided by someone who does; an admin's
// own extension stays direct unless a rule covers it.
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError, ValidationError } from '../../src/domain/errors.js';
import type { Actor } from '../../src/domain/permissions.js';
import { approvalRule } from '../support/approvalRules.js';
import { testCatalog } from '../support/catalog.js';
import { useDomainServices } from '../support/domainServices.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

const DEVELOPER = 'U0DEVELOP1';
const SECURITY = 'U0SECURITY1';
const DAY = 86_400_000;
const app = useDomainServices({
  catalog: {
    ...testCatalog,
    approvals: [
      approvalRule('globex extensions by security', {
        operations: ['extend'],
        owners: ['org:globex'],
        approvers: [{ kind: 'user', id: SECURITY }],
      }),
      approvalRule('blog extensions need nobody', {
        operations: ['extend'],
        owners: ['domain:blog.acme.test'],
        required: 0,
      }),
    ],
  },
});
let root: Actor, acmeAdmin: Actor, developer: Actor, nobody: Actor, security: Actor;

beforeAll(async () => {
  const seeded = await seedTenants(app);
  root = seeded.root;
  [acmeAdmin, developer, nobody, security] = (await Promise.all(
    [USERS.acmeAdmin, DEVELOPER, USERS.nobody, SECURITY].map(seeded.actor),
  )) as [Actor, Actor, Actor, Actor];
});

/** A token whose primary contact is the developer, who administers nothing. */
const held = async (label: string, owner = 'org:acme', more: Record<string, unknown> = {}) =>
  (await app.tokens.create(root, tokenInput(owner, label, { primaryContact: DEVELOPER, expiry: '7d', ...more }))).token;
const codes = (promise: Promise<unknown>) =>
  promise.then(
    () => ['ok'],
    (e: unknown) =>
      e instanceof ValidationError ? e.errors.map((x) => x.code) : [e instanceof DomainError ? e.code : String(e)],
  );
const extend = (expiry: string, displayId: string) => ({ operation: 'extend' as const, displayId, expiry });

describe('an extension asked by the primary contact', () => {
  it('needs one admin of the owner other than them when no rule covers it, and is carried out as theirs', async () => {
    const token = await held('Developer’s token');
    expect(await codes(app.tokens.extend(developer, token.displayId, { expiry: '90d' }))).toEqual(['not_permitted']);
    expect(await app.changes.needsApproval(developer, 'extend', token.displayId, true)).toBe(true);
    const asked = await app.changes.ask(developer, extend('90d', token.displayId), { asContact: true });
    expect(asked).toMatchObject({
      created: true,
      request: {
        kind: 'extend',
        requestedBy: DEVELOPER,
        input: { displayId: token.displayId, expiry: '90d', byContact: true },
        rule: { name: 'default', required: 1, approvers: [] },
      },
    });
    const id = asked.request.id;
    // A second ask while it waits is the same request.
    const again = await app.changes.ask(developer, extend('30d', token.displayId), { asContact: true });
    expect(again).toMatchObject({ created: false, request: { id } });

    // Nobody approves their own request; someone who administers nothing of it is no approver.
    expect(await codes(app.requests.decide(developer, id, 'approve'))).toEqual(['request_own']);
    expect(await codes(app.requests.decide(nobody, id, 'approve'))).toEqual(['request_not_approver']);
    const decided = await app.requests.decide(acmeAdmin, id, 'approve');
    expect(decided.request).toMatchObject({ state: 'approved', decidedBy: USERS.acmeAdmin });
    const carried = await app.requests.issue(id);
    expect(carried.kind).toBe('changed');
    const after = (await app.stores.tokens.getToken(token.displayId))!;
    expect(Math.abs(after.expiresAt!.getTime() - (Date.now() + 90 * DAY))).toBeLessThan(60_000);
    expect(await app.requests.issue(id)).toEqual({ kind: 'nothing' }); // once
    const history = await app.tokens.audit(root, token.displayId);
    expect(history.slice(0, 3).map((e) => [e.action, e.actor, e.outcome])).toEqual([
      ['token.extend', DEVELOPER, 'ok'],
      ['request.approve', USERS.acmeAdmin, 'ok'],
      ['request.submit', DEVELOPER, 'ok'],
    ]);
    expect(history[0]!.snapshot).toMatchObject({ requestId: id });
  });

  it('follows the policy’s extend rule where one matches, and never one that asks nobody', async () => {
    const globex = await held('Globex developer token', 'org:globex');
    const { request } = await app.changes.ask(developer, extend('30d', globex.displayId), { asContact: true });
    expect(request.rule).toMatchObject({ name: 'globex extensions by security', approvers: [{ id: SECURITY }] });
    expect(await codes(app.requests.decide(acmeAdmin, request.id, 'approve'))).toEqual(['request_not_approver']);
    expect((await app.requests.decide(security, request.id, 'approve')).request.state).toBe('approved');

    // A rule that asks nobody lets the blog's admins extend at once; its contact still asks one of them.
    const blog = await held('Blog developer token', 'domain:blog.acme.test');
    expect(app.changes.ruleForAsker(acmeAdmin, 'extend', blog)).toBeUndefined();
    expect(app.changes.ruleForAsker(developer, 'extend', blog)).toMatchObject({
      name: 'blog extensions need nobody',
      required: 1,
    });
    expect((await app.tokens.extend(acmeAdmin, blog.displayId, { expiry: '30d' })).displayId).toBe(blog.displayId);
  });

  it('obeys the owner’s maximum lifetime and the token’s state, when asked and when carried out', async () => {
    const token = await held('Bounded developer token');
    const ask = (expiry: Record<string, string>) =>
      codes(
        app.changes.ask(developer, { operation: 'extend', displayId: token.displayId, ...expiry }, { asContact: true }),
      );
    const beyond = new Date(Date.now() + 400 * DAY).toISOString().slice(0, 10);
    expect(await ask({ expiryDate: beyond })).toEqual(['expiry_beyond_policy']);
    expect(await ask({ expiry: 'never' })).toEqual(['never_not_allowed']);
    expect(await ask({})).toEqual(['expiry_invalid']);
    const { request } = await app.changes.ask(developer, extend('365d', token.displayId), { asContact: true });
    await app.requests.decide(acmeAdmin, request.id, 'approve');
    await app.requests.issue(request.id);
    const after = (await app.stores.tokens.getToken(token.displayId))!;
    expect(Math.abs(after.expiresAt!.getTime() - (Date.now() + 365 * DAY))).toBeLessThan(60_000); // counted from the approval

    const revoked = await held('Revoked developer token');
    await app.tokens.revoke(root, revoked.displayId, 'gone');
    expect(await codes(app.changes.ask(developer, extend('30d', revoked.displayId), { asContact: true }))).toEqual([
      'token_revoked',
    ]);
  });

  it('is only theirs to ask, and only an extension or a revocation', async () => {
    const token = await held('Someone else’s token');
    expect(await codes(app.changes.ask(nobody, extend('30d', token.displayId), { asContact: true }))).toEqual([
      'not_permitted',
    ]);
    expect(await codes(app.changes.ask(developer, extend('30d', token.displayId)))).toEqual(['not_permitted']);
    expect(
      await codes(
        app.changes.ask(
          developer,
          { operation: 'reset', displayId: token.displayId, grace: 'none' },
          { asContact: true },
        ),
      ),
    ).toEqual(['not_permitted']);
  });
});

describe('an admin’s own extension', () => {
  it('stays direct where no rule covers it, their own token too', async () => {
    const token = (await app.tokens.create(root, tokenInput('org:acme', 'Admin’s own token', { expiry: '7d' }))).token;
    expect(token.primaryContact).toBe(USERS.acmeAdmin);
    expect(app.changes.ruleForAsker(acmeAdmin, 'extend', token)).toBeUndefined();
    expect(await app.changes.needsApproval(acmeAdmin, 'extend', token.displayId, true)).toBe(false);
    expect(await codes(app.changes.ask(acmeAdmin, extend('30d', token.displayId), { asContact: true }))).toEqual([
      'not_permitted', // callers ask only where the policy says so
    ]);
    const extended = await app.tokens.extend(acmeAdmin, token.displayId, { expiry: '30d' });
    expect(extended.expiresAt!.getTime()).toBeGreaterThan(token.expiresAt!.getTime());
  });
});
