// Japanese messages: a token's history: what someone did, tried, and why it was refused.
import { didText, reasonIn, type AuditTexts, type AuditWords } from '../words.js';
import type { CatalogOf } from '../catalog.js';
import type { auditEn } from '../en/audit.js';
import { joined, slackError } from './phrases.js';

/** A reason in parentheses: without the final 。 of its sentence. */
const reasonAside = (reason?: string) => (reason ? `（理由：${reason.replace(/。$/, '')}）` : '');

/** A change asked for under an approval policy (取り消し申請, as the history names a revocation request). */
const CHANGE: Record<NonNullable<AuditWords['change']>, string> = {
  revoke: '取り消し',
  reset: 'シークレットのリセット',
  extend: '延長',
};
/** The request an entry acts on: a token's issuance, or a change of it. */
const applied = (p: AuditWords) => (p.change ? `${CHANGE[p.change]}申請` : 'トークンの発行申請');

const did: AuditTexts['did'] = {
  'token.create': 'トークンを作成しました',
  'token.duplicate': (p) =>
    p.source ? `\`${p.source}\` の複製としてトークンを作成しました` : '別のトークンの複製として作成しました',
  'token.view': '詳細を表示しました',
  'token.audit': '操作履歴を表示しました',
  'token.edit': (p) => joined(p.fields ?? '設定', 'を変更しました'), // 「許可する IP を」: a space after half-width text
  'token.reset': (p) =>
    !p.until
      ? 'シークレットをリセットしました（以前のシークレットはただちに停止しました）'
      : p.passed
        ? `シークレットをリセットしました（以前のシークレットは ${p.until} まで使えました）`
        : `シークレットをリセットしました（以前のシークレットは ${p.until} まで使えます）`,
  'token.reset.void': 'リセットを元に戻しました（新しいシークレットが誰にも届かなかったため）',
  'token.void': 'トークンを破棄しました（シークレットが誰にも届かなかったため）',
  'token.upgrade': (p) =>
    p.from && p.to
      ? `API バージョンを ${p.from} から ${p.to} に変更しました`
      : p.to
        ? `API バージョンを ${p.to} に変更しました`
        : 'API バージョンを変更しました',
  'token.extend': (p) =>
    p.until && p.earlier
      ? `有効期限を ${p.until} に早めました`
      : p.until
        ? `有効期限を ${p.until} に延長しました`
        : p.never
          ? '有効期限を無期限に延長しました'
          : '有効期限を延長しました',
  'token.disable': (p) => `トークンを無効化しました${reasonAside(p.reason)}`,
  'token.enable': 'トークンを再び有効化しました',
  'token.revoke': (p) => `トークンを取り消しました${reasonAside(p.reason)}`,
  'token.delete': 'トークンを削除しました',
  'token.review.keep': 'トークンが引き続き必要であることを確認しました',
  'token.stale.keep': '未使用の通知に「引き続き使用」と回答しました',
  'token.leak': (p) =>
    `シークレットの漏えいを記録しました（${p.reporter ? `報告元：${p.reporter}、` : ''}場所：${p.location ?? '不明'}）`,
  'revocation.request': (p) => `取り消しを申請しました${reasonAside(p.reason)}`,
  'revocation.approve': '取り消し申請を承認しました',
  'revocation.reject': (p) => `取り消し申請を却下しました${reasonAside(p.reason)}`,
  'revocation.expire': '期限内に承認・却下されなかった取り消し申請を終了しました',
  'revocation.close': (p) =>
    p.closedBecause === 'deleted'
      ? 'トークンが削除されたため、取り消し申請を終了しました'
      : p.closedBecause === 'revoked'
        ? 'トークンが直接取り消されたため、取り消し申請を終了しました'
        : '取り消し申請を終了しました',
  'revocation.discard': (p) => `投稿できなかった取り消し申請を取り下げました${p.error ? slackError(p.error) : ''}`,
  'tenants.organization.create': (p) =>
    p.organization ? `組織 ${p.organization} を作成しました` : '組織を作成しました',
  'tenants.domain.create': (p) =>
    p.domain && p.organization
      ? `組織 ${p.organization} にドメイン ${p.domain} を作成しました`
      : 'ドメインを作成しました',
  'tenants.grant': (p) => (p.user && p.role ? `${p.user} を${p.role}にしました` : 'ロールを付与しました'),
  'tenants.ungrant': (p) => (p.user && p.role ? `${p.user} を${p.role}から外しました` : 'ロールを外しました'),
  'tenants.roles': 'ロールを表示しました',
  'request.submit': (p) =>
    `${p.change ? `${CHANGE[p.change]}を申請しました` : 'トークンの発行を申請しました'}${reasonAside(p.reason)}`,
  'request.approve': (p) => `${applied(p)}を承認しました`,
  'request.reject': (p) => `${applied(p)}を却下しました${reasonAside(p.reason)}`,
  'request.withdraw': (p) => `${applied(p)}を取り下げました`,
  'request.expire': (p) => `期限内に承認・却下されなかった${applied(p)}を終了しました`,
  'request.escalate': (p) => `期限内に承認・却下されなかった${applied(p)}をエスカレーションしました`,
  'request.close': (p) =>
    p.closedBecause === 'not_posted'
      ? `承認者への投稿に失敗したか、投稿を確認できなかったため、${applied(p)}を終了しました`
      : p.change
        ? `実行できなくなった${applied(p)}を終了しました`
        : '現在の設定では発行できなくなったトークンの発行申請を終了しました',
  'request.fail': (p) =>
    p.change
      ? `承認済みの${applied(p)}を終了しました（${p.undelivered ? '新しいシークレットを届けられず、何も変更されなかったため' : '実行できなかったため'}）`
      : `承認済みのトークンの発行申請を終了しました（${p.undelivered ? 'シークレットを届けられず、発行したトークンを破棄したため' : 'トークンを発行できなかったため'}）`,
  'webhook.add': 'Webhook エンドポイントを追加しました',
  'webhook.remove': 'Webhook エンドポイントを削除しました',
  'webhook.rotate': 'Webhook エンドポイントの署名シークレットを新しいものに切り替えました',
  'webhook.test': 'Webhook エンドポイントにテストイベントを送信しました',
  'webhook.disable': '送信に失敗し続けた Webhook エンドポイントを停止しました',
  'apikey.create': '管理 API キーを作成しました',
  'apikey.void': '管理 API キーを破棄しました（誰にも届かなかったため）',
  'apikey.revoke': '管理 API キーを取り消しました',
  'apikey.leak': '管理 API キーの漏えいを記録しました',
  'audit.purge': '保存期間を過ぎた操作履歴を削除しました',
};

