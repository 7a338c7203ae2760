// A secret pasted into what someone types to tokenops goes nowhere: not into the approvals
// channel, the database, Redis, the logs or any answer; a working one is offered to be disabled,
// to its admins when someone else pasted it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/domain/permissions.js';
import { useTestApp } from '../../support/testApp.js';
import { scanForSecret, NOWHERE } from '../../support/secretScan.js';
import { codeOf } from '../../support/verification.js';
import { USERS, tokenInput } from '../../support/tenants.js';
import { clickOnMessage, revocationRequest, seedWithApprovalsChannel } from '../../support/approvalChannel.js';
import { answerText } from '../../support/slackAnswers.js';

const CHANNEL = 'C0APPROVAL';
const app = useTestApp({ env: { APPROVALS_CHANNEL_ID: CHANNEL } });
let root: Actor;

beforeAll(async () => {
  root = await seedWithApprovalsChannel(app, CHANNEL);
});

const answers = async (responseUrl: string, count: number) => {
  await app.fake.waitFor(() => app.fake.responses.filter((r) => responseUrl.endsWith(r.id)).length >= count, 10_000);
  return app.fake.responses.filter((r) => responseUrl.endsWith(r.id)).map((r) => r.body);
};

/** An admin's notice of a secret of `id` someone else pasted, once it arrived: where it is. */
const notice = (admin: string, id: string) =>
  app.fake
    .waitFor(
      () =>
        app.fake
          .callsTo('chat.postMessage')
          .find((c) => c.args.channel === `D${admin.slice(1)}` && c.response.ok && asks(c.args, id)),
      10_000,
    )
    .then((c) => ({ channel: c.args.channel as string, ts: c.response.ts as string }));
/** The message as it is now (rewrites change it in place). */
const stored = ({ channel, ts }: { channel: string; ts: string }) => app.fake.messages.get(`${channel}/${ts}`)!;
/** Whether a message still offers to disable the token `id`. */
const asks = (message: { blocks?: unknown }, id: string) =>
  JSON.stringify(message.blocks ?? []).includes(`disable:${id}`);

