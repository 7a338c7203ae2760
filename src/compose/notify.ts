// Outbound messages (src/notify). Who people are is one cache in Redis, read by two kinds of
// caller: the worker, at Slack's pace, on a client that rejects 429s so that it pauses its
// queue instead; and people waiting for an answer, on the request path's store, unpaced.
import type { WebClient } from '@slack/web-api';
import type { Config } from '../config/env.js';
import { HOUR_MS } from '../domain/time.js';
import type { Mailer } from '../email/mailer.js';
import type { Notifier } from '../notify/deliveries.js';
import { Pacer } from '../notify/pacer.js';
import { People } from '../notify/people.js';
import { SlackMessages } from '../notify/slackMessages.js';
import type { Logger } from '../observability/logger.js';
import { createAskedCopyStore } from '../store/askedCopyStore.js';
import type { Connections } from './connections.js';

type Clients = {
  /** The worker's: rejects rate-limited calls. */
  jobClient: WebClient;
  /** For people waiting on an answer. */
  slackClient: WebClient;
};

export function openNotify(
  config: Config,
  { shortLived, requestStore, prisma }: Connections,
  log: Notifier['log'],
  { jobClient, slackClient }: Clients,
  mailer: Mailer | undefined,
  logger: Logger,
) {
  const workerPacer = new Pacer(shortLived, config.slack.rateScale);
  // Copies of questions: recorded where they are sent (a job's DM, a form's answer by DM), found
  // where they are rewritten (a job).
  const copies = createAskedCopyStore(prisma);
  const notifier: Notifier = {
    log,
    slack: new SlackMessages(
      jobClient,
      shortLived,
      workerPacer,
      new People(jobClient, shortLived, logger, { pacer: workerPacer }),
      copies,
    ),
    mailer,
    logger,
    workspaceAdmins: config.adminUserIds,
  };
  const people = new People(slackClient, requestStore, logger, { localMs: HOUR_MS });
  const outbox = new SlackMessages(
    slackClient,
    requestStore,
    new Pacer(requestStore, config.slack.rateScale),
    people,
    copies,
  );
  // Primary contacts are checked against the same cache as every instance holds it (no copy in
  // this process, which a deactivation heard elsewhere would not reach), and a form waiting on
  // the check is not held up by a 429 (the check says "unchecked").
  const accounts = new People(jobClient, requestStore, logger);
  return { notifier, people, outbox, accounts };
}
