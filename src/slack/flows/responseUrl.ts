// Answers through a response_url, posted only to Slack's own hosts: a payload naming any
// other URL (forged, or a leaked signing secret) must not get token details sent there.
import type { Logger } from '../../observability/logger.js';

export type ResponseUrls = {
  /** Posts `body` to `url` when it is Slack's; false (and a warning) otherwise or on failure. */
  post(url: string | undefined, body: Record<string, unknown>): Promise<boolean>;
};

/** `apiUrl`: SLACK_API_URL, whose origin is trusted too (the emulator, tests). */
export function responseUrls(apiUrl: string | undefined, logger: Logger): ResponseUrls {
  const allowed = new Set(['https://hooks.slack.com', new URL(apiUrl ?? 'https://slack.com/api/').origin]);
  const isSlack = (url: string) => URL.canParse(url) && allowed.has(new URL(url).origin);
  return {
    async post(url, body) {
      if (!url) return false;
      if (!isSlack(url)) {
        logger.warn(
          { host: URL.canParse(url) ? new URL(url).host : 'unparsable' },
          'refused a response_url outside Slack',
        );
        return false;
      }
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).catch((error: unknown) => error);
      if (answer instanceof Response && answer.ok) return true;
      logger.warn(
        { status: answer instanceof Response ? answer.status : String(answer) },
        'could not answer through a response_url',
      );
      return false;
    },
  };
}
