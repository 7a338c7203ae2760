// Payloads as Slack sends them, built without sending, for delivering one several times (Slack's
// retries over HTTP, re-sent Socket Mode envelopes): a click on App Home's "list", App Home
// opened, and a view submission.
import { TEAM_ID, type SlackEmulator } from '@tokenops/slack-emulator';

type Json = Record<string, unknown>;

/** `app.fake` is read at each call: a test app's emulator exists only once its tests run. */
export function slackPayloads(app: { fake: SlackEmulator }) {
  const user = (id: string) => {
    if (!app.fake.users.has(id)) app.fake.addUser({ id });
    return { id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: TEAM_ID };
  };
  const interaction = (userId: string) => ({
    team: { id: TEAM_ID, domain: 'fake-workspace' },
    user: user(userId),
    api_app_id: 'A0TOKENOPS',
    token: 'deprecated-verification-token',
    trigger_id: app.fake.issueTriggerId(userId),
  });
  return {
    user,
    homeListClick: (userId: string) => ({
      type: 'block_actions',
      ...interaction(userId),
      container: { type: 'view', view_id: 'V0HOME' },
      actions: [{ type: 'button', action_id: 'home_list', block_id: 'home', action_ts: String(Date.now() / 1000) }],
    }),
    homeOpened: (userId: string) => ({
      token: 'deprecated-verification-token',
      team_id: TEAM_ID,
      api_app_id: 'A0TOKENOPS',
      type: 'event_callback',
      event_id: `Ev${Date.now()}${Math.floor(Math.random() * 1e6)}`,
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'app_home_opened',
        user: user(userId).id,
        channel: 'D0HOME',
        tab: 'home',
        event_ts: String(Date.now() / 1000),
      },
    }),
    submission: (userId: string, view: Json, values: Json) => ({
      type: 'view_submission',
      ...interaction(userId),
      view: { ...view, state: { values } },
      response_urls: [],
    }),
  };
}
