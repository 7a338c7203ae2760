// English messages of the weekly unused-token digest (STALE_TOKEN_DAYS), spread into en/index.ts.
export const staleEn = {
  'stale.notice': (p: { label: string; id: string; owner: string; used?: string; days: number }) =>
    `:zzz: *${p.label}* (\`${p.id}\`, ${p.owner}) has not been used for ${p.days} days or more (${p.used ? `last used ${p.used}` : 'never used'}). If nothing needs it, revoke it (where revocations need approval, this asks for it).`,
  'stale.line': (p: { label: string; id: string; used?: string }) =>
    `• *${p.label}* (\`${p.id}\`): ${p.used ? `last used ${p.used}` : 'never used'}.`,
  /** Unused, but called: its policy (address, scopes, rate) refused verifications in the last 30 days. */
  'stale.noticeRefused': (p: { label: string; id: string; owner: string; days: number; count: number }) =>
    `:warning: *${p.label}* (\`${p.id}\`, ${p.owner}) has had no accepted verification for ${p.days} days or more, yet its policy refused ${p.count.toLocaleString('en-US')} verification${p.count === 1 ? '' : 's'} of it in the last 30 days: something still calls it with this secret. \`/token show ${p.id}\` shows the answers and the client addresses. Fix its allowed IPs, scopes or rate limit with \`/token edit ${p.id}\`, or revoke it if nothing should call it (where revocations need approval, this asks for it).`,
  'stale.lineRefused': (p: { label: string; id: string; count: number }) =>
    `• *${p.label}* (\`${p.id}\`): no accepted verification; ${p.count.toLocaleString('en-US')} refused in the last 30 days.`,
  'stale.revoke': 'Revoke',
  'stale.keep': 'Keep it',
  'stale.kept': (p: { label: string; id: string; next: string }) =>
    `*${p.label}* (\`${p.id}\`) stays. It is not listed as unused again before ${p.next}.`,
  /** Another admin's copy, once `who` (a mention, or a management key) kept the token. */
  'stale.keptBy': (p: { label: string; id: string; who: string; next: string }) =>
    `*${p.label}* (\`${p.id}\`) was kept by ${p.who}: it is not listed as unused again before ${p.next}.`,
  /** A digest's footer when it lists unused tokens. */
  'stale.hint': (p: { days: number }) =>
    `Unused tokens: *Keep it* leaves a token out of these lists for at least ${p.days} days; one you neither keep nor revoke is listed again next week. \`/token list unused:${p.days}d status:enabled\` lists every token of yours unused that long.`,
  /** …and when some of them are lines without buttons (a message holds 50 blocks). */
  'stale.rest':
    'Revoke any unused token listed without buttons with `/token revoke &lt;id&gt;` (where revocations need approval, this asks for it).',
};
