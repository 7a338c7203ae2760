// English messages: the token list and its filters.

export const listEn = {
  'list.actions': 'Actions',
  /** `total`: known once the last page is reached (a page's place is counted, the rest is not). */
  'list.heading': (p: { from: number; to: number; total?: number; filter?: string }) => {
    const filter = p.filter ? ` (filter: ${p.filter})` : '';
    if (p.total === 1) return `Your only token${filter}:`;
    if (p.total !== undefined && p.from === 1) return `Your ${p.total} tokens, newest first${filter}:`;
    const which = p.from === p.to ? `token ${p.from}` : `tokens ${p.from}–${p.to}`;
    return `Your ${which}${p.total === undefined ? '' : ` of ${p.total}`}, newest first${filter}:`;
  },
  'list.empty': (p: { filter?: string }) =>
    p.filter ? `No tokens match the filter (${p.filter}).` : 'There are no tokens yet.',
  'list.words': (p: { words: string[] }) => `name contains ${p.words.map((word) => `“${word}”`).join(' and ')}`,
  'list.withStatus': (p: { status: string }) => p.status,
  'list.scopeCount': (p: { count: number }) => `${p.count} scope${p.count === 1 ? '' : 's'}`,
  'list.noRole':
    'You do not administer any organization or domain, so there are no tokens for you to list. Tokens you are the primary contact of are on tokenops’ Home tab, where you can ask to extend them, and come to you as reminders; to get a token of your own, ask for one with `/token request`.',
  'list.badFilter': (p: { part: string }) =>
    `\`${p.part}\` is not a filter I know. Filters: \`status:enabled|disabled|revoked|expired\`, \`created:7d|30d|older\`, \`unused:&lt;days&gt;d\` (1 to 9999 days), \`org:&lt;slug&gt;\`, \`domain:&lt;name&gt;\`; other words search token names.`,
  'list.lastUsed': (p: { used?: string }) => (p.used ? `Last used ${p.used}` : 'Never used'),
  'list.neverValid': 'Never used: every verification was refused',
  'list.unused': (p: { days: number }) => `Unused for ${p.days} days or more`,
  /** A page past the list's end: tokens on it went since it was shown (revoked, deleted, filtered out). */
  'list.pastEnd': 'No tokens on this page any more: the list got shorter. Go back with Previous.',
  'list.previous': 'Previous',
  'list.next': 'Next',
  'list.anyStatus': 'Any status',
  'list.anyTime': 'Created any time',
  'list.created.7d': 'Created in the last 7 days',
  'list.created.30d': 'Created in the last 30 days',
  'list.created.older': 'Created over 30 days ago',
  'list.search': 'Search',
  'list.searchLabel': 'Words in the token name',
  'list.stale': 'This list is out of date. Run `/token list` again.',
  'list.withoutControls':
    'Filters and pages are unavailable for a moment (tokenops cannot reach Redis). Run `/token list` again in a minute to use them.',
};