/** A refused operation, as a noun (「…による${noun}は拒否されました」). */
const tried: AuditTexts['tried'] = {
  'token.create': 'トークンの作成',
  'token.duplicate': 'トークンの複製',
  'token.view': '詳細の表示',
  'token.audit': '操作履歴の表示',
  'token.edit': '設定の変更',
  'token.reset': 'シークレットのリセット',
  'token.reset.void': 'リセットを元に戻す操作',
  'token.void': 'トークンの破棄',
  'token.upgrade': 'API バージョンの変更',
  'token.extend': '有効期限の延長',
  'token.disable': 'トークンの無効化',
  'token.enable': 'トークンの有効化',
  'token.revoke': 'トークンの取り消し',
  'token.delete': 'トークンの削除',
  'token.review.keep': '継続使用の確認',
  'token.stale.keep': '未使用トークンの継続使用',
  'token.leak': '漏えいの記録',
  'revocation.request': '取り消し申請',
  'revocation.approve': '取り消し申請の承認',
  'revocation.reject': '取り消し申請の却下',
  'revocation.expire': '取り消し申請の終了',
  'revocation.close': '取り消し申請の終了',
  'revocation.discard': '取り消し申請の取り下げ',
  'tenants.organization.create': '組織の作成',
  'tenants.domain.create': 'ドメインの作成',
  'tenants.grant': 'ロールの付与',
  'tenants.ungrant': 'ロールを外す操作',
  'tenants.roles': 'ロールの表示',
  'request.submit': '申請',
  'request.approve': '申請の承認',
  'request.reject': '申請の却下',
  'request.withdraw': '申請の取り下げ',
  'request.expire': '申請の終了',
  'request.escalate': '申請のエスカレーション',
  'request.close': '申請の終了',
  'request.fail': '申請の終了',
  'webhook.add': 'Webhook エンドポイントの追加',
  'webhook.remove': 'Webhook エンドポイントの削除',
  'webhook.rotate': '署名シークレットの切り替え',
  'webhook.test': 'テストイベントの送信',
  'webhook.disable': 'Webhook エンドポイントの停止',
  'apikey.create': '管理 API キーの作成',
  'apikey.void': '管理 API キーの破棄',
  'apikey.revoke': '管理 API キーの取り消し',
  'apikey.leak': '管理 API キーの漏えいの記録',
  'audit.purge': '古い操作履歴の削除',
};

