import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { useTestApp } from '../support/testApp.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';
import { createFormValues } from '../support/slackForms.js';

const app = useTestApp();
let root: Actor;
let id: string;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  id = (await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Billing sync', { developerEmails: 'a@acme.test', description: 'Nightly' }))).token.displayId;
});

async function openedBy(trigger: () => Promise<unknown>) {
  const before = app.fake.callsTo('views.open').length;
  await trigger();
  const call = await app.fake.waitFor(() => app.fake.callsTo('views.open')[before]);
  expect(call.response.ok).toBe(true);
  return call.response.view as Record<string, any>;
}

describe('editing a token', () => {
  it('opens a modal filled with the current values, and saves the changes', async () => {
    const view = await openedBy(() => app.slack.command(USERS.acmeAdmin, `edit ${id}`));
    expect(view.callback_id).toBe('token_edit');
    const byId = Object.fromEntries((view.blocks as any[]).filter((b) => b.block_id).map((b) => [b.block_id, b.element]));
    expect(byId.label.initial_value).toBe('Billing sync');
    expect(byId.description.initial_value).toBe('Nightly');
    expect(byId.developer_emails.initial_value).toBe('a@acme.test');
    expect(byId.primary_contact.initial_user).toBe(USERS.acmeAdmin);
    expect(byId.scopes.initial_options.map((o: any) => o.value)).toEqual(['orders:read']);

    const values = createFormValues({ label: 'Billing sync v2', description: 'Hourly', contact: USERS.shopAdmin, emails: 'b@acme.test c@acme.test', scopes: ['orders:read', 'payments:read'] });
    const response = await app.slack.viewSubmission(USERS.acmeAdmin, view, values);
    expect(response.body).toBe('');
    expect(await app.tokenops.tokens.show(root, id)).toMatchObject({
      label: 'Billing sync v2',
      description: 'Hourly',
      primaryContact: USERS.shopAdmin,
      developerEmails: ['b@acme.test', 'c@acme.test'],
      scopes: ['orders:read', 'payments:read'],
    });
    const told = await app.fake.waitFor(() => app.fake.callsTo('chat.postEphemeral').find((c) => String(c.args.text).includes('is saved')));
    expect(told.args.channel).toBe('C0GENERAL1');
    expect((await app.tokenops.tokens.audit(root, id))[0]).toMatchObject({ action: 'token.edit', actor: USERS.acmeAdmin });
  });

  it('puts validation errors on their blocks', async () => {
    const view = await openedBy(() => app.slack.command(USERS.acmeAdmin, `edit ${id}`));
    const response = await app.slack.viewSubmission(USERS.acmeAdmin, view, createFormValues({ label: 'x'.repeat(65), contact: USERS.acmeAdmin, scopes: [] }));
    expect(response.json).toEqual({
      response_action: 'errors',
      errors: { label: 'The name can have at most 64 characters.', scopes: 'Choose at least one scope.' },
    });
  });

  it('opens from the list menu too', async () => {
    const view = await openedBy(() =>
      app.slack.blockAction(USERS.acmeAdmin, { action_id: 'token_menu', type: 'static_select', selected_option: { value: `edit:${id}`, text: { type: 'plain_text', text: 'Edit' } } }),
    );
    expect(view.callback_id).toBe('token_edit');
  });

  it('refuses tokens the caller does not administer, and revoked ones, without a modal', async () => {
    const opened = app.fake.callsTo('views.open').length;
    const refused = await app.slack.command(USERS.shopAdmin, `edit ${id}`);
    const answer = await app.fake.waitFor(() => app.fake.responses.find((r) => refused.responseUrl.endsWith(r.id)));
    expect(answer.body.text).toContain('You do not administer');
    const gone = (await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Gone'))).token.displayId;
    await app.tokenops.tokens.revoke(root, gone);
    const revoked = await app.slack.command(USERS.acmeAdmin, `edit ${gone}`);
    const second = await app.fake.waitFor(() => app.fake.responses.find((r) => revoked.responseUrl.endsWith(r.id)));
    expect(second.body.text).toBe('This token is revoked: it cannot be changed any more.');
    expect(app.fake.callsTo('views.open')).toHaveLength(opened);
  });
});
