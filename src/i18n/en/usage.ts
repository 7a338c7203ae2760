// English messages: usage figures and verification refusals told to a token's people.

/** Refusal DMs come once per token an hour, FORBIDDEN and RATE_LIMITED together (jobs/refusalNotices.ts). */
const ONCE_AN_HOUR =
  '(You get one such message an hour at most for this token, about whichever refusal, FORBIDDEN or RATE_LIMITED, came first.)';

export const usageEn = {
  'usage.title': 'Usage',
  /** The recent counts are hourly: they begin at an hour's start, 23 to 24 hours ago. */
  'usage.recent': (p: { since: string }) => `Since ${p.since}`,
  'usage.last30d': 'Last 30 days',
  'usage.counts': (p: { total: number; codes: Array<[code: string, count: number]> }) =>
    p.total
      ? `${p.total.toLocaleString('en-US')} verification${p.total === 1 ? '' : 's'} (${p.codes.map(([code, n]) => `${code} ${n.toLocaleString('en-US')}`).join('; ')})`
      : 'No verifications',
  'usage.chart': 'Per day, last 30 days (UTC)',
  'usage.addresses': 'Last client addresses',
  'usage.address': (p: { ip: string; first: string; seen: string }) =>
    `\`${p.ip}\` last seen ${p.seen}, first seen ${p.first}`,
  /** `admin`: whether the contact may edit the token; `admins`: who may, when not ("an admin of …"). */
  'refused.forbidden': (p: { label: string; id: string; admin: boolean; admins: string }) =>
    `Verification refused *${p.label}* (\`${p.id}\`) as FORBIDDEN: a call came with no valid client address, or from an address outside its allowed IPs. If no address (or an invalid one) was sent, the API that checks the token must send its end client's address as \`ip\` with each verification. If the address is yours but not on the list, ${p.admin ? `add it with \`/token edit ${p.id}\`` : `ask ${p.admins} to add it`}; if it is not yours, someone else may hold the secret. ${ONCE_AN_HOUR}`,
  'refused.rateLimited': (p: { label: string; id: string; limit?: string; admin: boolean; admins: string }) =>
    `Verification refused *${p.label}* (\`${p.id}\`) as RATE_LIMITED: calls reached its rate limit${p.limit ? ` of ${p.limit}` : ''}. ${p.admin ? `Raise the limit with \`/token edit ${p.id}\`` : `Ask ${p.admins} to raise the limit`} if the traffic is expected. ${ONCE_AN_HOUR}`,
};