describe('a secret pasted into a command', () => {
  it('is redacted from the revocation request everywhere, and its token is offered to be disabled', async () => {
    const { token, secret } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Pasted in a reason', { primaryContact: USERS.acmeAdmin }),
    );
    const posted = app.fake.callsTo('chat.postMessage').length;
    const response = await app.slack.command(
      USERS.acmeAdmin,
      `revoke ${token.displayId} leaked: ${secret} (from the CI log)`,
    );
    const [answer, offer] = await answers(response.responseUrl, 2);
    expect(JSON.stringify(answer)).not.toContain(secret);
    expect(offer!.text).toContain('That was the working secret of *Pasted in a reason*');
    const button = offer!.blocks[1].elements[0];
    expect([button.action_id, button.value]).toEqual(['token_menu', `disable:${token.displayId}`]);

    const request = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postMessage')
        .slice(posted)
        .find((c) => c.args.channel === CHANNEL),
    );
    expect(JSON.stringify(request.args)).toContain('leaked: [secret removed] (from the CI log)');
    expect(await scanForSecret(app, secret)).toEqual(NOWHERE);
    expect(await codeOf(app.tokenops, secret)).toBe('VALID'); // offered, not done behind their back
  });

  it('tells the token’s admins when someone who does not administer it pasted it, and them that it did, with no Disable that would refuse them', async () => {
    const { token, secret } = await app.tokenops.tokens.create(
      root,
      tokenInput('org:acme', 'Pasted by a domain admin'),
    );
    const response = await app.slack.command(USERS.shopAdmin, `list ${secret}`); // acme's token, shop's admin
    const [, offer] = await answers(response.responseUrl, 2);
    expect(offer!.text).toContain('I have told the admins of Organization acme, who can give its holder a new secret.'); // each of them, below
    expect(JSON.stringify(offer)).not.toContain('disable:');
    // acme's admins (its org admin, the workspace admin) each get one DM, with Disable.
    const notices = (userId: string) =>
      app.fake
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === `D${userId.slice(1)}` && JSON.stringify(c.args).includes(token.displayId));
    for (const admin of [USERS.acmeAdmin, USERS.workspaceAdmin]) {
      const [notice] = await app.fake.waitFor(() => (notices(admin).length ? notices(admin) : undefined), 10_000);
      expect(notice!.args.text).toContain(
        `<@${USERS.shopAdmin}> typed the working secret of *Pasted by a domain admin* (\`${token.displayId}\`, Organization acme) into a tokenops command or form.`,
      );
      expect(notice!.args.blocks[1].elements[0].value).toBe(`disable:${token.displayId}`);
    }
    expect(notices(USERS.shopAdmin)).toEqual([]); // not to the one who pasted it
    // Pasted again within the hour: they are told again, the admins are not.
    const again = await app.slack.command(USERS.shopAdmin, `list ${secret}`);
    await answers(again.responseUrl, 2);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const admin of [USERS.acmeAdmin, USERS.workspaceAdmin]) expect(notices(admin)).toHaveLength(1);
    expect(await scanForSecret(app, secret)).toEqual(NOWHERE);
    expect(await codeOf(app.tokenops, secret)).toBe('VALID');
  });

  it('rewrites every admin’s notice once one of them disables the token from theirs: who did it, in each reader’s language, and no Disable left', async () => {
    app.fake.addUser({ id: 'U0ACMEJA01', locale: 'ja-JP' });
    await app.tokenops.tenants.grant(root, 'U0ACMEJA01', { role: 'org_admin', slug: 'acme' });
    const { token, secret } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Pasted then disabled'));
    const id = token.displayId;
    await answers((await app.slack.command(USERS.shopAdmin, `list ${secret}`)).responseUrl, 2);
    const mine = await notice(USERS.acmeAdmin, id);
    const other = await notice(USERS.workspaceAdmin, id);
    const japanese = await notice('U0ACMEJA01', id);
    const clicked = await app.slack.blockAction(
      USERS.acmeAdmin,
      { action_id: 'token_menu', type: 'button', value: `disable:${id}` },
      { channelId: mine.channel, message: { ...stored(mine), persisted: true } },
    );
    expect(await answerText(app, clicked.responseUrl)).toContain('is disabled');
    await app.fake.waitFor(() => !asks(stored(other), id) || undefined, 15_000);
    expect(stored(other).text).toBe(
      `:white_check_mark: *Pasted then disabled* (\`${id}\`) was disabled by <@${USERS.acmeAdmin}>: the secret that went through Slack is refused while it stays disabled. Before enabling it again, give its holder a new secret (Reset or Duplicate).`,
    );
    expect(JSON.stringify(stored(other).blocks)).not.toContain('disable:');
    await app.fake.waitFor(() => !asks(stored(japanese), id) || undefined, 15_000);
    expect(stored(japanese).text).toBe(
      `:white_check_mark: 「Pasted then disabled」（\`${id}\`）は無効化されました（対応者：<@${USERS.acmeAdmin}>）。Slack に送信されたシークレットは、無効化されている間は使えません。再び有効化する前に、新しいシークレット（「シークレットをリセット」または「複製」）に切り替えてください。`,
    );
    await app.fake.waitFor(() => !asks(stored(mine), id) || undefined, 15_000); // the clicked copy too
    // A copy clicked before it was rewritten still answers what is true.
    const late = await app.slack.blockAction(
      USERS.workspaceAdmin,
      { action_id: 'token_menu', type: 'button', value: `disable:${id}` },
      { channelId: other.channel, message: { ts: other.ts, text: '', persisted: true } },
    );
    expect(await answerText(app, late.responseUrl)).toBe('This token is already disabled.');
    expect(await codeOf(app.tokenops, secret)).toBe('DISABLED');
    const left = await app.sql('SELECT count(*)::int AS n FROM asked_copies WHERE subject = $1', [
      `pasted:${token.id}`,
    ]);
    expect(left).toEqual([{ n: 0 }]); // nothing left to rewrite
  });

  it('rewrites the notices when the token is deleted or revoked by any other path (the API, an approved revocation)', async () => {
    const revokedOnApproval = async (id: string) => {
      const posted = app.fake.callsTo('chat.postMessage').length;
      await app.slack.command(USERS.shopAdmin, `revoke ${id} pasted in Slack`);
      const { ts, requestId } = await revocationRequest(app.fake, CHANNEL, posted);
      await clickOnMessage(app, CHANNEL, USERS.acmeAdmin, ts, 'revocation_approve', requestId);
    };
    for (const [how, done, who] of [
      ['deleted', (id: string) => app.tokenops.tokens.delete(root, id), root.userId],
      ['revoked', revokedOnApproval, USERS.acmeAdmin],
    ] as const) {
      const { token, secret } = await app.tokenops.tokens.create(
        root,
        tokenInput('domain:shop.acme.test', `Pasted then ${how}`),
      );
      const id = token.displayId;
      await answers((await app.slack.command(USERS.globexAdmin, `list ${secret}`)).responseUrl, 2);
      const copy = await notice(USERS.shopAdmin, id);
      await done(id);
      await app.fake.waitFor(() => !asks(stored(copy), id) || undefined, 15_000);
      expect(stored(copy).text).toBe(
        `:white_check_mark: *Pasted then ${how}* (\`${id}\`) was ${how} by <@${who}>: the secret that went through Slack no longer works.`,
      );
      expect(stored(copy).blocks).toHaveLength(1);
    }
  });

  it('is not kept with a list search, and a mistyped or unknown one is redacted without an offer', async () => {
    const almost = `tko_${'x'.repeat(36)}`;
    const response = await app.slack.command(USERS.acmeAdmin, `list ${almost}`);
    const [answer] = await answers(response.responseUrl, 1);
    expect(JSON.stringify(answer)).not.toContain(almost);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(app.fake.responses.filter((r) => response.responseUrl.endsWith(r.id))).toHaveLength(1);
    expect(await scanForSecret(app, almost)).toMatchObject({ logs: 0, database: 0, redis: 0 });
  });
});

