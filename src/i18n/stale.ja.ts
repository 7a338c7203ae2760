// Japanese messages of the weekly unused-token digest (STALE_TOKEN_DAYS), spread into ja.ts.
import type { staleEn } from './stale.en.js';

type Catalog = { [K in keyof typeof staleEn]: (typeof staleEn)[K] extends (p: infer P) => string ? (p: P) => string : string };

export const staleJa: Catalog = {
  'stale.notice': (p) =>
    `:zzz: 「${p.label}」（\`${p.id}\`、${p.owner}）は ${p.days} 日以上使われていません（最終使用：${p.used ?? '未使用'}）。不要であれば、取り消しを申請してください。`,
  'stale.line': (p) => `• 「${p.label}」（\`${p.id}\`）最終使用：${p.used ?? '未使用'}`,
  'stale.revoke': '取り消しを申請',
  'stale.keep': '使い続ける',
  'stale.kept': (p) => `「${p.label}」（\`${p.id}\`）はそのまま使えます。${p.next} までは未使用のトークンとして通知しません。`,
};
