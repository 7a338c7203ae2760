// Token requests without an approvals channel: each approver the policy names gets the request
// in a DM, in their own language; a readable user group's members approve; an approver who lost
// their role is refused; and, with the clock moved forward, undecided requests are escalated
// (re-posted to the escalation's approvers, the original approvers told) and then expire.
import { readGrants } from '@tokenops/slack-emulator';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { moveClock } from '../support/clock.js';
import { SECRET_PATTERN } from '../support/secretScan.js';
import { createFormValues } from '../support/slackForms.js';
import { useTestApp } from '../support/testApp.js';
import { exampleCatalogWith } from '../support/catalog.js';
import { answerText } from '../support/slackAnswers.js';
import { clickOnMessage } from '../support/approvalChannel.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

const DEV = 'U0DEV00001';
const SEC = 'U0SEC00001';
const CISO = 'U0CISO0001';
const CATALOG = exampleCatalogWith(
  'requests-dm',
  `approvals:
  - name: security approves globex
    operation: request
    owners: ["org:globex"]
    approvers: [usergroup:S0SECURITY]
  - name: acme escalates
    operation: request
    owners: ["org:acme"]
    approvers: [role:org_admin]
    escalate_after: 1d
    escalate_to: [user:${CISO}]
  - name: security approves globex extensions
    operation: extend
    owners: ["org:globex"]
    approvers: [user:${CISO}]
`,
);
// Slack's rate tiers enforced, a Slack minute lasting a second: requests go out at their pace.
// The jobs run on the one worker below (an 'all' instance's own would set the sweeps' pace too).
const app = useTestApp({
  role: 'web',
  env: { TOKENOPS_CATALOG: CATALOG },
  slackGrants: readGrants(undefined, ['APPROVAL_USERGROUPS']),
  slackRateScale: 60,
});
let root: Actor;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  for (const id of [DEV, CISO, 'U0ACMEADM2']) app.fake.addUser({ id });
  app.fake.addUser({ id: SEC, locale: 'ja-JP' });
  app.fake.usergroups.set('S0SECURITY', [SEC]);
  await app.tokenops.tenants.grant(root, 'U0ACMEADM2', { role: 'org_admin', slug: 'acme' });
  // A worker that sweeps often: escalations and expiries are found soon after the clock moves.
  await app.startInstance({ role: 'worker', deliverySweep: { everyMs: 300, windowMs: 120_000 } });
});

/** Polls `probe` until it gives something (the emulator's waitFor takes no promises); generous, as
 *  the worker's sweeps run late on a loaded machine. */
