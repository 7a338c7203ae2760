// Every message of both catalogs, with people's text in it, as Slack would show it: no `<…>`
// that Slack drops (a placeholder like <id> must be written &lt;id&gt;), and no asterisk or
// tilde left over from bold or strike that Slack could not read (next to Japanese text it
// needs an ASCII space or punctuation), whatever the label contains.
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en/index.js';
import { ja } from '../../src/i18n/ja/index.js';
import { escape } from '../../src/slack/views/text.js';
import { renderMrkdwn } from '@tokenops/slack-emulator/mrkdwn';

const LABEL = 'Ops *x* a_b_c ~y~ `z`';
const samples: Record<string, unknown> = {
  label: escape(LABEL),
  id: 'tok_AbCdEf1234',
  user: 'U0ACMEADM1',
  channel: 'C0APPROVAL',
  contact: 'U0ACMEADM1',
  link: '<https://acme.slack.com/archives/C1/p1|the request>',
  when: '<!date^1700000000^{date_short_pretty}|Nov 14>',
  next: '<!date^1700000000^{date_short_pretty}|Nov 14>',
  used: '<!date^1700000000^{date_short_pretty}|Nov 14>',
  date: new Date('2026-11-28T23:28:00Z'),
  items: [escape(LABEL), escape(LABEL)],
  words: [escape(LABEL), escape(LABEL)],
  event: { action: 'token.edit', fields: escape(LABEL) },
  attempt: 'token.edit',
  reasons: [escape(LABEL)],
  params: { email: escape(LABEL) },
  code: 'email_invalid',
  users: ['U0ACMEADM1'],
  groups: ['<!subteam^S0SECURITY>'],
  who: '<@U0ACMEADM1>',
  by: 'U0ACMEADM1',
  state: 'pending',
  minutes: 240,
  kind: 'revoke',
  operation: 'reset',
  required: 2,
  codes: [['VALID', 1200]],
};
const params = new Proxy(
  {},
  {
    get: (_target, key: string) =>
      samples[key] ?? (['max', 'days', 'from', 'to', 'count', 'of'].includes(key) ? 3 : 'sample'),
  },
);
const CONTROL = /^(@[UW][A-Z0-9]+|#[CGD][A-Z0-9]+|!here|!channel|!everyone|!subteam\^|!date\^|https?:\/\/|mailto:)/;

const messages = (catalog: Record<string, unknown>) =>
  Object.entries(catalog).map(
    ([key, message]) =>
      [key, typeof message === 'function' ? (message as (p: unknown) => string)(params) : String(message)] as const,
  );

describe.each([
  ['en', en],
  ['ja', ja],
] as const)('%s messages in Slack', (_language, catalog) => {
  it('have no <…> that Slack would drop', () => {
    const dropped = messages(catalog).flatMap(([key, text]) =>
      [...text.matchAll(/<([^>]*)>/g)].filter((m) => !CONTROL.test(m[1]!)).map((m) => `${key}: ${m[0]}`),
    );
    expect(dropped).toEqual([]);
  });

  it('have no bold or strike marker Slack would show as a character', () => {
    const stray = messages(catalog).flatMap(([key, text]) => {
      const shown = renderMrkdwn(text)
        .replace(/<code>[\s\S]*?<\/code>|<pre[\s\S]*?<\/pre>/g, '')
        .replace(/<[^>]+>/g, '')
        .replaceAll(LABEL, ''); // people's text, shown as typed
      return /[*~]/.test(shown) ? [`${key}: ${shown}`] : [];
    });
    expect(stray).toEqual([]);
  });

  it('show a label exactly as typed', () => {
    const html = renderMrkdwn(catalog['done.edited']!.call(null, params as never) as string);
    const text = html.replace(/<[^>]+>/g, '');
    expect(text).toContain(LABEL.replace(/`/g, '`'));
  });
});
