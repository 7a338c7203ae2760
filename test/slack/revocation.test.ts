import { renderMrkdwn } from '@tokenops/slack-emulator/mrkdwn';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { useTestApp } from '../support/testApp.js';
import { answerText, homePublished } from '../support/slackAnswers.js';
import { codeOf } from '../support/verification.js';
import { seedWithApprovalsChannel, clickOnMessage } from '../support/approvalChannel.js';
import { USERS, tokenInput } from '../support/tenants.js';
import { api, createKey } from '../support/management.js';

const CHANNEL = 'C0APPROVAL';
// 0.0005 h = 1.8 s: short enough to watch a request expire.
const app = useTestApp({ env: { APPROVALS_CHANNEL_ID: CHANNEL, APPROVAL_TTL_HOURS: '0.0005' } });
let root: Actor;

beforeAll(async () => {
  root = await seedWithApprovalsChannel(app, CHANNEL);
  await app.tokenops.tenants.grant(root, 'U0ACMEADM2', { role: 'org_admin', slug: 'acme' });
});

async function newToken(label: string) {
  return app.tokenops.tokens.create(
    root,
    tokenInput('domain:shop.acme.test', label, { primaryContact: USERS.shopAdmin }),
  );
}

async function command(userId: string, text: string) {
  const response = await app.slack.command(userId, text);
  return (await app.fake.waitFor(() => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)))).body as {
    text: string;
  };
}

/** Asks for a revocation with a reason; returns the channel message as Slack holds it. */
async function ask(userId: string, id: string, reason = 'leaked in a CI log') {
  const posted = app.fake.callsTo('chat.postMessage').length;
  const answer = await command(userId, `revoke ${id} ${reason}`);
  const call = await app.fake.waitFor(() =>
    app.fake
      .callsTo('chat.postMessage')
      .slice(posted)
      .find((c) => c.args.channel === CHANNEL),
  );
  return { answer, ts: call.response.ts as string, blocks: call.args.blocks as any[] };
}

const buttons = (blocks: any[]) => blocks.find((b) => b.block_id === 'revocation_decision')?.elements ?? [];
const message = (ts: string) => app.fake.messages.get(`${CHANNEL}/${ts}`)!;

/** The request id each message's buttons carried when posted: late clicks still send it. */
const requestIds = new Map<string, string>();

async function clickDecision(userId: string, ts: string, actionId: 'revocation_approve' | 'revocation_reject') {
  const current = buttons(message(ts).blocks as any[]).find((b: any) => b.action_id === actionId);
  if (current) requestIds.set(ts, current.value);
  return clickOnMessage(app, CHANNEL, userId, ts, actionId, requestIds.get(ts) ?? '');
}

