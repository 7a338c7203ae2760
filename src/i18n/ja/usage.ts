// Japanese messages: usage figures and verification refusals told to a token's people.
import type { CatalogOf } from '../catalog.js';
import type { usageEn } from '../en/usage.js';

/** 拒否のお知らせは、FORBIDDEN と RATE_LIMITED を合わせてトークンごとに 1 時間に 1 回まで（jobs/refusalNotices.ts）。 */
const ONCE_AN_HOUR =
  'このトークンの FORBIDDEN と RATE_LIMITED による拒否のお知らせは、合わせて 1 時間に 1 回までお送りします。';

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
  'usage.address': (p) => `\`${p.ip}\`（最終確認：${p.seen}、初回確認：${p.first}）`,
  'refused.forbidden': (p) =>
    `「${p.label}」（\`${p.id}\`）の検証が FORBIDDEN で拒否されました。呼び出し元アドレスが送られていないか正しくない呼び出し、または許可する IP に含まれないアドレスからの呼び出しです。アドレスが送られていないか正しくない場合は、トークンを検証する API から、エンドクライアントのアドレスを毎回 \`ip\` として送る必要があります。お使いのアドレスが許可する IP に含まれていない場合は、\`/token edit ${p.id}\` で追加してください。心当たりのないアドレスであれば、第三者がシークレットを持っている可能性があります。${ONCE_AN_HOUR}`,
  'refused.rateLimited': (p) =>
    `「${p.label}」（\`${p.id}\`）の検証が RATE_LIMITED で拒否されました。レート制限${p.limit ? `（${p.limit}）` : ''}を超えて呼び出されています。想定どおりの呼び出し量であれば、\`/token edit ${p.id}\` で制限を引き上げてください。${ONCE_AN_HOUR}`,
};
