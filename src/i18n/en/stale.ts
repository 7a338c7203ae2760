// English messages of the weekly unused-token digest (STALE_TOKEN_DAYS), spread into en/index.ts.
export const staleEn = {
  'stale.notice': (p: { label: string; id: string; owner: string; used?: string; days: number }) =>
    `:zzz: *${p.label}* (\`${p.id}\`, ${p.owner}) has not been used for ${p.days} days or more (${p.used ? `last used ${p.used}` : 'never used'}). If nothing needs it, revoke it (where revocations need approval, this asks for it).`,
  'stale.line': (p: { label: string; id: string; used?: string }) =>
    `• *${p.label}* (\`${p.id}\`): ${p.used ? `last used ${p.used}` : 'never used'}.`,
  'stale.revoke': 'Revoke',
  'stale.keep': 'Keep it',
  'stale.kept': (p: { label: string; id: string; next: string }) =>
    `*${p.label}* (\`${p.id}\`) stays. It is not listed as unused again before ${p.next}.`,
};
