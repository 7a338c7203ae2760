// Japanese messages: the token list and its filters.
import type { CatalogOf } from '../catalog.js';
import type { listEn } from '../en/list.js';
import { WIDE_SPACE } from './phrases.js';

export const listJa: CatalogOf<typeof listEn> = {
  'list.actions': '操作',
  'list.heading': (p) => {
    const filter = p.filter ? `${WIDE_SPACE}条件：${p.filter}` : '';
    if (p.total === 1) return `トークン一覧（1 件）${filter}`;
    if (p.total !== undefined && p.from === 1) return `トークン一覧（全 ${p.total} 件、新しい順）${filter}`;
    const which = `${p.from === p.to ? p.from : `${p.from}〜${p.to}`} 件目`;
    return `トークン一覧（${p.total === undefined ? '' : `全 ${p.total} 件中 `}${which}、新しい順）${filter}`;
  },
  'list.empty': (p) =>
    p.filter ? `条件に一致するトークンはありません。${WIDE_SPACE}条件：${p.filter}` : 'トークンはまだありません。',
  'list.words': (p) => `トークン名に${p.words.map((word) => `「${word}」`).join('と')}を含む`,
  'list.withStatus': (p) => `状態が${p.status}`,
  'list.scopeCount': (p) => `スコープ ${p.count} 件`,
  'list.noRole':
    '管理している組織・ドメインがないため、表示できるトークンはありません。主担当者になっているトークンは、アプリの「ホーム」タブで確認でき、延長を申請できます。リマインダーでもお知らせします。トークンが必要な場合は、`/token request` で発行を申請してください。',
  'list.badFilter': (p) =>
    `\`${p.part}\` は使える絞り込み条件ではありません。条件は \`status:enabled|disabled|revoked|expired\`・\`created:7d|30d|older\`・\`unused:&lt;days&gt;d\`（1〜9999 日）・\`org:&lt;slug&gt;\`・\`domain:&lt;name&gt;\` です。それ以外の語はトークン名で検索します。`,
  'list.lastUsed': (p) => (p.used ? `最終使用：${p.used}` : '未使用'),
  'list.neverValid': '未使用（これまでの検証はすべて拒否されました）',
  'list.unused': (p) => `${p.days} 日以上未使用`,
  'list.pastEnd': '一覧が短くなったため、このページにはトークンがありません。「前へ」で戻ってください。',
  'list.previous': '前へ',
  'list.next': '次へ',
  'list.anyStatus': 'すべての状態',
  'list.anyTime': 'すべての作成日',
  'list.created.7d': '過去 7 日以内に作成',
  'list.created.30d': '過去 30 日以内に作成',
  'list.created.older': '30 日以上前に作成',
  'list.search': '検索',
  'list.searchLabel': 'トークン名に含まれる語',
  'list.stale': 'この一覧は古くなっています。もう一度 `/token list` を実行してください。',
  'list.withoutControls':
    'tokenops が Redis に接続できないため、絞り込みとページ送りは現在使えません。1 分ほどしてから `/token list` をもう一度実行してください。',
};
