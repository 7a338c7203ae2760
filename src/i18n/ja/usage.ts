// Japanese messages: usage figures and verification refusals told to a token's people.
import type { CatalogOf } from '../catalog.js';
import type { usageEn } from '../en/usage.js';

export const usageJa: CatalogOf<typeof usageEn> = {
  'usage.title': '使用状況',
  'usage.last24h': '過去 24 時間',
  'usage.last30d': '過去 30 日間',
  'usage.counts': (p) =>
    p.total
      ? `検証 ${Number(p.total).toLocaleString('ja-JP')} 回（${p.codes.map(([code, n]) => `${code} ${n.toLocaleString('ja-JP')} 回`).join('、')}）`
      : '検証はありません',
  'usage.chart': '日別の検証回数（過去 30 日間、UTC）',
  'usage.addresses': '最近の呼び出し元アドレス',
  'usage.address': (p) => `\`${p.ip}\`（最終使用：${p.seen}）`,
  'refused.forbidden': (p) =>
    `「${p.label}」（\`${p.id}\`）の検証が FORBIDDEN で拒否されました。許可する IP に含まれないアドレスから呼び出されています。正当な呼び出し元のアドレスであれば、\`/token edit ${p.id}\` で追加してください。心当たりがなければ、第三者がシークレットを持っている可能性があります。このお知らせは、同じトークンについて 1 時間に 1 回まで送信されます。`,
  'refused.rateLimited': (p) =>
    `「${p.label}」（\`${p.id}\`）の検証が RATE_LIMITED で拒否されました。レート制限${p.limit ? `（${p.limit}）` : ''}を超えて呼び出されています。想定どおりの呼び出し量であれば、\`/token edit ${p.id}\` で制限を引き上げてください。このお知らせは、同じトークンについて 1 時間に 1 回まで送信されます。`,
};
