// What tokenops answered in Slack, as the emulator saw it: the text posted to a response_url, and
// the secrets shown to a user (in ephemeral messages, the only place one may appear).
import { SECRET_PATTERN } from './secretScan.js';
import type { TestApp } from './testApp.js';

/** The text of the answer posted to `responseUrl`, once it arrives. */
export const answerText = (app: TestApp, responseUrl: string) =>
  app.fake.waitFor(() => app.fake.responses.find((r) => responseUrl.endsWith(r.id))).then((r) => r.body.text as string);

/** Every secret shown to `user` so far. */
export const secretsTo = (app: TestApp, user: string) =>
  app.fake
    .callsTo('chat.postEphemeral')
    .filter((c) => c.args.user === user)
    .map((c) => SECRET_PATTERN.exec(JSON.stringify(c.args.blocks))?.[0])
    .filter(Boolean) as string[];

/** The Home tab published for `user` after call `from` of views.publish, once it is there. */
export const homePublished = (app: TestApp, user: string, from: number, timeoutMs?: number) =>
  app.fake.waitFor(
    () =>
      app.fake
        .callsTo('views.publish')
        .slice(from)
        .find((c) => c.args.user_id === user),
    timeoutMs,
  );