describe('revocation through the approvals channel', () => {
  it('posts the request with the token’s details and the contract buttons, and points the requester to it', async () => {
    const { token } = await newToken('Partner feed');
    const { answer, ts, blocks } = await ask(USERS.shopAdmin, token.displayId);
    const text = JSON.stringify(blocks);
    for (const part of [
      token.displayId,
      'Partner feed',
      'Domain shop.acme.test',
      '`orders:read`',
      'Never',
      `<@${USERS.shopAdmin}>`,
      'leaked in a CI log',
    ])
      expect(text).toContain(part);
    const [approve, reject] = buttons(blocks);
    expect([approve.action_id, reject.action_id]).toEqual(['revocation_approve', 'revocation_reject']);
    expect(approve.value).toBe(reject.value);
    expect(blocks[0].text.text).toBe(`*Revocation requested: Partner feed (\`${token.displayId}\`)*`);
    // Revoking is final: Approve asks once (Slack's dialog), Reject asks for a reason instead.
    expect(approve.confirm).toMatchObject({
      text: { text: `Revoke Partner feed (${token.displayId}) for good? It stops working at once.` },
      confirm: { text: 'Approve and revoke' },
    });
    expect(reject.confirm).toBeUndefined();
    // chat.getPermalink's link, which in the emulator (and the playground) opens that conversation
    const permalink = app.fake.callsTo('chat.getPermalink').find((c) => c.args.message_ts === ts)!.response.permalink;
    expect(permalink).toBe(`${app.fake.baseUrl}/?channel=${CHANNEL}&message=${ts}`);
    expect(answer.text).toContain(`<#${CHANNEL}> (<${permalink}|view the request>)`);
    expect(renderMrkdwn(answer.text)).toContain('view the request</a>'); // a nested <…|<#C…>> would be dropped whole

    const again = await command(USERS.acmeAdmin, `revoke ${token.displayId} me too`);
    expect(again.text).toContain('is already waiting for a decision');
    expect(again.text).toContain(`message=${ts}`);
    expect(
      app.fake
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === CHANNEL && JSON.stringify(c.args.blocks).includes(token.displayId)),
    ).toHaveLength(1);
  });

  it('is approved by another admin of the owner: token revoked, message updated, requester and contact told', async () => {
    const { token, secret } = await newToken('To approve');
    const { ts } = await ask(USERS.acmeAdmin, token.displayId);
    const own = await clickDecision(USERS.acmeAdmin, ts, 'revocation_approve');
    expect(await answerText(app, own.responseUrl)).toBe('You asked for this revocation: another admin must decide it.');
    const stranger = await clickDecision(USERS.globexAdmin, ts, 'revocation_approve');
    expect(await answerText(app, stranger.responseUrl)).toContain('You do not administer');
    expect(await codeOf(app.tokenops, secret)).toBe('VALID');

    const dms = app.fake.callsTo('chat.postMessage').length;
    await clickDecision(USERS.shopAdmin, ts, 'revocation_approve');
    await app.fake.waitFor(() => JSON.stringify(message(ts).blocks).includes('Approved by'));
    expect(buttons(message(ts).blocks as any[])).toEqual([]);
    expect(JSON.stringify(message(ts).blocks)).toContain(`<@${USERS.shopAdmin}>`);
    expect((message(ts).blocks as any[])[0].text.text).toBe(`*Revoked: To approve (\`${token.displayId}\`)*`); // the heading tells the outcome
    expect(await codeOf(app.tokenops, secret)).toBe('REVOKED');
    const told = await app.fake.waitFor(() => {
      const channels = app.fake
        .callsTo('chat.postMessage')
        .slice(dms)
        .map((c) => c.args.channel);
      return channels.includes('D0ACMEADM1') && channels.includes('D0SHOPADM1') && channels;
    });
    expect(told.filter((c) => c.startsWith('D'))).toHaveLength(2);
    const history = (await app.tokenops.tokens.audit(root, token.displayId)).map(
      (e) => `${e.action} ${e.actor} ${e.outcome}`,
    );
    expect(history).toEqual(
      expect.arrayContaining([
        `revocation.request ${USERS.acmeAdmin} ok`,
        `revocation.approve ${USERS.shopAdmin} ok`,
        `token.revoke ${USERS.shopAdmin} ok`,
      ]),
    );
    const audit = JSON.stringify(await command(USERS.acmeAdmin, `audit ${token.displayId}`));
    expect(audit).toContain(`<@${USERS.shopAdmin}> approved its revocation`);
  });

  it('tells the requester and the contact even when Slack refuses to update the request’s message', async () => {
    const { token, secret } = await newToken('Message gone');
    const { ts } = await ask(USERS.acmeAdmin, token.displayId);
    const dms = app.fake.callsTo('chat.postMessage').length;
    app.fake.failNext('chat.update', { error: 'message_not_found' }); // deleted from the channel meanwhile
    await clickDecision(USERS.shopAdmin, ts, 'revocation_approve');
    const told = await app.fake.waitFor(() => {
      const sent = app.fake
        .callsTo('chat.postMessage')
        .slice(dms)
        .filter((c) => JSON.stringify(c.args.blocks).includes(token.displayId))
        .map((c) => c.args.channel);
      return sent.includes('D0ACMEADM1') && sent.includes('D0SHOPADM1') && sent;
    });
    expect(told).toHaveLength(2);
    expect(await codeOf(app.tokenops, secret)).toBe('REVOKED');
  });

  it('decides once when admins click at the same moment; later clicks are told who decided', async () => {
    const { token } = await newToken('Clicked at once');
    const { ts } = await ask(USERS.shopAdmin, token.displayId);
    const updates = app.fake.callsTo('chat.update').length;
    const admins = [USERS.acmeAdmin, 'U0ACMEADM2', USERS.workspaceAdmin];
    const clicks = await Promise.all(admins.map((admin) => clickDecision(admin, ts, 'revocation_approve')));
    await app.fake.waitFor(() => JSON.stringify(message(ts).blocks).includes('Approved by'));
    const decisions = (await app.tokenops.tokens.audit(root, token.displayId)).filter(
      (e) => e.action === 'revocation.approve',
    );
    expect(decisions).toHaveLength(1);
    const winner = decisions[0]!.actor;
    // Each of the two others is told who decided. (The winner's own answer is not this test's: on a
    // loaded machine it can be the request-path deadline's message, after the decision committed.)
    const answerTo = (i: number) =>
      app.fake
        .waitFor(() => app.fake.responses.find((r) => clicks[i]!.responseUrl.endsWith(r.id)), 2_000)
        .then((a) => a.body.text as string);
    const losers = admins.map((admin, i) => [admin, i] as const).filter(([admin]) => admin !== winner);
    expect(losers).toHaveLength(2);
    for (const [, i] of losers) expect(await answerTo(i)).toBe(`This request was already decided by <@${winner}>.`);
    expect(
      app.fake
        .callsTo('chat.update')
        .slice(updates)
        .filter((c) => c.args.ts === ts),
    ).toHaveLength(1);
  });

  it('is rejected with an optional reason, and the token keeps working', async () => {
    const { token, secret } = await newToken('To reject');
    const { ts } = await ask(USERS.shopAdmin, token.displayId);
    const opened = app.fake.callsTo('views.open').length;
    await clickDecision(USERS.acmeAdmin, ts, 'revocation_reject');
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    expect(modal.callback_id).toBe('revocation_reject_reason');
    expect(modal.blocks[0].text.text).toBe(
      `Rejecting the revocation of *To reject* (\`${token.displayId}\`): it is not revoked. The requester reads your reason.`,
    );
    await app.slack.viewSubmission(USERS.acmeAdmin, modal, {
      reason: { reason: { type: 'plain_text_input', value: 'billing still uses it' } },
    });
    await app.fake.waitFor(() => JSON.stringify(message(ts).blocks).includes('Rejected by'));
    expect(JSON.stringify(message(ts).blocks)).toContain('billing still uses it');
    expect((message(ts).blocks as any[])[0].text.text).toBe(
      `*Revocation rejected: To reject (\`${token.displayId}\`)*`,
    );
    expect(JSON.stringify(message(ts).blocks)).toContain(':leftwards_arrow_with_hook: Rejected by'); // not ✅, which reads "approved"
    expect(JSON.stringify(message(ts).blocks)).not.toContain(':white_check_mark:');
    expect(await codeOf(app.tokenops, secret)).toBe('VALID');
  });

  it('asks for the reason in a modal when the command has none', async () => {
    const { token } = await newToken('No reason given');
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.command(USERS.shopAdmin, `revoke ${token.displayId}`);
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    expect(modal.callback_id).toBe('revocation_request_reason');
    expect(modal.blocks[0].text.text).toContain(`Why should *No reason given* (\`${token.displayId}\`) be revoked?`);
    const posted = app.fake.callsTo('chat.postMessage').length;
    await app.slack.viewSubmission(USERS.shopAdmin, modal, {
      reason: { reason: { type: 'plain_text_input', value: 'vendor offboarded' } },
    });
    const call = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postMessage')
        .slice(posted)
        .find((c) => c.args.channel === CHANNEL),
    );
    expect(JSON.stringify(call.args.blocks)).toContain('vendor offboarded');
    const confirmation = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postEphemeral')
        .find((c) => c.args.user === USERS.shopAdmin && String(c.args.text).includes('Asked for approval')),
    );
    expect(confirmation.args.channel).toBe('C0GENERAL1');
  });

  it('lets the token’s primary contact, who administers nothing, ask for its revocation by command', async () => {
    const DEVELOPER = 'U0DEVCONT1';
    app.fake.addUser({ id: DEVELOPER });
    const { token } = await app.tokenops.tokens.create(
      root,
      tokenInput('domain:shop.acme.test', 'Contact asks', { primaryContact: DEVELOPER }),
    );
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.command(DEVELOPER, `revoke ${token.displayId}`);
    const modal = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    const posted = app.fake.callsTo('chat.postMessage').length;
    await app.slack.viewSubmission(DEVELOPER, modal, {
      reason: { reason: { type: 'plain_text_input', value: 'our job was retired' } },
    });
    const call = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postMessage')
        .slice(posted)
        .find((c) => c.args.channel === CHANNEL && JSON.stringify(c.args.blocks).includes(token.displayId)),
    );
    expect(JSON.stringify(call.args.blocks)).toContain('our job was retired');
    expect(JSON.stringify(call.args.blocks)).toContain(`<@${DEVELOPER}>`);
    // A reason typed with the command asks at once; asked already, it points to the request.
    const again = await command(DEVELOPER, `revoke ${token.displayId} still retired`);
    expect(again.text).toContain('is already waiting for a decision');
  });

  it('expires when nobody decides in time, telling the requester', async () => {
    const { token } = await newToken('Nobody decides');
    const { ts, blocks } = await ask(USERS.shopAdmin, token.displayId);
    requestIds.set(ts, buttons(blocks)[0].value);
    await app.fake.waitFor(() => JSON.stringify(message(ts).blocks).includes('Expired'), 10_000);
    expect(buttons(message(ts).blocks as any[])).toEqual([]);
    expect((message(ts).blocks as any[])[0].text.text).toBe(
      `*Revocation request expired: Nobody decides (\`${token.displayId}\`)*`,
    );
    expect((await app.tokenops.tokens.show(root, token.displayId)).status).toBe('enabled');
    const late = await clickDecision(USERS.acmeAdmin, ts, 'revocation_approve');
    expect(await answerText(app, late.responseUrl)).toBe('This request is no longer waiting for a decision.');
  });

  it('is closed, with the reason on its message, when the token is deleted meanwhile', async () => {
    const { token } = await newToken('Deleted while pending');
    const { ts } = await ask(USERS.shopAdmin, token.displayId);
    await app.tokenops.tokens.delete(root, token.displayId);
    await app.fake.waitFor(() => JSON.stringify(message(ts).blocks).includes('the token was deleted meanwhile'), 5_000);
    expect(buttons(message(ts).blocks as any[])).toEqual([]);
  });

  it('tells the requester exactly what to fix when the channel refuses the post, leaving nothing pending', async () => {
    const { token } = await newToken('Channel trouble');
    app.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    const answer = await command(USERS.shopAdmin, `revoke ${token.displayId} compromised`);
    expect(answer.text).toContain(`I could not post the request in <#${CHANNEL}>, so nothing was requested.`);
    expect(answer.text).toContain("Slack's error: `not_in_channel`.");
    expect(answer.text).toContain('/invite @tokenops');
    const { ts } = await ask(USERS.shopAdmin, token.displayId, 'second try');
    expect(ts).toBeTruthy();
  });

  it('tells the requester Slack did not confirm a post whose answer was cut off; the message, if there, does nothing', async () => {
    const { token } = await newToken('Cut off post');
    const posted = app.fake.callsTo('chat.postMessage').length;
    // Slack posts it; its answer never comes back
    app.fake.dropNext('chat.postMessage', (args) => JSON.stringify(args).includes(token.displayId));
    const answer = await command(USERS.shopAdmin, `revoke ${token.displayId} compromised`);
    expect(answer.text).toBe(
      `Slack did not confirm that the request was posted in <#${CHANNEL}>, so nothing was requested. If it appeared there anyway, its buttons no longer work. Try again later.`,
    );
    const [orphan, ...again] = app.fake
      .callsTo('chat.postMessage')
      .slice(posted)
      .filter((c) => JSON.stringify(c.args).includes(token.displayId));
    expect(again).toEqual([]); // not posted twice
    const late = await clickDecision(USERS.acmeAdmin, orphan!.response.ts as string, 'revocation_approve');
    expect(await answerText(app, late.responseUrl)).toBe('That request does not exist any more.');
    expect((await app.tokenops.tokens.show(root, token.displayId)).status).toBe('enabled');
  });

  it('names the management key that asked already, not a mention of nobody', async () => {
    const { token } = await newToken('Asked through the API');
    const key = await createKey(app, USERS.acmeAdmin, 'org:acme', 'automation');
    expect((await api(app, key.secret, 'POST', `/v1/tokens/${token.displayId}/revoke`, { reason: 'x' })).status).toBe(
      202,
    );
    const answer = await command(USERS.shopAdmin, `revoke ${token.displayId} compromised`);
    expect(answer.text).toContain(`already waiting for a decision, asked by management key \`${key.id}\``);
    expect(answer.text).not.toContain('<@key_');
  });

  it('lists the requests an admin may decide on their App Home', async () => {
    const { token } = await newToken('Awaiting on Home');
    await ask(USERS.shopAdmin, token.displayId);
    const before = app.fake.callsTo('views.publish').length;
    await app.slack.event({ type: 'app_home_opened', user: USERS.acmeAdmin, channel: 'D0ACMEADM1', tab: 'home' });
    const home = await homePublished(app, USERS.acmeAdmin, before);
    const text = JSON.stringify(home.args.view.blocks);
    expect(text).toContain('Revocations waiting for your decision');
    expect(text).toContain(
      `• *Awaiting on Home* (\`${token.displayId}\`), asked by <@${USERS.shopAdmin}> in <#${CHANNEL}>: leaked in a CI log`,
    ); // named, not an id alone
  });

  it('posts and updates in the workspace’s language, whatever the requester’s: the channel reads it', async () => {
    app.fake.addUser({ id: 'U0JAREQUE1', locale: 'ja-JP' });
    await app.tokenops.tenants.grant(root, 'U0JAREQUE1', { role: 'domain_admin', name: 'shop.acme.test' });
    const { token } = await newToken('Asked in Japanese');
    const { answer, ts, blocks } = await ask('U0JAREQUE1', token.displayId);
    expect(answer.text).toContain('の取り消しを申請しました'); // the requester's answer in their language
    expect(blocks[0].text.text).toBe(`*Revocation requested: Asked in Japanese (\`${token.displayId}\`)*`);
    expect(JSON.stringify(blocks)).not.toMatch(/[\u3040-\u30ff]/);
    await clickDecision(USERS.acmeAdmin, ts, 'revocation_approve');
    await app.fake.waitFor(() => JSON.stringify(message(ts).blocks).includes('Approved by'));
    expect(JSON.stringify(message(ts).blocks)).not.toMatch(/[\u3040-\u30ff]/);
    const told = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postMessage')
        .find((c) => c.args.channel === 'D0JAREQUE1' && JSON.stringify(c.args).includes(token.displayId)),
    );
    expect(told.args.blocks[0].text.text).toBe(
      `*取り消し申請（承認済み）：Asked in Japanese（\`${token.displayId}\`）*`,
    ); // a DM is in its reader's language
  });
});

describe('people’s text in the approvals channel', () => {
  it('pings nobody and links nothing: @here, <!channel> and URLs in a label or reason stay text', async () => {
    const { token } = await newToken('Ops @channel https://evil.example/a');
    const posted = app.fake.callsTo('chat.postMessage').length;
    await app.slack.command(
      USERS.shopAdmin,
      `revoke ${token.displayId} @here urgent <!channel> see https://evil.example/login`,
    );
    const request = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postMessage')
        .slice(posted)
        .find((c) => c.args.channel === CHANNEL),
    );
    expect(app.fake.broadcastsIn(request.args)).toEqual([]);
    const text = JSON.stringify(request.args.blocks);
    expect(text).toContain('@here urgent &lt;!channel&gt; see https://evil.example/login');
    // Without verbatim, Slack would have turned the bare words into mentions:
    expect(
      app.fake.broadcastsIn({ blocks: JSON.parse(text.replaceAll('"verbatim":true', '"verbatim":false')) }),
    ).toEqual(expect.arrayContaining(['here', 'channel']));
  });
});
