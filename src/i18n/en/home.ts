// English messages: App Home.

export const homeEn = {
  'home.title': 'Your API tokens',
  'home.listAll': 'List all tokens',
  'home.expiring': 'Expiring within 30 days',
  'home.disabled': 'Disabled',
  'home.usage': 'Use of your newest tokens, per day over the last 30 days (UTC)',
  'home.none': 'None.',
  'home.usageTotal': (p: { count: number }) =>
    `${p.count.toLocaleString('en-US')} verification${p.count === 1 ? '' : 's'} in 30 days`,
  'home.more': '… and more: use `/token list`.',
  /** Requests beyond those shown, all waiting for the reader's decision. */
  'home.moreWaiting': (p: { count: number }) => `… and ${p.count} more waiting.`,
  /** Tokens the person is the primary contact of and administers nothing of: they may ask to extend them. */
  'home.contactOf': 'Tokens you are the primary contact of',
  'home.contactMore': '… and more, expiring later or never.',
  'home.listSent': 'Your tokens are in your direct messages with tokenops.',
  /** `user`: the requester as text; `channel`: where the request was posted, if it was. */
  'home.pendingItem': (p: { label: string; id: string; user: string; reason: string; channel?: string }) =>
    `• *${p.label}* (\`${p.id}\`), asked by ${p.user}${p.channel ? ` in <#${p.channel}>` : ''}: ${p.reason}`,
};
