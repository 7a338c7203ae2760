// Japanese messages of the weekly unused-token digest (STALE_TOKEN_DAYS).
import type { CatalogOf } from '../catalog.js';
import type { staleEn } from '../en/stale.js';

export const staleJa: CatalogOf<typeof staleEn> = {
  'stale.notice': (p) =>
    `:zzz: 「${p.label}」（\`${p.id}\`、${p.owner}）は${p.used ? ` ${p.days} 日以上使われていません（最終使用：${p.used}）` : `作成から ${p.days} 日以上、一度も使われていません`}。不要であれば取り消してください（承認が必要な場合は取り消し申請になります）。`,
  'stale.line': (p) => `• 「${p.label}」（\`${p.id}\`、${p.used ? `最終使用：${p.used}` : '未使用'}）`,
  'stale.noticeRefused': (p) =>
    `:warning: 「${p.label}」（\`${p.id}\`、${p.owner}）は ${p.days} 日以上、受け付けられた検証がありませんが、過去 30 日間に、許可する IP・スコープ・レート制限の設定により ${p.count.toLocaleString('ja-JP')} 回の検証が拒否されています。このシークレットを使った呼び出しが今も続いています。\`/token show ${p.id}\` で検証結果の内訳と呼び出し元アドレスを確認できます。\`/token edit ${p.id}\` で許可する IP・スコープ・レート制限を直すか、呼び出しが不要であれば取り消してください（承認が必要な場合は取り消し申請になります）。`,
  'stale.lineRefused': (p) =>
    `• 「${p.label}」（\`${p.id}\`、受け付けられた検証なし、過去 30 日間の拒否 ${p.count.toLocaleString('ja-JP')} 回）`,
  'stale.revoke': '取り消し',
  'stale.keep': '引き続き使用',
  'stale.kept': (p) =>
    `「${p.label}」（\`${p.id}\`）はそのまま使えます。${p.next} までは未使用のトークンとして通知しません。`,
  'stale.keptBy': (p) =>
    `「${p.label}」（\`${p.id}\`）は引き続き使用することになりました（対応者：${p.who}）。${p.next} までは未使用のトークンとして通知しません。`,
  'stale.hint': (p) =>
    `未使用のトークン：「引き続き使用」を選んだトークンは、少なくとも ${p.days} 日間は未使用のトークンとして通知しません。「取り消し」も「引き続き使用」も選ばなかったトークンは、来週また通知します。\`/token list unused:${p.days}d status:enabled\` で、${p.days} 日以上使われていないトークンをすべて表示できます。`,
  'stale.rest':
    'ボタンのない未使用のトークンは、`/token revoke &lt;id&gt;` で取り消せます（承認が必要な場合は取り消し申請になります）。',
};
