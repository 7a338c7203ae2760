// An edit that moves the expiry later is an extension (README: Token requests and approval
// policies): where an `extend` rule covers the token, the edit modal and PATCH /v1/tokens/{id}
// ask for it as `/token extend` does, instead of saving it; mixed with other changes it is
// refused whole; a shorter expiry is saved at once. Against the Slack emulator and the real API.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import type { Token } from '../../src/domain/tokens.js';
import { api, createKey } from '../support/management.js';
import { createFormValues } from '../support/slackForms.js';
import { useTestApp } from '../support/testApp.js';
import { approvalChannel, withdrawOf, seedWithApprovalsChannel } from '../support/approvalChannel.js';
import { exampleCatalogWith } from '../support/catalog.js';
import { USERS, tokenInput } from '../support/tenants.js';
import { sql } from '../support/databases.js';

const CHANNEL = 'C0APPROVAL';
const SECURITY = 'U0SECURITY1';
const DAY_MS = 86_400_000;
const CATALOG = exampleCatalogWith(
  'edit-extension',
  `approvals:
  - name: globex extensions by security
    operation: extend
    owners: ["org:globex"]
    approvers: ["user:${SECURITY}"]
`,
);
const app = useTestApp({ env: { APPROVALS_CHANNEL_ID: CHANNEL, TOKENOPS_CATALOG: CATALOG } });
let root: Actor;

beforeAll(async () => {
  root = await seedWithApprovalsChannel(app, CHANNEL);
  app.fake.addUser({ id: SECURITY });
  app.fake.addUser({ id: 'U0GLOBJA01', locale: 'ja-JP' });
  await app.tokenops.tenants.grant(root, 'U0GLOBJA01', { role: 'org_admin', slug: 'globex' });
});

const globexToken = async (label: string) =>
  (
    await app.tokenops.tokens.create(
      root,
      tokenInput('org:globex', label, { expiry: '30d', primaryContact: USERS.globexAdmin }),
    )
  ).token;

const channel = approvalChannel(app, CHANNEL);
const { postedFor, posted, messageText } = channel;
const approve = (ts: string, requestId: string) => channel.approve(SECURITY, ts, requestId);
const daysLeft = async (id: string) =>
  ((await app.tokenops.tokens.show(root, id)).expiresAt!.getTime() - Date.now()) / DAY_MS;
const extendsOf = (id: string) =>
  sql(
    app.databaseUrl,
    `SELECT snapshot->>'requestId' AS "requestId" FROM audit_events WHERE action = 'token.extend' AND display_id = $1`,
    [id],
  );

/** Opens the edit modal of `token` as `user` and submits it with its current values, `change` applied. */
async function submitEdit(user: string, token: Token, change: { label?: string; expiry?: string }) {
  const opened = app.fake.callsTo('views.open').length;
  await app.slack.command(user, `edit ${token.displayId}`);
  const view = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
  return app.slack.viewSubmission(
    user,
    view,
    createFormValues({
      label: change.label ?? token.label,
      description: token.description,
      contact: token.primaryContact,
      emails: token.developerEmails.join('\n'),
      scopes: token.scopes,
      expiry: change.expiry,
    }),
  );
}

