// Japanese messages: App Home.
import type { CatalogOf } from '../catalog.js';
import type { homeEn } from '../en/home.js';

export const homeJa: CatalogOf<typeof homeEn> = {
  'home.title': 'API トークン',
  'home.listAll': 'すべてのトークンを表示',
  'home.expiring': '30 日以内に有効期限が切れるトークン',
  'home.disabled': '無効化されたトークン',
  'home.usage': '最近作成されたトークンの使用状況（日別の検証回数、過去 30 日間、UTC）',
  'home.none': 'ありません。',
  'home.usageTotal': (p) => `30 日間で検証 ${p.count.toLocaleString('ja-JP')} 回`,
  'home.more': '…ほかにもあります。`/token list` で確認できます。',
  'home.moreWaiting': (p) => `…ほかに ${p.count} 件が承認待ちです。`,
  'home.contactOf': 'ご自身が主担当者になっているトークン',
  'home.contactMore': '…ほかにも、有効期限がより先か無期限のトークンがあります。',
  'home.listSent': 'トークンの一覧を tokenops とのダイレクトメッセージに送信しました。',
  'home.pendingItem': (p) =>
    `• 「${p.label}」（\`${p.id}\`、申請者：${p.user}${p.channel ? `、申請先：<#${p.channel}>` : ''}）：${p.reason}`,
};