describe('a secret pasted into a form', () => {
  it('is redacted from the reject reason, and offered to be disabled', async () => {
    const { token, secret } = await app.tokenops.tokens.create(
      root,
      tokenInput('domain:shop.acme.test', 'Pasted in a form', { primaryContact: USERS.shopAdmin }),
    );
    const posted = app.fake.callsTo('chat.postMessage').length;
    await app.slack.command(USERS.shopAdmin, `revoke ${token.displayId} rotating`);
    const { ts, requestId } = await revocationRequest(app.fake, CHANNEL, posted);
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.blockAction(
      USERS.acmeAdmin,
      { action_id: 'revocation_reject', type: 'button', value: requestId },
      { message: { ts, persisted: true }, channelId: CHANNEL },
    );
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    const input = modal.blocks.find((b: any) => b.type === 'input');
    const values = {
      [input.block_id]: { [input.element.action_id]: { type: 'plain_text_input', value: `it is ${secret}` } },
    };
    expect((await app.slack.viewSubmission(USERS.acmeAdmin, modal, values)).status).toBe(200);
    await app.fake.waitFor(
      () => app.fake.callsTo('chat.update').some((c) => JSON.stringify(c.args).includes('[secret removed]')),
      10_000,
    );
    const offered = (text: string) => text.includes('That was the working secret of *Pasted in a form*');
    await app.fake.waitFor(
      () =>
        app.fake.calls.some((c) => offered(JSON.stringify(c.args))) ||
        app.fake.responses.some((r) => offered(JSON.stringify(r.body))),
      10_000,
    );
    expect(await scanForSecret(app, secret)).toEqual(NOWHERE);
  });
});
