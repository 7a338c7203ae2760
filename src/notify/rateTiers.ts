// Slack's published rate limits for the Web API methods tokenops calls: a tier per method (calls
// per minute per workspace, "with occasional bursts") and chat.postMessage's own rule (about one
// message per second per channel, short bursts allowed). Read by the pacer that spaces our calls
// and by the emulator that enforces them, so that both follow the same published figures.
const PER_MINUTE: Readonly<Record<string, number>> = {
  'chat.postEphemeral': 100, // Tier 4
  'chat.update': 50, // Tier 3
  'chat.getPermalink': 100, // Tier 4
  'conversations.open': 50, // Tier 3
  'conversations.history': 50, // Tier 3
  'users.info': 100, // Tier 4
  'views.open': 100, // Tier 4
  'views.publish': 100, // Tier 4
};
const POST_PER_SECOND = 1;
const POST_BURST = 3;

/** The limit that applies to a call: a key (per method, or per channel for chat.postMessage), how many calls and over how long. */
export function rateRule(
  method: string,
  channel: string | undefined,
): { key: string; limit: number; windowMs: number } | undefined {
  if (method === 'chat.postMessage')
    return { key: `${method}:${channel ?? ''}`, limit: POST_BURST, windowMs: (POST_BURST / POST_PER_SECOND) * 1000 };
  const limit = PER_MINUTE[method];
  return limit ? { key: method, limit, windowMs: 60_000 } : undefined;
}
