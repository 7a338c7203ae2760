// Reading Slack's failures: the error code of a failed call, and which ones no retry fixes.

/** Slack's error code for a failed call (`user_not_found`, `ratelimited`, `http_500`…). */
export function slackError(error: unknown): string {
  const e = error as { data?: { error?: string }; code?: string; statusCode?: number };
  return e.data?.error ?? (e.statusCode ? `http_${e.statusCode}` : (e.code ?? 'unknown_error'));
}

const PERMANENT = new Set(['user_not_found', 'user_disabled', 'account_inactive', 'channel_not_found', 'cannot_dm_bot', 'not_allowed_token_type', 'invalid_users', 'user_not_visible']);

/** Slack errors that no retry will fix. */
export const isPermanentSlackError = (error: unknown) => PERMANENT.has(slackError(error));
