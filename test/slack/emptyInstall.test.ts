// A fresh install: no organization yet. A workspace admin who tries to create a token is told
// the first step, not to ask a workspace admin.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/testApp.js';
import { USERS } from '../support/tenants.js';

const app = useTestApp();

describe('an empty install', () => {
  it('tells a workspace admin to create an organization first, in their language', async () => {
    const answer = async (user: string) => {
      const response = await app.slack.command(user, 'create');
      return (await app.fake.waitFor(() => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)))).body
        .text as string;
    };
    expect(await answer(USERS.workspaceAdmin)).toBe(
      'There is no organization yet: tokens belong to one. Create it first with `/token admin org create &lt;slug&gt; [name]`, then grant its admins with `/token admin grant @user org_admin &lt;slug&gt;`.',
    );
    app.fake.addUser({ id: 'U0JAADMIN1', locale: 'ja-JP' });
    await app.tokenops.tenants.grant(await app.tokenops.tokens.actor(USERS.workspaceAdmin), 'U0JAADMIN1', {
      role: 'workspace_admin',
    });
    expect(await answer('U0JAADMIN1')).toContain('まだ組織がありません（トークンはいずれかの組織に属します）。');
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
  });
});
