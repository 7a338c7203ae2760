// Japanese messages: token fields, states and the small words other messages are built from.
import type { CatalogOf } from '../catalog.js';
import type { tokensEn } from '../en/tokens.js';
import { joined, WIDE_SPACE } from './phrases.js';

export const tokensJa: CatalogOf<typeof tokensEn> = {
  'field.owner': '所有者',
  'field.label': 'トークン名',
  'field.description': '説明',
  'field.api_version': 'API バージョン',
  'field.primary_contact': '主担当者',
  'field.developer_emails': '開発者のメールアドレス',
  'field.scopes': 'スコープ',
  'field.expiry': '有効期間',
  'field.expiry_date': '有効期限（日付で指定）',
  'field.status': '状態',
  'field.created': '作成日時',
  'field.last_used': '最終使用日時',
  'field.expires': '有効期限',
  'field.id': 'ID',
  'field.allowed_ips': '許可する IP',
  'field.rate_limit': 'レート制限',
  'value.any_address': 'すべてのアドレス',
  'value.no_limit': '制限なし',
  'value.rate': (p) =>
    `${{ s: '1 秒', min: '1 分', h: '1 時間', day: '1 日' }[p.per]}あたり ${p.count.toLocaleString('ja-JP')} 回`,
  'status.enabled': '有効',
  'status.disabled': '無効',
  'status.revoked': '取り消し済み',
  'status.expired': '期限切れ',
  'expiry.never': '無期限',
  'expiry.days': (p) => `${p.days} 日間`,
  'date.utc': (p) =>
    `${p.date.getUTCFullYear()}年${p.date.getUTCMonth() + 1}月${p.date.getUTCDate()}日 ${String(p.date.getUTCHours()).padStart(2, '0')}:${String(p.date.getUTCMinutes()).padStart(2, '0')}（UTC）`,
  'text.pair': (p) => `${p.label}：${p.value}`,
  'text.aside': (p) => `${p.text}（${p.aside}）`,
  'text.list': (p) => p.items.join('、'),
  'text.segments': (p) => p.items.join('｜'),
  'text.lead': (p) => `${p.head}${WIDE_SPACE}${p.rest}`,
  'text.sentences': (p) => p.items.join(''),
  'text.clauses': (p) => p.items.join('。'),
  'date.endOfDay': (p) => {
    const [year, month, day] = p.day.split('-').map(Number);
    return `${year}年${month}月${day}日まで（UTC）`;
  },
  'value.never_used': '未使用',
  'value.never_valid': '未使用（これまでの検証はすべて拒否されました）',
  'value.none': 'なし',
  'owner.organization': (p) => `組織 ${p.slug}`,
  'owner.domain': (p) => `ドメイン ${p.name}`,
  'owner.admin': (p) => joined(p.owner, 'の管理者'),
  'owner.admins': (p) => joined(p.owner, 'の管理者全員'),
};
