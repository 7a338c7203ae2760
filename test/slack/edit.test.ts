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
  id = (
    await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Billing sync', { developerEmails: 'a@acme.test', description: 'Nightly' }),
    )
  ).token.displayId;
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
    const byId = Object.fromEntries(
      (view.blocks as any[]).filter((b) => b.block_id).map((b) => [b.block_id, b.element]),
    );
    expect(byId.label.initial_value).toBe('Billing sync');
    expect(byId.description.initial_value).toBe('Nightly');
    expect(byId.developer_emails.initial_value).toBe('a@acme.test');
    expect(byId.primary_contact.initial_user).toBe(USERS.acmeAdmin);
    expect(byId.scopes.initial_options.map((o: any) => o.value)).toEqual(['orders:read']);

    const values = createFormValues({
      label: 'Billing sync v2',
      description: 'Hourly',
      contact: USERS.shopAdmin,
      emails: 'b@acme.test c@acme.test',
      scopes: ['orders:read', 'payments:read'],
    });
    const response = await app.slack.viewSubmission(USERS.acmeAdmin, view, values);
    expect(response.body).toBe('');
    expect(await app.tokenops.tokens.show(root, id)).toMatchObject({
      label: 'Billing sync v2',
      description: 'Hourly',
      primaryContact: USERS.shopAdmin,
      developerEmails: ['b@acme.test', 'c@acme.test'],
      scopes: ['orders:read', 'payments:read'],
    });
    const told = await app.fake.waitFor(() =>
      app.fake.callsTo('chat.postEphemeral').find((c) => String(c.args.text).includes('is saved')),
    );
    expect(told.args.channel).toBe('C0GENERAL1');
    expect((await app.tokenops.tokens.audit(root, id))[0]).toMatchObject({
      action: 'token.edit',
      actor: USERS.acmeAdmin,
    });
  });

  it('puts validation errors on their blocks', async () => {
    const view = await openedBy(() => app.slack.command(USERS.acmeAdmin, `edit ${id}`));
    const response = await app.slack.viewSubmission(
      USERS.acmeAdmin,
      view,
      createFormValues({ label: 'x'.repeat(65), contact: USERS.acmeAdmin, scopes: [] }),
    );
    expect(response.json).toEqual({
      response_action: 'errors',
      errors: { label: 'The name can have at most 64 characters.', scopes: 'Choose at least one scope.' },
    });
  });

  it('opens from the list menu too', async () => {
    const view = await openedBy(() =>
      app.slack.blockAction(USERS.acmeAdmin, {
        action_id: 'token_menu',
        type: 'static_select',
        selected_option: { value: `edit:${id}`, text: { type: 'plain_text', text: 'Edit' } },
      }),
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

describe('the primary contact', () => {
  const deactivated = 'U0GONE0001';
  const bot = 'U0SOMEBOT1';
  beforeAll(() => {
    app.fake.addUser({ id: deactivated, deleted: true });
    app.fake.addUser({ id: bot, isBot: true });
    app.fake.addUser({ id: 'U0JAEDITOR', locale: 'ja-JP' });
  });

  it('is refused under its field when Slack says the account is deactivated, a bot or unknown, in create and edit alike', async () => {
    const refusals = {
      [deactivated]:
        'This person’s Slack account is deactivated: they would get no reminders. Choose someone who is still in the workspace.',
      [bot]: 'A bot cannot be the primary contact: it reads no reminders. Choose a person.',
      U0NOBODY99: 'Slack does not know this person. Choose a primary contact from the workspace.',
    };
    for (const [contact, message] of Object.entries(refusals)) {
      const edit = await openedBy(() => app.slack.command(USERS.acmeAdmin, `edit ${id}`));
      const edited = await app.slack.viewSubmission(
        USERS.acmeAdmin,
        edit,
        createFormValues({ label: 'Billing sync v2', contact, scopes: ['orders:read'] }),
      );
      expect(edited.json).toEqual({ response_action: 'errors', errors: { primary_contact: message } });
      const create = await openedBy(() => app.slack.command(USERS.acmeAdmin, 'create'));
      const created = await app.slack.viewSubmission(
        USERS.acmeAdmin,
        create,
        createFormValues({
          owner: 'org:acme',
          label: `For ${contact}`,
          contact,
          scopes: ['orders:read'],
          expiry: '30d',
        }),
      );
      expect(created.json).toEqual({ response_action: 'errors', errors: { primary_contact: message } });
    }
    expect((await app.tokenops.tokens.show(root, id)).primaryContact).toBe(USERS.shopAdmin); // as the first test left it
    expect(await app.tokenops.tokens.list(root, { words: ['For'] }, { limit: 10 })).toMatchObject({
      tokens: [],
    });
    const japanese = await app.tokenops.tenants
      .grant(root, 'U0JAEDITOR', { role: 'org_admin', slug: 'acme' })
      .then(() => openedBy(() => app.slack.command('U0JAEDITOR', `edit ${id}`)));
    const refused = await app.slack.viewSubmission(
      'U0JAEDITOR',
      japanese,
      createFormValues({ label: 'Billing sync v2', contact: deactivated, scopes: ['orders:read'] }),
    );
    expect(refused.json?.errors.primary_contact).toBe(
      'このメンバーの Slack アカウントは解除されているため、リマインダーを受け取れません。ワークスペースに在籍しているメンバーを選択してください。',
    );
  });

  it('of a deactivated user is replaced from the admins’ notice: not preselected, then confirmed in the DM', async () => {
    app.fake.addUser({ id: 'U0LEAVING1' });
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Orphaned', { primaryContact: 'U0LEAVING1' }),
    );
    app.fake.addUser({ id: 'U0LEAVING1', deleted: true });
    await app.slack.event({ type: 'user_change', user: { id: 'U0LEAVING1', deleted: true } });
    const dm = `D${USERS.acmeAdmin.slice(1)}`;
    const notice = await app.fake.waitFor(
      () =>
        [...app.fake.messages.values()].find(
          (m) => m.channel === dm && JSON.stringify(m.blocks).includes(token.displayId),
        ),
      10_000,
    );
    const asked = notice.text; // the stored message changes in place
    const button = (notice.blocks as any[]).find((b) => b.type === 'actions').elements[0];
    expect(button.action_id).toBe('orphan_edit');

    const view = await openedBy(() =>
      app.slack.blockAction(
        USERS.acmeAdmin,
        { action_id: button.action_id, type: 'button', value: button.value },
        { channelId: dm, message: { ...notice, persisted: true } },
      ),
    );
    const contactField = (view.blocks as any[]).find((b) => b.block_id === 'primary_contact').element;
    expect(contactField.initial_user).toBeUndefined(); // the deactivated person is not offered again
    const kept = await app.slack.viewSubmission(
      USERS.acmeAdmin,
      view,
      createFormValues({ label: 'Orphaned', contact: 'U0LEAVING1', scopes: ['orders:read'] }),
    );
    expect(kept.json?.errors.primary_contact).toContain('deactivated');

    expect(
      (
        await app.slack.viewSubmission(
          USERS.acmeAdmin,
          view,
          createFormValues({ label: 'Orphaned', contact: USERS.shopAdmin, scopes: ['orders:read'] }),
        )
      ).body,
    ).toBe('');
    expect((await app.tokenops.tokens.show(root, token.displayId)).primaryContact).toBe(USERS.shopAdmin);
    const now = await app.fake.waitFor(() => {
      const current = app.fake.messages.get(`${dm}/${notice.ts}`)!;
      return current.text !== asked && current;
    });
    expect(now.text).toBe(
      `*Orphaned* (\`${token.displayId}\`) is saved. Its primary contact is now <@${USERS.shopAdmin}>, who gets its reminders from now on.`,
    );
    expect((now.blocks as any[]).some((b) => b.type === 'actions')).toBe(false); // the notice is answered
    const shown = await app.slack.command(USERS.acmeAdmin, `show ${token.displayId}`);
    const details = await app.fake.waitFor(() => app.fake.responses.find((r) => shown.responseUrl.endsWith(r.id)));
    expect(JSON.stringify(details.body.blocks)).toContain(`<@${USERS.shopAdmin}>`);
    expect(JSON.stringify(details.body.blocks)).not.toContain('U0LEAVING1');

    // The other admins' notices (acme's Japanese org admin, the workspace admin) say who the new
    // contact is and who chose, in their reader's language, and ask no more.
    const japanese = orphanNotice('U0JAEDITOR', token.displayId);
    await app.fake.waitFor(() => !asking(japanese()) || undefined, 15_000);
    expect(japanese().text).toBe(
      `「Orphaned」（\`${token.displayId}\`）の主担当者は <@${USERS.shopAdmin}> になりました（対応者：<@${USERS.acmeAdmin}>）。今後のリマインダーはこの方に届きます。`,
    );
    const other = orphanNotice(USERS.workspaceAdmin, token.displayId);
    await app.fake.waitFor(() => !asking(other()) || undefined, 15_000);
    expect(other().text).toBe(
      `*Orphaned* (\`${token.displayId}\`) has a new primary contact, <@${USERS.shopAdmin}>, chosen by <@${USERS.acmeAdmin}>: they get its reminders from now on.`,
    );
    expect(app.fake.messages.get(`${dm}/${notice.ts}`)!.text).toBe(now.text); // the chooser's own answer stays
  });

  it('of a deactivated user, changed by a plain edit (here through the API), answers every admin’s notice too', async () => {
    app.fake.addUser({ id: 'U0LEAVING2' });
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Orphaned too', { primaryContact: 'U0LEAVING2' }),
    );
    app.fake.addUser({ id: 'U0LEAVING2', deleted: true });
    await app.slack.event({ type: 'user_change', user: { id: 'U0LEAVING2', deleted: true } });
    const copy = await app.fake.waitFor(() => orphanNotice(USERS.acmeAdmin, token.displayId)(), 10_000);
    expect(asking(copy)).toBe(true);
    await app.tokenops.tokens.edit(root, token.displayId, { primaryContact: USERS.shopAdmin });
    const now = orphanNotice(USERS.acmeAdmin, token.displayId);
    await app.fake.waitFor(() => !asking(now()) || undefined, 15_000);
    expect(now().text).toBe(
      `*Orphaned too* (\`${token.displayId}\`) has a new primary contact, <@${USERS.shopAdmin}>, chosen by <@${USERS.workspaceAdmin}>: they get its reminders from now on.`,
    );
    expect(now().blocks).toEqual([
      expect.objectContaining({ type: 'section', block_id: expect.stringMatching(/^reminder_done:/) }),
    ]);
  });
});

/** `admin`'s notice that the primary contact of `id` is gone, as it is now (rewrites change it in place). */
const orphanNotice = (admin: string, id: string) => () =>
  [...app.fake.messages.values()].find(
    (m) => m.channel === `D${admin.slice(1)}` && JSON.stringify(m.blocks).includes(`orphan:${id}`),
  )!;
/** Whether a notice (one there) still asks for a new contact. */
const asking = (message: { blocks?: unknown } | undefined) =>
  !message || JSON.stringify(message.blocks).includes('orphan_edit');