async function until<T>(probe: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** How long the worker's messages after a sweep may take on a loaded machine. */
const SWEPT_MS = 15_000;

const text = (value: string) => ({ type: 'plain_text_input', value });
const dmOf = (user: string) => `D${user.slice(1)}`;

/** Asks as DEV; the DMs (approver → message) the request went out as. */
async function ask(label: string, owner: string) {
  const opened = app.fake.callsTo('views.open').length;
  await app.slack.command(DEV, 'request');
  const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
  await app.slack.viewSubmission(DEV, modal, {
    ...createFormValues({ owner, label, scopes: ['orders:read'], expiry: '30d' }),
    reason: { reason: text('partner integration') },
  });
  return until(async () =>
    (await app.tokenops.requests.mine(await app.tokenops.tokens.actor(DEV))).find(
      (r) => r.input.label === label && r.messages.length,
    ),
  );
}

const blocksAt = (channel: string, ts: string) =>
  JSON.stringify(app.fake.messages.get(`${channel}/${ts}`)?.blocks ?? []);
const click = (user: string, requestId: string, channel: string, ts: string) =>
  clickOnMessage(app, channel, user, ts, 'token_request_approve', requestId);

describe('token requests by DM, escalation and expiry', () => {
  it('goes to a readable user group’s members in their own language, who approve it', async () => {
    const request = await ask('Globex partner', 'org:globex');
    expect(request.messages.map((m) => m.user)).toEqual([SEC]);
    const [dm] = request.messages;
    expect(blocksAt(dm!.channel, dm!.ts)).toContain('トークンの発行申請：Globex partner');
    expect(blocksAt(dm!.channel, dm!.ts)).not.toContain('could not read');
    await click(SEC, request.id, dm!.channel, dm!.ts);
    await app.fake.waitFor(() => blocksAt(dm!.channel, dm!.ts).includes('を発行し、シークレットを申請者に届けました'));
    await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postEphemeral')
        .some((c) => c.args.user === DEV && SECRET_PATTERN.test(JSON.stringify(c.args.blocks))),
    );
  });

  it('is closed, and its requester told Slack did not confirm it, when no approver’s DM was confirmed', async () => {
    // The only approver's DM (not a message the worker sends meanwhile): shown, its answer lost.
    app.fake.dropNext('chat.postMessage', (args) => JSON.stringify(args).includes('DM cut off'));
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.command(DEV, 'request');
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    await app.slack.viewSubmission(DEV, modal, {
      ...createFormValues({ owner: 'org:globex', label: 'DM cut off', scopes: ['orders:read'], expiry: '30d' }),
      reason: { reason: text('partner integration') },
    });
    const told = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postEphemeral')
        .find((c) => c.args.user === DEV && /^Slack did not confirm/.test(c.args.text)),
    );
    expect(told.args.text).toContain('so nothing was requested');
    const mine = await app.tokenops.requests.mine(await app.tokenops.tokens.actor(DEV));
    expect(mine.find((r) => r.input.label === 'DM cut off')).toMatchObject({
      state: 'closed',
      outcomeReason: 'not_posted',
    });
  });

  it('refuses an approver who lost their role before clicking', async () => {
    const request = await ask('Acme lost role', 'org:acme');
    expect(request.messages.map((m) => m.user).sort()).toEqual([USERS.acmeAdmin, 'U0ACMEADM2'].sort()); // org admins only, as the rule says
    const mine = request.messages.find((m) => m.user === USERS.acmeAdmin)!;
    await app.tokenops.tenants.ungrant(root, USERS.acmeAdmin, { role: 'org_admin', slug: 'acme' });
    try {
      const refused = await click(USERS.acmeAdmin, request.id, mine.channel, mine.ts);
      expect(await answerText(app, refused.responseUrl)).toBe(
        'You are not one of the approvers of this request, so you cannot decide it. Nothing was changed.',
      );
      expect((await app.tokenops.requests.find(request.id))!.state).toBe('pending');
    } finally {
      await app.tokenops.tenants.grant(root, USERS.acmeAdmin, { role: 'org_admin', slug: 'acme' });
    }
  });

  it('reaches its approvers at Slack’s pace, through the DM channels tokenops knows already', async () => {
    const admins = [USERS.acmeAdmin, 'U0ACMEADM2'];
    const opens = () =>
      app.fake.callsTo('conversations.open').filter((c) => admins.includes(String(c.args.users))).length;
    const first = await ask('Acme paced one', 'org:acme');
    const opened = opens();
    const request = await ask('Acme paced two', 'org:acme');
    expect(request.messages.map((m) => m.user).sort()).toEqual([...admins].sort());
    expect(opens()).toBe(opened); // each DM channel opened once, then taken from the outbox's cache
    for (const asked of [first, request])
      await app.tokenops.requests.withdraw(await app.tokenops.tokens.actor(DEV), asked.id);
  });

  it('is closed by the sweep once its token is deleted: its message no longer asks for an approval', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:globex', 'Globex extended'));
    await app.slack.command(USERS.globexAdmin, `extend ${token.displayId} 90d`);
    const asked = await until(async () =>
      (await app.tokenops.requests.mine(await app.tokenops.tokens.actor(USERS.globexAdmin))).find(
        (r) => (r.input as { displayId?: string }).displayId === token.displayId && r.messages.length,
      ),
    );
    const message = asked.messages.find((m) => m.user === CISO)!;
    expect(blocksAt(message.channel, message.ts)).toContain('token_request_approve');
    await app.tokenops.tokens.delete(root, token.displayId);
    await until(async () => (await app.tokenops.requests.find(asked.id))?.state === 'closed');
    expect(await app.tokenops.requests.find(asked.id)).toMatchObject({ outcomeReason: 'token_not_found' });
    await app.fake.waitFor(
      () => blocksAt(message.channel, message.ts).includes('Closed without a change: the token no longer exists'),
      SWEPT_MS,
    );
    expect(blocksAt(message.channel, message.ts)).not.toContain('token_request_approve');
  }, 60_000);

  it('is escalated when undecided in time: re-posted to the escalation’s approvers, the others told; then it expires', async () => {
    const request = await ask('Acme slow', 'org:acme');
    await moveClock(app.databaseUrl, 2); // past escalate_after (1 day), before the 72 h expiry
    const escalated = await until(async () => {
      const now = await app.tokenops.requests.find(request.id);
      return now?.escalatedAt && now.messages.some((m) => m.user === CISO) && now;
    });
    const toCiso = escalated.messages.find((m) => m.user === CISO)!;
    expect(blocksAt(toCiso.channel, toCiso.ts)).toContain('Escalated');
    expect(blocksAt(toCiso.channel, toCiso.ts)).toContain(`<@${CISO}>`);
    // The original approvers are told, in the request's thread.
    await app.fake.waitFor(
      () =>
        app.fake
          .callsTo('chat.postMessage')
          .some((c) => c.args.channel === dmOf(USERS.acmeAdmin) && String(c.args.text).includes('was escalated to')),
      SWEPT_MS,
    );

    await moveClock(app.databaseUrl, 2); // past the 72 h expiry
    await until(async () => (await app.tokenops.requests.find(request.id))?.state === 'expired');
    await app.fake.waitFor(() => blocksAt(toCiso.channel, toCiso.ts).includes('Expired'), SWEPT_MS);
    await app.fake.waitFor(
      () =>
        app.fake
          .callsTo('chat.postMessage')
          .some(
            (c) =>
              c.args.channel === dmOf(DEV) && JSON.stringify(c.args.blocks).includes('Your token request *Acme slow*'),
          ),
      SWEPT_MS,
    );
    const late = await click(CISO, request.id, toCiso.channel, toCiso.ts);
    expect(await answerText(app, late.responseUrl)).toContain('no longer waiting for a decision');
  }, 90_000);
});
