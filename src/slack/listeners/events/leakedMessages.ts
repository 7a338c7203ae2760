// LEAK_SCAN_CHANNELS: a tokenops secret posted in a conversation the app is in is a leak. It is
// recognised by prefix and checksum alone (nothing else is looked up), reported like a secret
// scanner's find (the LEAK_ACTION, audit, notices), and its author is told, ephemerally, to
// delete the message. The message's text is neither stored nor repeated nor logged.
import type { App } from '@slack/bolt';
import { secretsIn } from '../../../domain/leaks.js';
import type { SlackContext } from '../../context.js';
import type { SlackDeps } from '../../deps.js';
import { slackLeakLocation } from '../../../domain/leaks.js';

type MessageEvent = {
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  channel: string;
  ts: string;
  message?: { user?: string; text?: string; ts?: string };
};

export function registerLeakedMessages(app: App<SlackContext>, deps: SlackDeps, tokenPrefix: string): void {
  app.event('message', async ({ event, client }) => {
    const message = event as unknown as MessageEvent;
    if (message.bot_id || message.subtype === 'bot_message') return;
    const posted = message.subtype === 'message_changed' ? message.message : message; // an edit that adds a secret counts too
    const secrets = secretsIn(posted?.text ?? '', tokenPrefix);
    const author = posted?.user;
    if (!secrets.length || !author) return;
    const location = slackLeakLocation(message.channel, posted?.ts ?? message.ts);
    let leaked = 0;
    let applied = 0; // by this report: a secret reported before was handled (and told) then
    for (const secret of secrets) {
      const digests = deps.leaks.digestsOf(secret);
      const outcome = digests
        ? await deps.leaks.reportOutcome(digests, { reporter: 'slack', location, origin: 'message' })
        : { label: 'false_positive' as const, applied: false };
      deps.metrics.leakReports.inc({ source: 'slack', label: outcome.label });
      if (outcome.label === 'true_positive') leaked++;
      if (outcome.applied) applied++;
    }
    deps.logger.warn(
      { channel: message.channel, userId: author, leaked: leaked > 0 },
      'a tokenops secret was posted in a Slack conversation',
    );
    if (!leaked) return;
    const t = await deps.locales.translatorFor(author);
    const known = leaked - applied;
    await client.chat.postEphemeral({
      channel: message.channel,
      user: author,
      text: t('leak.postedInSlack', {
        count: leaked,
        done: applied ? t(`leak.postedAction.${deps.leaks.action}`, { count: applied, of: leaked }) : '',
        before: known ? t('leak.postedAction.known', { count: known, of: leaked }) : '',
      }),
    });
  });
}
