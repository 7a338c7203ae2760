// The request form offers every owner (SPEC §6), past the 100 options a Slack menu holds: its
// Owner menu then searches, Slack asking tokenops for the owners matching what is typed
// (block_suggestion), with the same block, action and submitted value as the create form's.
import { beforeAll, describe, expect, it } from 'vitest';
import { createFormValues } from '../support/slackForms.js';
import { useTestApp } from '../support/testApp.js';
import { seedWithApprovalsChannel } from '../support/approvalChannel.js';

const CHANNEL = 'C0APPROVAL';
const DEV = 'U0DEV00001';
const TEAMS = 130;
const app = useTestApp({ env: { APPROVALS_CHANNEL_ID: CHANNEL } });

beforeAll(async () => {
  const root = await seedWithApprovalsChannel(app, CHANNEL);
  for (let i = 1; i <= TEAMS; i++) await app.tokenops.tenants.createOrganization(root, `team-${i}`);
  app.fake.addUser({ id: DEV });
});

async function openRequest(userId: string) {
  const opened = app.fake.callsTo('views.open').length;
  await app.slack.command(userId, 'request');
  return (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view as Record<string, any>;
}

describe('the request form with more owners than a menu holds', () => {
  it('searches every owner as the person types, and submits the one chosen as the create form would', async () => {
    const modal = await openRequest(DEV);
    const owner = modal.blocks.find((b: any) => b.block_id === 'owner');
    expect(owner.element).toMatchObject({ type: 'external_select', action_id: 'owner', min_query_length: 0 });
    expect(owner.hint.text).toBe(
      'Any of the 135 organizations and domains: type part of its name (such as acme or shop) to find it.',
    );

    const values = (options: Array<Record<string, any>>) => options.map((option) => option.value);
    expect(await app.slack.blockSuggestion(DEV, modal, 'owner', '')).toHaveLength(100); // opened: the first 100
    expect(values(await app.slack.blockSuggestion(DEV, modal, 'owner', 'TEAM-12'))).toEqual([
      'org:team-12',
      ...Array.from({ length: 10 }, (_, i) => `org:team-12${i}`),
    ]);
    const shop = await app.slack.blockSuggestion(DEV, modal, 'owner', 'shop');
    expect(shop).toEqual([
      { text: { type: 'plain_text', text: 'Domain shop.acme.test', emoji: true }, value: 'domain:shop.acme.test' },
    ]);
    // The same text typed again is answered again (no replay to drop: options are a read).
    expect(await app.slack.blockSuggestion(DEV, modal, 'owner', 'shop')).toEqual(shop);

    const [last] = await app.slack.blockSuggestion(DEV, modal, 'owner', `team-${TEAMS}`);
    const posted = app.fake.callsTo('chat.postMessage').length;
    const form = createFormValues({ label: 'Past the hundredth', scopes: ['orders:read'], expiry: '30d' });
    const submitted = await app.slack.viewSubmission(DEV, modal, {
      ...form,
      owner: { owner: { type: 'external_select', selected_option: last } },
      reason: { reason: { type: 'plain_text_input', value: 'the nightly export job' } },
    });
    expect(submitted.status).toBe(200);
    const request = await app.fake.waitFor(() =>
      app.fake
        .callsTo('chat.postMessage')
        .slice(posted)
        .find((c) => c.args.channel === CHANNEL && JSON.stringify(c.args.blocks).includes('Past the hundredth')),
    );
    expect(JSON.stringify(request.args.blocks)).toContain(`Organization team-${TEAMS}`);
  });

  it('speaks Japanese to a Japanese requester', async () => {
    app.fake.addUser({ id: 'U0HANA0001', locale: 'ja-JP' });
    const owner = (await openRequest('U0HANA0001')).blocks.find((b: any) => b.block_id === 'owner');
    expect(owner.element.placeholder.text).toBe('組織・ドメインを検索');
    expect(owner.hint.text).toBe(
      '135 件の組織・ドメインから選択できます。名前の一部（acme、shop など）を入力して検索してください。',
    );
  });
});
