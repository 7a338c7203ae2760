// A leak's DM says what was done and offers only what its reader can do with the token as it is.
import { describe, expect, it } from 'vitest';
import { ownerText, translator, type Language } from '../../../src/i18n/index.js';
import { leakNotice, pastedAnswered, pastedByOtherNotice } from '../../../src/slack/views/leak.js';
import { leak, sampleToken } from '../../support/everyMessage.js';

const buttons = (message: ReturnType<typeof leakNotice>) =>
  message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => (e as { value: string }).value) : []));

describe.each<Language>(['en', 'ja'])('the leak DM in %s', (language) => {
  const t = translator(language);

  it('sends a contact who is no admin to the admins, with no buttons', () => {
    const message = leakNotice(t, sampleToken, leak('github', 'disable', null), { admin: false, expired: false });
    expect(buttons(message)).toEqual([]);
    expect(message.text).toContain(t('owner.admin', { owner: ownerText(t, sampleToken.owner) }));
  });

  it('offers no reset of a revoked or expired token, and does not advise one', () => {
    const revoked = leakNotice(t, sampleToken, leak('github', 'revoke', null));
    expect(buttons(revoked)).toEqual([`duplicate:${sampleToken.displayId}`]);
    expect(revoked.text).toContain(t('leak.replaceRevoked'));
    const expired = leakNotice(t, sampleToken, leak('github', 'disable', null), { admin: true, expired: true });
    expect(buttons(expired)).toEqual([`duplicate:${sampleToken.displayId}`]);
    const live = leakNotice(t, sampleToken, leak('github', 'disable', null));
    expect(buttons(live)).toEqual([sampleToken.displayId, `duplicate:${sampleToken.displayId}`]);
    expect(live.text).toContain(t('leak.replace'));
  });

  it('keeps its advice and its buttons one story: no Reset beside "revoke it", none offered for others to do', () => {
    const disabled = leakNotice(t, { ...sampleToken, status: 'disabled' }, leak('github', 'notify', null));
    expect(buttons(disabled)).toEqual([`duplicate:${sampleToken.displayId}`]);
    expect(disabled.text).toContain(t('leak.replaceRevoked'));
    const revoked = leakNotice(t, { ...sampleToken, status: 'revoked' }, leak('github', 'notify', null));
    expect(revoked.text).toContain(t('leak.done.revokedSince'));
    const asked = leakNotice(t, sampleToken, leak('github', 'revoke', null), { admin: false, expired: false });
    const admins = t('owner.admin', { owner: ownerText(t, sampleToken.owner) });
    expect(asked.text).toContain(t('leak.replaceAskDuplicate', { admins }));
    const told = leakNotice(t, sampleToken, leak('github', 'notify', null), { admin: false, expired: false });
    expect(told.text).toContain(t('leak.done.notifyOthers'));
    expect(told.text).not.toContain(t('leak.done.notify'));
  });

  it('does not say a token that does not work "still works" (LEAK_ACTION=notify)', () => {
    const disabled = leakNotice(t, { ...sampleToken, status: 'disabled' }, leak('github', 'notify', null));
    expect(disabled.text).toContain(t('leak.done.notifyInactive'));
    expect(disabled.text).not.toContain(t('leak.done.notify'));
    expect(leakNotice(t, sampleToken, leak('github', 'notify', null)).text).toContain(t('leak.done.notify'));
  });

  it('says what is true of a token disabled or revoked before a LEAK_ACTION=disable report, and warns against enabling it', () => {
    const disabled = leakNotice(t, { ...sampleToken, status: 'disabled' }, leak('github', 'disable', null));
    expect(disabled.text).toContain(t('leak.done.disable'));
    expect(buttons(disabled)).toEqual([sampleToken.displayId, `duplicate:${sampleToken.displayId}`]);
    const revoked = leakNotice(t, { ...sampleToken, status: 'revoked' }, leak('github', 'disable', null));
    expect(revoked.text).toContain(t('leak.done.revokedSince'));
    expect(revoked.text).not.toContain(t('leak.done.disable'));
    expect(buttons(revoked)).toEqual([`duplicate:${sampleToken.displayId}`]);
  });

  it('gives a disabled and expired token no advice that needs a reset (refused once expired)', () => {
    const both = leakNotice(t, { ...sampleToken, status: 'disabled' }, leak('github', 'disable', null), {
      admin: true,
      expired: true,
    });
    expect(both.text).toContain(t('leak.done.disableExpired'));
    expect(both.text).not.toContain(t('leak.done.disable'));
    expect(buttons(both)).toEqual([`duplicate:${sampleToken.displayId}`]);
  });
});

describe('a pasted secret’s notice, once the token stopped working', () => {
  const t = translator('en');
  const notice = pastedByOtherNotice(t, sampleToken, 'U0HANA0001');
  const outcome = t('leak.pastedDisabledBy', {
    label: sampleToken.label,
    id: sampleToken.displayId,
    who: '<@U0ALEX0001>',
  });

  it('gives way to what was done, without its Disable', () => {
    const answered = pastedAnswered(notice, sampleToken.displayId, outcome)!;
    expect(answered.text).toBe(outcome);
    expect(answered.blocks).toEqual([{ type: 'section', text: expect.objectContaining({ text: outcome }) }]);
  });

  it('leaves a copy that asks no more, or asks about another token', () => {
    expect(
      pastedAnswered(
        { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'done' } }] },
        sampleToken.displayId,
        outcome,
      ),
    ).toBeUndefined();
    expect(pastedAnswered(notice, 'tok_Another123', outcome)).toBeUndefined();
  });
});
