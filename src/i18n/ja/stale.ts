// Japanese messages of the weekly unused-token digest (STALE_TOKEN_DAYS).
import type { CatalogOf } from '../catalog.js';
import type { staleEn } from '../en/stale.js';

export const staleJa: CatalogOf<typeof staleEn> = {
  'stale.notice': (p) =>
    `:zzz: 「${p.label}」（\`${p.id}\`、${p.owner}）は ${p.days} 日以上使われていません（最終使用：${p.used ?? '未使用'}）。不要であれば、取り消しを申請してください。`,
  'stale.line': (p) => `• 「${p.label}」（\`${p.id}\`）最終使用：${p.used ?? '未使用'}`,
  'stale.revoke': '取り消しを申請',
  'stale.keep': '使い続ける',
  'stale.kept': (p) =>
    `「${p.label}」（\`${p.id}\`）はそのまま使えます。${p.next} までは未使用のトークンとして通知しません。`,
};