describe('an edit that moves the expiry later, under an extend rule', () => {
  it('edit modal: becomes an extension request with its Withdraw button, not saved; approved, applied once', async () => {
    const token = await globexToken('Globex edited');
    const before = app.fake.callsTo('chat.postMessage').length;
    const answered = app.fake.callsTo('chat.postEphemeral').length;
    const response = await submitEdit(USERS.globexAdmin, token, { expiry: '180d' });
    expect(response.json?.response_action).toBeUndefined();
    const { ts, text, requestId } = await posted(before, 'Globex edited');
    expect(text).toContain('180 days');
    const told = await app.fake.waitFor(
      () =>
        app.fake
          .callsTo('chat.postEphemeral')
          .slice(answered)
          .find((c) => c.args.user === USERS.globexAdmin && withdrawOf(c.args.blocks)),
      15_000,
    );
    expect(told.args.text).toContain(`Asked for approval to extend *Globex edited* (\`${token.displayId}\`)`);
    expect(withdrawOf(told.args.blocks).value).toBe(requestId);
    expect(await daysLeft(token.displayId)).toBeLessThan(31);
    // The domain refuses the same edit from any caller that did not ask.
    await expect(
      app.tokenops.tokens.edit(await app.tokenops.tokens.actor(USERS.globexAdmin), token.displayId, { expiry: '180d' }),
    ).rejects.toMatchObject({ code: 'extension_needs_approval', field: 'expiry' });

    await approve(ts, requestId);
    await app.fake.waitFor(() => messageText(ts).includes('has its new expiry'), 15_000);
    await approve(ts, requestId); // a second click changes nothing
    expect(await daysLeft(token.displayId)).toBeGreaterThan(179);
    expect(await extendsOf(token.displayId)).toEqual([{ requestId }]);
  });

  it('edit modal: mixed with other changes, refused whole under the expiry (in the editor’s language); shortening is saved at once', async () => {
    const token = await globexToken('Globex mixed');
    const before = app.fake.callsTo('chat.postMessage').length;
    const mixed = await submitEdit(USERS.globexAdmin, token, { label: 'Globex renamed', expiry: '180d' });
    expect(mixed.json).toEqual({
      response_action: 'errors',
      errors: {
        expiry: expect.stringContaining(
          `Moving this token’s expiry later needs approval (an approval rule covers extending it), so it cannot be saved together with other changes. Nothing was saved.`,
        ),
      },
    });
    expect(mixed.json!.errors.expiry).toContain(`/token extend ${token.displayId}`);
    const ja = await submitEdit('U0GLOBJA01', token, { label: 'Globex renamed', expiry: '180d' });
    expect(ja.json!.errors.expiry).toContain('このトークンの延長には承認が必要なため');
    expect((await app.tokenops.tokens.show(root, token.displayId)).label).toBe('Globex mixed');
    expect(await daysLeft(token.displayId)).toBeLessThan(31);

    const shorter = await submitEdit(USERS.globexAdmin, token, { label: 'Globex renamed', expiry: '7d' });
    expect(shorter.json?.response_action).toBeUndefined();
    const after = await app.tokenops.tokens.show(root, token.displayId);
    expect(after.label).toBe('Globex renamed');
    expect(await daysLeft(token.displayId)).toBeLessThan(8);
    expect(postedFor(before, 'Globex')).toEqual([]);
  });

  it('PATCH /v1/tokens/{id}: 202 with the request id (the same while it waits), refused when mixed, a shorter expiry saved; approved, applied once', async () => {
    const key = await createKey(app, USERS.globexAdmin, 'org:globex', 'patcher');
    const token = await globexToken('Globex patched');
    const path = `/v1/tokens/${token.displayId}`;
    const before = app.fake.callsTo('chat.postMessage').length;
    const asked = await api(app, key.secret, 'PATCH', path, { expiry: '180d' });
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ status: 'pending', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const { ts, requestId } = await posted(before, 'Globex patched');
    expect(requestId).toBe(asked.body.requestId);
    expect((await api(app, key.secret, 'PATCH', path, { expiry_date: '2099-01-01' })).status).toBe(422); // beyond the policy, as an edit
    expect((await api(app, key.secret, 'PATCH', path, { expiry: '180d' })).body.requestId).toBe(requestId);

    const mixed = await api(app, key.secret, 'PATCH', path, { description: 'Nightly', expiry: '90d' });
    expect(mixed.status).toBe(422);
    expect(mixed.body.errors).toEqual([expect.objectContaining({ field: 'expiry', code: 'extension_needs_approval' })]);
    expect(mixed.body.errors[0].detail).toContain(`POST /v1/tokens/${token.displayId}/extend`);
    expect((await app.tokenops.tokens.show(root, token.displayId)).description).not.toBe('Nightly');

    const shorter = await api(app, key.secret, 'PATCH', path, { description: 'Nightly', expiry: '7d' });
    expect(shorter.status).toBe(200);
    expect(shorter.body.description).toBe('Nightly');
    expect(await daysLeft(token.displayId)).toBeLessThan(8);

    await approve(ts, requestId);
    await app.fake.waitFor(() => messageText(ts).includes('has its new expiry'), 15_000);
    await approve(ts, requestId);
    expect(await daysLeft(token.displayId)).toBeGreaterThan(179);
    expect(await extendsOf(token.displayId)).toEqual([{ requestId }]);
  });
});
