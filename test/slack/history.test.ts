// `/token audit <id>` through Slack (issue 23, item 4): every event and refusal in words, with its
// values, in English and Japanese; a reset's grace told in the present while it runs and in the
// past once the playground's clock has moved past it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { moveClock } from '../support/clock.js';
import { useTestApp } from '../support/testApp.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';

const app = useTestApp();
const READER_JA = 'U0JAREADER';
let root: Actor;
let id: string;

beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
  id = (await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Nightly export', { apiVersion: '2024-01' })))
    .token.displayId;
  app.fake.addUser({ id: READER_JA, locale: 'ja-JP' });
  await app.tokenops.tenants.grant(root, READER_JA, { role: 'org_admin', slug: 'acme' });
});

/** Sends a command and returns the text of its ephemeral answer's blocks. */
async function run(userId: string, text: string): Promise<string> {
  const response = await app.slack.command(userId, text);
  expect(response.status).toBe(200);
  const answer = await app.fake.waitFor(() => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)));
  return (answer.body.blocks as Array<{ text?: { text: string } }>).map((block) => block.text?.text ?? '').join('\n');
}

describe('the history of a token, through Slack', () => {
  it('states every change and refusal with its values, in English and Japanese', async () => {
    await run(USERS.acmeAdmin, `extend ${id} 30d`);
    await run(USERS.acmeAdmin, `extend ${id} 2099-01-01`); // beyond the policy's 365 days
    await run(USERS.acmeAdmin, `upgrade ${id}`); // to the latest
    await run(USERS.acmeAdmin, `upgrade ${id} 2026-01`); // already on it
    await run(USERS.acmeAdmin, `disable ${id} paused for the audit`);
    await run(USERS.globexAdmin, `enable ${id}`); // not theirs

    const english = await run(USERS.acmeAdmin, `audit ${id}`);
    expect(english).toContain(`<@${USERS.acmeAdmin}> extended it until <!date^`);
    expect(english).toContain(
      `<@${USERS.acmeAdmin}> tried to extend it — refused: longer than the 365 days the policy allows`,
    );
    expect(english).toContain(
      `<@${USERS.acmeAdmin}> tried to change its API version — refused: it already uses API version 2026-01`,
    );
    expect(english).toContain(`<@${USERS.acmeAdmin}> moved it from API version 2024-01 to 2026-01`);
    expect(english).toContain(`<@${USERS.acmeAdmin}> disabled it (reason: paused for the audit)`);
    expect(english).toContain(
      `<@${USERS.globexAdmin}> tried to enable it — refused: not an admin of its organization or domain`,
    );
    expect(english).not.toMatch(/\b(token|revocation)\.[a-z]|API version \.| days\.| {2}/);

    const japanese = await run(READER_JA, `audit ${id}`);
    expect(japanese).toContain(`<@${USERS.acmeAdmin}> が有効期限を <!date^`);
    expect(japanese).toContain(
      `<@${USERS.acmeAdmin}> による有効期限の延長は拒否されました（理由：有効期間がポリシーの上限の 365 日間を超えています）。`,
    );
    expect(japanese).toContain(
      `<@${USERS.acmeAdmin}> による API バージョンの変更は拒否されました（理由：すでに API バージョン 2026-01 を使用しています）。`,
    );
    expect(japanese).toContain(`<@${USERS.acmeAdmin}> が API バージョンを 2024-01 から 2026-01 に変更しました。`);
    expect(japanese).toContain(`<@${USERS.acmeAdmin}> がトークンを無効化しました（理由：paused for the audit）。`);
    expect(japanese).toContain(
      `<@${USERS.globexAdmin}> によるトークンの有効化は拒否されました（理由：このトークンの組織・ドメインの管理者ではありません）。`,
    );
    expect(japanese).not.toMatch(/\b(token|revocation)\.[a-z]|がtoken|を に|（）/);
  });

  it('tells how long the old secret of a reset works, and once the clock passed it, worked', async () => {
    await app.tokenops.tokens.enable(root, id);
    await app.tokenops.tokens.reset(root, id, '1h');
    expect(await run(USERS.acmeAdmin, `audit ${id}`)).toMatch(/reset its secret; the old one works until <!date\^\d+/);
    expect(await run(READER_JA, `audit ${id}`)).toMatch(/以前のシークレットは <!date\^\d+[^>]*> まで使えます）。/);

    await moveClock(app.databaseUrl, 1);
    const english = await run(USERS.acmeAdmin, `audit ${id}`);
    expect(english).toMatch(/reset its secret; the old one worked until <!date\^\d+/);
    expect(english).not.toMatch(/the old one works until/);
    expect(await run(READER_JA, `audit ${id}`)).toMatch(/以前のシークレットは <!date\^\d+[^>]*> まで使えました）。/);
  });
});
