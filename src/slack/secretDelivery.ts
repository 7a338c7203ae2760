// A secret is shown once: conversations.open with the user, then chat.postEphemeral into that
// DM. If Slack refuses either, the secret is voided so that nobody holds a live secret that
// nobody saw, and the user is told why without it.
import type { WebClient } from '@slack/web-api';
import type { Actor } from '../domain/permissions.js';
import type { Issued, Reset } from '../domain/tokenService.js';
import type { Translate } from '../i18n/index.js';
import type { SlackDeps } from './deps.js';
import { escape } from './views/text.js';
import { secretMessage } from './views/token.js';

/** Slack's error code for a failed call (`user_not_found`, `ratelimited`, `http_500`…). */
export function slackError(error: unknown): string {
  const e = error as { data?: { error?: string }; code?: string; statusCode?: number };
  return e.data?.error ?? (e.statusCode ? `http_${e.statusCode}` : (e.code ?? 'unknown_error'));
}

export async function deliverOrVoid(options: {
  deps: SlackDeps;
  client: WebClient;
  actor: Actor;
  t: Translate;
  issued: Issued | Reset;
  /** Shown under the secret, such as how long the previous secret keeps working. */
  note?: string;
  /** Tells the user the outcome (never with the secret). */
  notify: (text: string) => Promise<unknown>;
}): Promise<boolean> {
  const { deps, client, actor, t } = options;
  const { issued } = options;
  const name = { label: escape(issued.token.label), id: issued.token.displayId };
  try {
    const im = await client.conversations.open({ users: actor.userId });
    const message = secretMessage(t, issued.token, issued.secret, options.note);
    await client.chat.postEphemeral({ channel: im.channel!.id!, user: actor.userId, ...message });
  } catch (error) {
    const code = slackError(error);
    deps.logger.warn({ err: error, tokenId: issued.token.displayId, slackError: code }, 'secret could not be delivered; voiding it');
    await deps.tokens.voidIssued(actor, issued);
    await options.notify(t('previousSecrets' in issued ? 'secret.undeliveredReset' : 'secret.undelivered', { ...name, error: code }));
    return false;
  }
  await options.notify(t('secret.sent', name));
  return true;
}
