// Japanese messages: management API keys.
import type { CatalogOf } from '../catalog.js';
import type { apikeysEn } from '../en/apikeys.js';
import { slackError } from './phrases.js';

export const apikeysJa: CatalogOf<typeof apikeysEn> = {
  'usage.apikey': '管理 API キーの作成（ダイレクトメッセージで一度だけ表示）・一覧表示・取り消し',
  'apikey.message': (p) =>
    `管理 API キー「${p.label}」（\`${p.id}\`、対象：\`${p.scope}\`、有効期限：${p.until}）です。管理 API を呼び出すときは、\`Authorization: Bearer &lt;key&gt;\` の形式でヘッダーに指定してください。今すぐコピーして安全な場所に保管してください。\n*このキーは二度と表示されません。*`,
  'apikey.sent': (p) =>
    `管理 API キー「${p.label}」（\`${p.id}\`）を tokenops とのダイレクトメッセージに送信しました。`,
  'apikey.undelivered': (p) =>
    `管理 API キー「${p.label}」（\`${p.id}\`）をダイレクトメッセージで送信できなかったため、破棄しました。このキーは使えません。tokenops のアプリの「メッセージ」タブでメッセージを受け取れることを確認してから、もう一度お試しください。${slackError(p.error)}`,
  'apikey.unconfirmed': (p) =>
    `管理 API キー「${p.label}」（\`${p.id}\`）がダイレクトメッセージに届いたことについて Slack から確認が取れなかったため、破棄しました。メッセージが届いていても、このキーは使えません。新しいキーが必要な場合は、もう一度お試しください。`,
  'apikey.late': (p) =>
    `管理 API キー「${p.label}」（\`${p.id}\`）は受け渡しの期限を過ぎてからダイレクトメッセージに届いたため、破棄しました。届いたメッセージのキーは使えません。新しいキーが必要な場合は、もう一度お試しください。`,
  'apikey.listHeading': '管理 API キー',
  'apikey.none':
    '表示できる管理 API キーはありません（表示されるのは、ご自身が管理者になっている組織・ドメイン・ワークスペースのキーです）。',
  'apikey.line': (p) => `*${p.label}* \`${p.id}\`｜対象：\`${p.scope}\`｜作成者：${p.creator}｜${p.lifetime}`,
  'apikey.stateActive': (p) => `有効期限：${p.until}`,
  'apikey.stateExpired': (p) => `期限切れ：${p.until}`,
  'apikey.stateRevoked': (p) => `取り消し済み：${p.until}`,
  'apikey.revoked': (p) => `管理 API キー「${p.label}」（\`${p.id}\`）を取り消しました。このキーはもう使えません。`,
  'apikey.reminder': (p) =>
    `管理 API キー「${p.label}」（\`${p.id}\`、対象：\`${p.scope}\`）の有効期限まであと ${p.left}です（${p.when}）。\`/token apikey create ${p.scope}\` で新しいキーを作成して自動化の設定を切り替えてから、このキーを取り消してください。`,
  'apikey.expired': (p) =>
    `管理 API キー「${p.label}」（\`${p.id}\`、対象：\`${p.scope}\`）は有効期限が切れたため、もう使えません。\`/token apikey create ${p.scope}\` で新しいキーを作成してください。`,
  'apikey.leaked': (p) =>
    `:rotating_light: 管理 API キー「${p.label}」（\`${p.id}\`、対象：\`${p.scope}\`）が漏えいしました（報告元：${p.reporter}、場所：${p.location}）。`,
  'apikey.leakRevoked': (p) =>
    `ただちに取り消しました。このキーでのリクエストは拒否されます。\`/token apikey create ${p.scope}\` で新しいキーを作成して自動化の設定を切り替え、このキーによる操作を操作履歴で確認してください。`,
  'apikey.leakNotRevoked': (p) =>
    `このキーはまだ使えます。\`/token apikey create ${p.scope}\` で新しいキーを作成してから、\`/token apikey revoke ${p.id}\` で今すぐ取り消してください。`,
};
