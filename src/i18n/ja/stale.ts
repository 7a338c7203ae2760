// Japanese messages of the weekly unused-token digest (STALE_TOKEN_DAYS).
import type { CatalogOf } from '../catalog.js';
import type { staleEn } from '../en/stale.js';

export const staleJa: CatalogOf<typeof staleEn> = {
  'stale.notice': (p) =>
    `:zzz: 「${p.label}」（\`${p.id}\`、${p.owner}）は${p.used ? ` ${p.days} 日以上使われていません（最終使用：${p.used}）` : `作成から ${p.days} 日以上、一度も使われていません`}。不要であれば取り消してください（承認が必要な場合は取り消し申請になります）。`,
  'stale.line': (p) => `• 「${p.label}」（\`${p.id}\`、${p.used ? `最終使用：${p.used}` : '未使用'}）`,
  'stale.revoke': '取り消し',
  'stale.keep': '引き続き使用',
  'stale.kept': (p) =>
    `「${p.label}」（\`${p.id}\`）はそのまま使えます。${p.next} までは未使用のトークンとして通知しません。`,
};
