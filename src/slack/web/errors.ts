// Reading Slack's failures: the error code of a failed call, which ones no retry fixes, and which
// may have been carried out all the same.
import {
  ErrorCode,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';

/** Slack's error code for a failed call (`user_not_found`, `ratelimited`, `http_500`…; a call
 *  without Slack's answer: `timeout`, `http_502`, or the connection's error code). */
export function slackError(error: unknown): string {
  const e = error as { data?: { error?: string }; code?: string; statusCode?: number; original?: unknown };
  if (e.code === ErrorCode.RequestError) return unanswered(e.original);
  return e.data?.error ?? (e.statusCode ? `http_${e.statusCode}` : (e.code ?? 'unknown_error'));
}

function unanswered(original: unknown): string {
  const o = original as { name?: string; statusCode?: number; cause?: { code?: string } } | undefined;
  if (o?.statusCode) return `http_${o.statusCode}`;
  if (o?.name === 'TimeoutError') return 'timeout';
  return o?.cause?.code ?? 'no_answer';
}

const PERMANENT = new Set([
  'user_not_found',
  'user_disabled',
  'account_inactive',
  'channel_not_found',
  'cannot_dm_bot',
  'not_allowed_token_type',
  'missing_scope',
  'invalid_users',
  'user_not_visible',
]);

/** Slack errors that no retry will fix. */
export const isPermanentSlackError = (error: unknown) => PERMANENT.has(slackError(error));

/** What an admin must do about a configuration error of the Slack app (missing_scope tells which scope). */
export function slackSetupHint(error: unknown): string | undefined {
  const code = slackError(error);
  const needed = (error as { data?: { needed?: string } }).data?.needed;
  if (code === 'missing_scope')
    return `the Slack app lacks the ${needed ?? 'required'} scope: add it under oauth_config.scopes.bot in manifest.yml (or the app's OAuth & Permissions page) and reinstall the app`;
  if (code === 'not_allowed_token_type') return 'SLACK_BOT_TOKEN must be the bot token (xoxb-…) of the app';
  return undefined;
}

/** Request errors before Slack could have read anything. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Slack's word that it failed midway: "some aspect of the operation may have succeeded". */
const PARTLY_DONE = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** Whether a failed call may have been carried out all the same: no answer (a timeout, a
 *  connection cut on the way back, an answer that could not be read), a 5xx, or Slack saying it
 *  failed midway. false when Slack refused it or it never left. */
export function mayHaveReachedSlack(error: unknown): boolean {
  if (error instanceof WebAPIRequestError) {
    const cause = (error.original as { cause?: { code?: string } }).cause;
    return !NOT_SENT.has(cause?.code ?? '');
  }
  if (error instanceof WebAPIPlatformError) return PARTLY_DONE.has(error.data.error);
  if (error instanceof WebAPIHTTPError) return error.statusCode >= 500;
  return !(error instanceof WebAPIRateLimitedError);
}
