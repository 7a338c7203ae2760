// The report_leak message shortcut: anyone who sees a tokenops secret in a message reports it.
// After a confirmation, each secret is handled as a leak reported from Slack (LEAK_ACTION, the
// audit, the owners' notices), and the reporter is told. The message's text is read here and
// nowhere else: the confirmation carries the secrets' digests, nothing is stored or logged.
import type { App } from '@slack/bolt';
import { secretsIn } from '../../../domain/leaks.js';
import type { SlackContext } from '../../context.js';
import type { SlackDeps } from '../../deps.js';
import { slackLeakLocation } from '../../../domain/leaks.js';
import { REPORT_LEAK_CALLBACK_ID, reportLeakModal, type ReportLeakMetadata } from '../../views/reportLeak.js';

/** More than this many secrets in one message: the first ones (the confirmation's size is bounded). */
const MAX_SECRETS = 10;

type Shortcut = {
  response_url: string;
  trigger_id: string;
  channel: { id: string };
  message: { ts: string; text?: string; blocks?: unknown; attachments?: unknown };
};

function metadataOf(raw: string | undefined): ReportLeakMetadata | undefined {
  try {
    const parsed = JSON.parse(raw ?? '') as ReportLeakMetadata;
    const digests =
      Array.isArray(parsed.digests) &&
      parsed.digests.every((d) => Array.isArray(d) && d.every((x) => typeof x === 'string'));
    return digests && typeof parsed.channel === 'string' && typeof parsed.ts === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function registerReportLeak(app: App<SlackContext>, deps: SlackDeps): void {
  app.shortcut(
    { callback_id: REPORT_LEAK_CALLBACK_ID, type: 'message_action' },
    async ({ ack, shortcut, client, context }) => {
      await ack();
      const { message, channel, response_url: responseUrl, trigger_id: triggerId } = shortcut as unknown as Shortcut;
      // The text, and what Slack shows besides it (blocks, attachments): a secret may be in either.
      const shown = `${message.text ?? ''}\n${JSON.stringify([message.blocks ?? [], message.attachments ?? []])}`;
      const digests = secretsIn(shown, deps.tokenPrefix)
        .slice(0, MAX_SECRETS)
        .map((secret) => deps.leaks.digestsOf(secret))
        .filter((d): d is string[] => Boolean(d?.length));
      if (!digests.length) {
        await deps.responseUrls.post(responseUrl, { response_type: 'ephemeral', text: context.t('reportLeak.none') });
        return;
      }
      const metadata: ReportLeakMetadata = { channel: channel.id, ts: message.ts, responseUrl, digests };
      await client.views.open({ trigger_id: triggerId, view: reportLeakModal(context.t, deps.leaks.action, metadata) });
    },
  );

  app.view(REPORT_LEAK_CALLBACK_ID, async ({ ack, view, context }) => {
    await ack();
    const metadata = metadataOf(view.private_metadata);
    if (!metadata) return;
    const location = slackLeakLocation(metadata.channel, metadata.ts);
    let leaked = 0;
    let applied = 0; // by this report: a secret reported before was handled (and told) then
    for (const digests of metadata.digests) {
      const { label, applied: now } = await deps.leaks.reportOutcome(digests, {
        reporter: 'slack',
        location,
        origin: 'report_leak',
      });
      deps.metrics.leakReports.inc({ source: 'slack', label });
      if (label === 'true_positive') leaked += 1;
      if (now) applied += 1;
    }
    deps.logger.warn(
      { channel: metadata.channel, userId: context.actor.userId, leaked },
      'tokenops secrets in a Slack message were reported as leaked',
    );
    const { t } = context;
    const text = !leaked
      ? t('reportLeak.nothingWorks')
      : applied
        ? t('reportLeak.done', {
            count: applied,
            action: t(`reportLeak.did.${deps.leaks.action}`),
            reportedBefore: leaked - applied,
          })
        : t('reportLeak.doneKnown', { count: leaked });
    await deps.responseUrls.post(metadata.responseUrl, { response_type: 'ephemeral', text });
  });
}
