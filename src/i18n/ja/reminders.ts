// Japanese messages: reminders, reviews and their digest.
import type { CatalogOf } from '../catalog.js';
import type { remindersEn } from '../en/reminders.js';

export const remindersJa: CatalogOf<typeof remindersEn> = {
  'time.left': (p) => (p.days >= 1 ? `${p.days} 日` : p.hours >= 1 ? `${p.hours} 時間` : '1 時間未満'),
  'reminder.expiring': (p) =>
    `:hourglass_flowing_sand: 「${p.label}」（\`${p.id}\`、${p.owner}）の有効期限まであと ${p.left}です（${p.when}）。引き続き使う場合は延長してください（シークレットをリセットしても有効期限は変わりません）。`,
  'reminder.expired': (p) =>
    `:no_entry_sign: 「${p.label}」（\`${p.id}\`、${p.owner}）は ${p.when} に有効期限が切れました。このトークンでのリクエストは拒否されます。引き続き必要な場合は延長してください。同じシークレットが再び使えるようになります。`,
  'reminder.expiringAsk': (p) =>
    `:hourglass_flowing_sand: 「${p.label}」（\`${p.id}\`、${p.owner}）の有効期限まであと ${p.left}です（${p.when}）。引き続き使う場合は、${p.admins}に延長を依頼してください。延長後も、シークレットは変わらずそのまま使えます。`,
  'reminder.expiredAsk': (p) =>
    `:no_entry_sign: 「${p.label}」（\`${p.id}\`、${p.owner}）は ${p.when} に有効期限が切れました。このトークンでのリクエストは拒否されます。引き続き必要な場合は、${p.admins}に延長を依頼してください。同じシークレットが再び使えるようになります。`,
  'reminder.expiringContact': (p) =>
    `:hourglass_flowing_sand: 「${p.label}」（\`${p.id}\`、${p.owner}）の有効期限まであと ${p.left}です（${p.when}）。引き続き使う場合は、延長を申請してください（${p.admins}が承認します）。延長後も、シークレットは変わらずそのまま使えます。`,
  'reminder.expiredContact': (p) =>
    `:no_entry_sign: 「${p.label}」（\`${p.id}\`、${p.owner}）は ${p.when} に有効期限が切れました。このトークンでのリクエストは拒否されます。引き続き必要な場合は、延長を申請してください（${p.admins}が承認します）。同じシークレットが再び使えるようになります。`,
  'reminder.extensionAsked': (p) =>
    `:hourglass: 「${p.label}」（\`${p.id}\`）の延長申請（申請者：<@${p.user}>）は判断待ちです。`,
  'review.ask': (p) =>
    `あなたは「${p.label}」（\`${p.id}\`、${p.owner}）の主な連絡先です。${p.used ? `このトークンが最後に使われたのは ${p.used} です。` : 'このトークンはまだ一度も使われていません。'}今後も必要ですか？`,
  'review.keep': 'はい、引き続き使用します',
  'review.revoke': 'いいえ、取り消します',
  'review.revokeAskAdmins': (p) =>
    `「${p.label}」（\`${p.id}\`）の取り消しはここでは申請できず、あなたはこのトークンの組織・ドメインの管理者ではありません。${p.admins}に取り消しを依頼してください（\`/token revoke ${p.id}\`）。`,
  'review.kept': (p) =>
    `ありがとうございます。「${p.label}」（\`${p.id}\`）はそのまま使えます。次回は ${p.next} に確認します。`,
  'review.keptBy': (p) =>
    `「${p.label}」（\`${p.id}\`）は引き続き必要との回答がありました（対応者：${p.who}）。次回は ${p.next} に確認します。`,
  'reminder.expiryChangedBy': (p) =>
    `「${p.label}」（\`${p.id}\`）の有効期限が ${p.when} に変更されました（対応者：${p.who}）。`,
  'reminder.expiryRemovedBy': (p) => `「${p.label}」（\`${p.id}\`）は無期限に変更されました（対応者：${p.who}）。`,
  'digest.intro': (p) => `:bell: ${p.count} 件の API トークンについてご確認をお願いします。`,
  'digest.expiring': (p) => `• 「${p.label}」（\`${p.id}\`）の有効期限まであと ${p.left}です（${p.when}）。`,
  'digest.answered': ':white_check_mark: このメッセージのリマインダーには、すべて回答済みです。',
  'digest.expired': (p) => `• 「${p.label}」（\`${p.id}\`）は ${p.when} に有効期限が切れました。`,
  'digest.review': (p) => `• 「${p.label}」（\`${p.id}\`）はまだ必要ですか？`,
  'digest.hint':
    'これらのトークンは、`/token extend &lt;id&gt;`・`/token reset &lt;id&gt;`・`/token revoke &lt;id&gt;` で延長、シークレットのリセット、取り消しができます。',
  'digest.hintAsk':
    'ご自身が管理していないトークンを引き続き使う場合は、そのトークンの組織・ドメインの管理者に延長を依頼してください。',
  'digest.hintContact':
    'ご自身が管理していないトークンを引き続き使う場合は、`/token extend &lt;id&gt;` で延長を申請してください。そのトークンの組織・ドメインの管理者が承認します。',
  'orphan.notice': (p) =>
    `「${p.label}」（\`${p.id}\`、${p.owner}）の主な連絡先 <@${p.contact}> の Slack アカウントが解除されました。リマインダーを受け取る新しい主な連絡先を選んでください。`,
  'orphan.choose': '主な連絡先を選び直す',
  'orphan.chosenBy': (p) =>
    `「${p.label}」（\`${p.id}\`）の主な連絡先は <@${p.contact}> になりました（対応者：${p.who}）。今後のリマインダーはこの方に届きます。`,
};
