// Japanese messages: the create, edit and extend forms, and the DM that carries a secret.
import type { CatalogOf } from '../catalog.js';
import type { formsEn } from '../en/forms.js';
import { WIDE_SPACE, slackError } from './phrases.js';

export const formsJa: CatalogOf<typeof formsEn> = {
  'create.title': 'トークンを作成',
  'create.submit': '作成',
  'create.cancel': 'キャンセル',
  'create.hint.label': '同じ組織・ドメインの中で重複しない名前を、64 文字以内で入力してください。',
  'create.hint.emails':
    'メールアドレスを 10 件まで、カンマ・スペース・改行で区切って入力してください。tokenops からメールを送信する設定の場合、このトークンの有効期限や変更についてのお知らせが届きます。',
  'create.hint.expiry_date': '「有効期間」より優先されます。指定した日（UTC）の終わりまで有効です。',
  'edit.hint.expiry_date': '「新しい有効期間」より優先されます。指定した日（UTC）の終わりまで有効です。',
  'create.hint.contact':
    '有効期限が近づくとリマインダーが届きます。トークンがまだ必要かどうかの確認も定期的に届きます。',
  'create.hint.allowed_ips':
    'IPv4・IPv6 のアドレスまたは CIDR 範囲（例：203.0.113.0/24）を 50 件まで、カンマ・スペース・改行で区切って入力してください。ほかのアドレスからの検証と、アドレスが送信されない検証は拒否されます。空欄ならすべてのアドレスを許可します。',
  'create.hint.rate_limit':
    '1 秒・1 分・1 時間・1 日あたりに許可する検証の回数です（例：600/min）。空欄なら制限しません。',
  'create.placeholder.owner': '組織・ドメインを選択',
  'create.placeholder.scopes': 'スコープを 1 件以上選択',
  'home.noOwners':
    '管理している組織・ドメインはありません。トークンが必要な場合は申請してください。承認者が承認すると、シークレットがダイレクトメッセージで一度だけ届きます。ご自身でトークンを作成するには、ワークスペース管理者にロールの付与（`/token admin grant`）を依頼してください。',
  'create.noOwners':
    '管理している組織・ドメインがないため、トークンを作成できません。ワークスペース管理者に、`/token admin grant` でロールを付与するよう依頼してください。',
  'secret.message': (p) =>
    `「${p.label}」（\`${p.id}\`）のシークレットです。今すぐコピーして安全な場所に保管してください。\n*このシークレットは二度と表示されません。*`,
  'secret.resetNote': (p) => `以前のシークレットは ${p.until} まで使えます。`,
  'secret.resetNoteExpiry': (p) => `以前のシークレットは、トークンの有効期限（${p.until}）まで使えます。`,
  'secret.resetNoteDisabledNow':
    'このトークンは無効化されているため、新しいシークレットは再び有効化されると使えるようになります。',
  'secret.resetNoteDisabled': (p) =>
    `このトークンは無効化されているため、再び有効化されるまでどちらのシークレットも使えません。以前のシークレットは ${p.until} を過ぎると使えなくなります。`,
  'secret.undelivered': (p) =>
    `「${p.label}」（\`${p.id}\`）のシークレットをダイレクトメッセージで送信できなかったため、このトークンは破棄しました。誰も使用できません。tokenops のアプリの「メッセージ」タブでメッセージを受け取れることを確認してから、もう一度同じ操作を行ってください。${slackError(p.error)}`,
  'secret.unconfirmed': (p) =>
    `「${p.label}」（\`${p.id}\`）のシークレットがダイレクトメッセージに届いたことについて Slack から確認が取れなかったため、このトークンは破棄しました。メッセージが届いていても、そのシークレットは誰も使用できません。新しいシークレットが必要な場合は、もう一度同じ操作を行ってください。`,
  'secret.unconfirmedReset': (p) =>
    `「${p.label}」（\`${p.id}\`）の新しいシークレットがダイレクトメッセージに届いたことについて Slack から確認が取れなかったため、リセットを元に戻しました。以前のシークレットは引き続き使えます。メッセージが届いていても、新しいシークレットは使えません。新しいシークレットが必要な場合は、もう一度リセットしてください。`,
  'secret.late': (p) =>
    `「${p.label}」（\`${p.id}\`）のシークレットは受け渡しの期限を過ぎてからダイレクトメッセージに届いたため、破棄しました。届いたメッセージのシークレットは使えません。新しいシークレットが必要な場合は、もう一度同じ操作を行ってください。`,
  'secret.lateReset': (p) =>
    `「${p.label}」（\`${p.id}\`）の新しいシークレットは受け渡しの期限を過ぎてからダイレクトメッセージに届いたため、リセットを元に戻しました。届いたメッセージのシークレットは使えず、以前のシークレットが引き続き使えます。新しいシークレットが必要な場合は、もう一度リセットしてください。`,
  'secret.undeliveredReset': (p) =>
    `「${p.label}」（\`${p.id}\`）の新しいシークレットをダイレクトメッセージで送信できなかったため、リセットを元に戻しました。以前のシークレットは引き続き使えます。tokenops のアプリの「メッセージ」タブでメッセージを受け取れることを確認してから、もう一度リセットしてください。${slackError(p.error)}`,
  'secret.sent': (p) =>
    `「${p.label}」（\`${p.id}\`）のシークレットを tokenops とのダイレクトメッセージに送信しました。`,
  'extend.title': 'トークンを延長',
  'extend.submit': '延長',
  'edit.newExpiry': (p) => `新しい有効期間${WIDE_SPACE}${p.expired ? '期限切れ' : '現在の有効期限'}：${p.current}`,
  'edit.keepExpiry': '現在の有効期限のまま',
  'edit.retiredScopes': 'カタログから削除されたスコープ',
  'extend.about': (p) =>
    `「${p.label}」（\`${p.id}\`）の新しい有効期間（今日から数えます）または有効期限の日付を選択してください。シークレットは変わりません。`,
  'extend.aboutAsk': (p) =>
    `「${p.label}」（\`${p.id}\`）の新しい有効期間または有効期限の日付を選択してください。有効期間は承認された日から数え、日付を選択した場合はその日が有効期限になります。延長は申請として承認者に届きます。シークレットは変わりません。`,
  'duplicate.suffix': (p) => (p.n === 1 ? '（コピー）' : `（コピー ${p.n}）`),
  'edit.title': 'トークンを編集',
  'edit.submit': '保存',
};