const why: AuditTexts['why'] = {
  not_permitted: 'このトークンの組織・ドメインの管理者ではありません',
  workspace_admin_only: 'ワークスペース管理者ではありません',
  token_not_found: 'その ID のトークンは見つかりません',
  owner_not_found: 'その組織・ドメインは見つかりません',
  organization_not_found: (p) => (p.slug ? `組織 ${p.slug} が見つかりません` : 'その組織は見つかりません'),
  organization_exists: (p) => (p.slug ? `組織 ${p.slug} はすでに存在します` : 'その組織はすでに存在します'),
  domain_exists: (p) => (p.domain ? `ドメイン ${p.domain} はすでに存在します` : 'そのドメインはすでに存在します'),
  invalid_slug: '組織のスラッグの形式が正しくありません',
  invalid_domain: 'ドメイン名の形式が正しくありません',
  grant_not_found: 'そのメンバーにはそのロールが付与されていません',
  role_from_config: 'このロールは ADMIN_USER_IDS で設定されています',
  event_type_unknown: (p) => (p.type ? `イベント種別 ${p.type} は存在しません` : '存在しないイベント種別です'),
  webhook_url_refused: 'その URL にはイベントを送信できません',
  webhook_not_found: 'その ID の Webhook エンドポイントは見つかりません',
  webhook_disabled: 'その Webhook エンドポイントは停止しています',
  label_required: 'トークン名が入力されていません',
  text_unsafe_characters: '目に見えない文字や制御文字が含まれています',
  no_owner: '管理している組織・ドメインがありません',
  no_organization: '組織がまだありません',
  button_invalid: '使えなくなったボタンが押されました',
  label_too_long: (p) => (p.max ? `トークン名が ${p.max} 文字を超えています` : 'トークン名が長すぎます'),
  label_taken: 'この組織・ドメインに同じ名前のトークンがすでにあります',
  description_too_long: (p) => (p.max ? `説明が ${p.max} 文字を超えています` : '説明が長すぎます'),
  scopes_required: 'スコープが選択されていません',
  scope_unknown: (p) =>
    p.scope ? `スコープ ${p.scope} はカタログにありません` : 'カタログにないスコープが指定されました',
  version_unknown: (p) =>
    p.version ? `API バージョン ${p.version} は存在しません` : '存在しない API バージョンが指定されました',
  version_unchanged: (p) =>
    p.version ? `すでに API バージョン ${p.version} を使用しています` : 'すでにその API バージョンを使用しています',
  expiry_invalid: '有効期限の指定が正しくありません',
  expiry_in_past: '有効期限に過去の日付が指定されました',
  expiry_beyond_policy: (p) =>
    p.max ? `有効期間がポリシーの上限の ${p.max} 日間を超えています` : '有効期間がポリシーの上限を超えています',
  never_not_allowed: 'この組織・ドメインのトークンは無期限にできません',
  email_invalid: (p) =>
    p.email ? `「${p.email}」は有効なメールアドレスではありません` : '有効でないメールアドレスが含まれています',
  too_many_emails: (p) => (p.max ? `メールアドレスが ${p.max} 件を超えています` : 'メールアドレスが多すぎます'),
  ip_invalid: (p) =>
    p.entry ? `「${p.entry}」は IP アドレスでも CIDR 範囲でもありません` : '有効でない IP アドレスが含まれています',
  ip_prefix_invalid: (p) =>
    p.entry ? `「${p.entry}」のプレフィックス長が範囲外です` : 'CIDR のプレフィックス長が範囲外です',
  ip_host_bits: (p) =>
    p.entry
      ? `「${p.entry}」はホスト部のビットが 0 になっていません`
      : 'ホスト部のビットが 0 になっていない CIDR 範囲です',
  ip_matches_nobody: (p) =>
    p.entry
      ? `「${p.entry}」はクライアントに割り当てられることのないアドレスです`
      : 'クライアントに割り当てられることのないアドレスです',
  ip_zone: (p) =>
    p.entry
      ? `「${p.entry}」にネットワークインターフェースの指定が含まれています`
      : 'ネットワークインターフェースの指定が含まれています',
  too_many_ips: (p) => (p.max ? `許可する IP が ${p.max} 件を超えています` : '許可する IP が多すぎます'),
  rate_limit_invalid: 'レート制限の指定が正しくありません',
  rate_limit_out_of_range: (p) => (p.value ? `「${p.value}」の回数が範囲外です` : '回数が範囲外です'),
  contact_required: '主担当者が選択されていません',
  token_revoked: 'トークンは取り消し済みです',
  already_disabled: 'トークンはすでに無効です',
  already_enabled: 'トークンはすでに有効です',
  grace_invalid: '猶予期間の指定が正しくありません',
  reason_required: '理由が入力されていません',
  request_not_found: 'その申請はすでに存在しません',
  own_request: '申請者本人は承認・却下できません',
  approval_required: '承認が必要です',
  extension_needs_approval: '延長には承認が必要です',
  contact_deactivated: '主担当者に選ばれたメンバーの Slack アカウントが解除されています',
  contact_bot: '主担当者にボットが選ばれています',
  contact_unknown: '主担当者に選ばれたメンバーがワークスペースにいません',
  token_expired: 'トークンの有効期限が切れています（延長すると再び使えるようになります）',
  unavailable: 'データベースまたは Redis に時間内に接続できませんでした',
  outcome_unknown: '保存されたかどうかを確認できませんでした',
  request_own: '申請者本人は承認・却下できません',
  request_already_approved: 'すでに承認しています',
  request_not_approver: 'この申請の承認者ではありません',
  request_group_unreadable: '承認者の Slack ユーザーグループを読み取れませんでした',
  request_not_requester: '取り下げられるのは申請者だけです',
  request_reason_required: '理由が入力されていません',
  apikey_not_found: 'その管理 API キーは見つかりません',
  apikey_revoked: 'その管理 API キーはすでに取り消されています',
};

export const auditJa: CatalogOf<typeof auditEn> = {
  'audit.heading': (p) => `\`${p.id}\` の操作履歴`,
  'audit.empty': '操作履歴はありません。',
  'audit.more': (p) => `全 ${p.total.toLocaleString('ja-JP')} 件のうち、新しい ${p.shown} 件を表示しています。`,
  'audit.event': (p) => `${joined(`${p.actor} が`, didText(did, p.event))}。`,
  'audit.refusedEvent': (p) =>
    `${joined(`${p.actor} による`, tried[p.attempt], 'は拒否されました')}${p.reasons.length ? `（理由：${p.reasons.join('。')}）` : ''}。`,
  'audit.reason': (p) => reasonIn(why, p),
};
