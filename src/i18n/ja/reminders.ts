// Japanese messages: reminders, reviews and their digest.
import type { CatalogOf } from '../catalog.js';
import type { remindersEn } from '../en/reminders.js';

export const remindersJa: CatalogOf<typeof remindersEn> = {
  'time.left': (p) => (p.days >= 1 ? `${p.days} 日` : p.hours >= 1 ? `${p.hours} 時間` : '1 時間未満'),
  'reminder.expiring': (p) =>
    `:hourglass_flowing_sand: 「${p.label}」（\`${p.id}\`、${p.owner}）の有効期限まであと ${p.left}です（${p.when}）。${p.disabled ? '現在このトークンは無効化されています。引き続き使う場合は、延長したうえで有効化してください' : '引き続き使う場合は延長してください'}（シークレットをリセットしても有効期限は変わりません）。`,
  'reminder.expired': (p) =>
    `:no_entry_sign: 「${p.label}」（\`${p.id}\`、${p.owner}）は ${p.when} に有効期限が切れました。このトークンでのリクエストは拒否されます。${p.disabled ? 'このトークンは無効化もされています。引き続き必要な場合は、延長したうえで有効化してください。延長と有効化を行うと、同じシークレットが再び使えるようになります。' : '引き続き必要な場合は延長してください。同じシークレットが再び使えるようになります。'}`,
  'reminder.expiringAsk': (p) =>
    `:hourglass_flowing_sand: 「${p.label}」（\`${p.id}\`、${p.owner}）の有効期限まであと ${p.left}です（${p.when}）。${p.disabled ? `現在このトークンは無効化されています。引き続き使う場合は、${p.admins}に延長と有効化を依頼してください。` : `引き続き使う場合は、${p.admins}に延長を依頼してください。延長後も、シークレットは変わらずそのまま使えます。`}`,
  'reminder.expiredAsk': (p) =>
    `:no_entry_sign: 「${p.label}」（\`${p.id}\`、${p.owner}）は ${p.when} に有効期限が切れました。このトークンでのリクエストは拒否されます。${p.disabled ? `このトークンは無効化もされています。引き続き必要な場合は、${p.admins}に延長と有効化を依頼してください。` : `引き続き必要な場合は、${p.admins}に延長を依頼してください。同じシークレットが再び使えるようになります。`}`,
  'reminder.expiringContact': (p) =>
    `:hourglass_flowing_sand: 「${p.label}」（\`${p.id}\`、${p.owner}）の有効期限まであと ${p.left}です（${p.when}）。${p.disabled ? `現在このトークンは無効化されています。引き続き使う場合は、延長を申請し（${p.admins}の承認が必要です）、有効化を${p.admins}に依頼してください。` : `引き続き使う場合は、延長を申請してください（${p.admins}の承認が必要です）。延長後も、シークレットは変わらずそのまま使えます。`}`,
  'reminder.expiredContact': (p) =>
    `:no_entry_sign: 「${p.label}」（\`${p.id}\`、${p.owner}）は ${p.when} に有効期限が切れました。このトークンでのリクエストは拒否されます。${p.disabled ? `このトークンは無効化もされています。引き続き必要な場合は、延長を申請し（${p.admins}の承認が必要です）、有効化を${p.admins}に依頼してください。` : `引き続き必要な場合は、延長を申請してください（${p.admins}の承認が必要です）。延長されると、同じシークレットが再び使えるようになります。`}`,
  'reminder.extensionAsked': (p) =>
    `:hourglass: 「${p.label}」（\`${p.id}\`）の延長が申請されました（申請者：${p.user}）。承認者が承認・却下し、結果はダイレクトメッセージでお知らせします。`,
  'review.ask': (p) =>
    `主担当者になっている「${p.label}」（\`${p.id}\`、${p.owner}）について確認させてください。${p.used ? `このトークンが最後に使われたのは ${p.used} です。` : 'このトークンはまだ一度も使われていません。'}今後も必要ですか？`,
  'review.keep': '引き続き使用',
  'review.revoke': '取り消し',
  'review.revokeAskAdmins': (p) =>
    `「${p.label}」（\`${p.id}\`）の取り消しはここからは申請できません。また、このトークンの組織・ドメインの管理者ではないため、ご自身では取り消せません。${p.admins}に取り消しを依頼してください（\`/token revoke ${p.id}\`）。`,
  'review.kept': (p) =>
    `ありがとうございます。「${p.label}」（\`${p.id}\`）はそのまま使えます。次回は ${p.next} に確認します。`,
  'review.keptBy': (p) =>
    `「${p.label}」（\`${p.id}\`）は引き続き必要との回答がありました（回答者：${p.who}）。次回は ${p.next} に確認します。`,
  'reminder.expiryChangedBy': (p) =>
    `「${p.label}」（\`${p.id}\`）の有効期限が ${p.when} に変更されました（対応者：${p.who}）。`,
  'reminder.expiryRemovedBy': (p) => `「${p.label}」（\`${p.id}\`）は無期限に変更されました（対応者：${p.who}）。`,
  'digest.intro': (p) => `:bell: ${p.count} 件の API トークンについてご確認をお願いします。`,
  'digest.expiring': (p) => `• 「${p.label}」（\`${p.id}\`）の有効期限まであと ${p.left}です（${p.when}）。`,
  'digest.answered': ':white_check_mark: このメッセージのリマインダーには、すべて回答済みです。',
  'digest.expired': (p) => `• 「${p.label}」（\`${p.id}\`）は ${p.when} に有効期限が切れました。`,
  'digest.review': (p) => `• 「${p.label}」（\`${p.id}\`）はまだ必要ですか？`,
  'digest.hint':
    'これらのトークンの延長・シークレットのリセット・取り消しは、それぞれ `/token extend &lt;id&gt;`・`/token reset &lt;id&gt;`・`/token revoke &lt;id&gt;` で行えます。',
  'digest.hintAsk':
    'ご自身が管理していないトークンを引き続き使う場合は、そのトークンの組織・ドメインの管理者に延長を依頼してください。',
  'digest.hintContact':
    'ご自身が管理していないトークンを引き続き使う場合は、`/token extend &lt;id&gt;` で延長を申請してください。そのトークンの組織・ドメインの管理者が承認します。',
  'orphan.notice': (p) =>
    `「${p.label}」（\`${p.id}\`、${p.owner}）の主担当者 <@${p.contact}> の Slack アカウントが解除されました。リマインダーを受け取る新しい主担当者を選択してください。`,
  'orphan.choose': '新しい主担当者を選択',
  'orphan.chosenBy': (p) =>
    `「${p.label}」（\`${p.id}\`）の主担当者は <@${p.contact}> になりました（対応者：${p.who}）。今後のリマインダーはこの方に届きます。`,
};
