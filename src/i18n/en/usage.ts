// English messages: usage figures and verification refusals told to a token's people.

export const usageEn = {
  'usage.title': 'Usage',
  'usage.last24h': 'Last 24 hours',
  'usage.last30d': 'Last 30 days',
  'usage.counts': (p: { total: number; codes: Array<[code: string, count: number]> }) =>
    p.total
      ? `${p.total.toLocaleString('en-US')} verifications (${p.codes.map(([code, n]) => `${code} ${n.toLocaleString('en-US')}`).join('; ')})`
      : 'No verifications',
  'usage.chart': 'Per day, last 30 days (UTC)',
  'usage.addresses': 'Last client addresses',
  'usage.address': (p: { ip: string; seen: string }) => `\`${p.ip}\` last seen ${p.seen}`,
  'refused.forbidden': (p: { label: string; id: string }) =>
    `Verification refused *${p.label}* (\`${p.id}\`) as FORBIDDEN: a call came from an address outside its allowed IPs. If that address is yours, add it with \`/token edit ${p.id}\`; if not, someone else may hold the secret. (You hear about this once an hour at most.)`,
  'refused.rateLimited': (p: { label: string; id: string; limit?: string }) =>
    `Verification refused *${p.label}* (\`${p.id}\`) as RATE_LIMITED: it was called more often than its rate limit${p.limit ? ` of ${p.limit}` : ''}. Raise the limit with \`/token edit ${p.id}\` if the traffic is expected. (You hear about this once an hour at most.)`,
};
