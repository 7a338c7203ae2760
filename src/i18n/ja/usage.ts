// Japanese messages: usage figures and verification refusals told to a token's people.
import type { CatalogOf } from '../catalog.js';
import { joined } from './phrases.js';
import type { usageEn } from '../en/usage.js';

/** 拒否のお知らせは、FORBIDDEN と RATE_LIMITED を合わせてトークンごとに 1 時間に 1 回まで（jobs/refusalNotices.ts）。 */
const ONCE_AN_HOUR =
  'このトークンの FORBIDDEN と RATE_LIMITED による拒否のお知らせは、合わせて 1 時間に 1 回までお送りします。';

export const usageJa: CatalogOf<typeof usageEn> = {
  'usage.title': '使用状況',
  'usage.recent': (p) => `${p.since} 以降`,
  'usage.last30d': '過去 30 日間',
  'usage.counts': (p) =>
    p.total
      ? `検証 ${Number(p.total).toLocaleString('ja-JP')} 回（${p.codes.map(([code, n]) => `${code} ${n.toLocaleString('ja-JP')} 回`).join('、')}）`
      : '検証はありません',
  'usage.chart': '日別の検証回数（過去 30 日間、UTC）',
  'usage.addresses': '最近の呼び出し元アドレス',
  'usage.address': (p) => `\`${p.ip}\`（最終アクセス：${p.seen}、初回アクセス：${p.first}）`,
  'refused.forbidden': (p) =>
    `「${p.label}」（\`${p.id}\`）の検証が FORBIDDEN で拒否されました。原因は、呼び出し元アドレスが送信されていない（または正しくない）か、許可する IP 以外のアドレスからの呼び出しです。アドレスが送信されていない（または正しくない）場合は、トークンを検証する API から、実際の呼び出し元のアドレスを毎回 \`ip\` として送信する必要があります。お使いのアドレスが「許可する IP」に含まれていない場合は、${p.admin ? `\`/token edit ${p.id}\` で追加してください` : joined(p.admins, 'に追加を依頼してください')}。心当たりのないアドレスであれば、第三者がシークレットを持っている可能性があります。${ONCE_AN_HOUR}`,
  'refused.rateLimited': (p) =>
    `「${p.label}」（\`${p.id}\`）の検証が RATE_LIMITED で拒否されました。呼び出しがレート制限${p.limit ? `（${p.limit}）` : ''}に達しました。想定どおりの呼び出し量であれば、${p.admin ? `\`/token edit ${p.id}\` で制限を引き上げてください` : joined(p.admins, 'に制限の引き上げを依頼してください')}。${ONCE_AN_HOUR}`,
};
