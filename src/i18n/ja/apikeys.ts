// Japanese messages: management API keys.
import type { CatalogOf } from '../catalog.js';
import type { apikeysEn } from '../en/apikeys.js';
import { joined, slackError } from './phrases.js';

export const apikeysJa: CatalogOf<typeof apikeysEn> = {
  'usage.apikey': '管理 API キーの作成（DM で一度だけ表示）・一覧・取り消し',
  'apikey.message': (p) =>
    `管理 API キー「${p.label}」（\`${p.id}\`、範囲 \`${p.scope}\`、有効期限 ${p.until}）です。管理 API には \`Authorization\` ヘッダーで \`Bearer\` に続けて送信してください。今すぐコピーして安全な場所に保管してください。\n*このキーは二度と表示されません。*`,
  'apikey.sent': (p) => `管理 API キー「${p.label}」（\`${p.id}\`）を tokenops とのダイレクトメッセージに送信しました。`,
  'apikey.undelivered': (p) =>
    `管理 API キー「${p.label}」（\`${p.id}\`）をダイレクトメッセージに送信できなかったため、破棄しました。このキーは使えません。tokenops とのダイレクトメッセージを開いてから、もう一度お試しください。${slackError(p.error)}`,
  'apikey.listHeading': '管理 API キー',
  'apikey.none': 'あなたが管理できる管理 API キーはありません。',
  'apikey.line': (p) => `*${p.label}* \`${p.id}\`・\`${p.scope}\`・作成者 ${p.creator}・${p.lifetime}`,
  'apikey.stateActive': (p) => `有効期限 ${p.until}`,
  'apikey.stateExpired': (p) => `${p.until} に期限切れ`,
  'apikey.stateRevoked': (p) => `${p.until} に取り消し済み`,
  'apikey.revoked': (p) => `管理 API キー「${p.label}」（\`${p.id}\`）を取り消しました。このキーはもう使えません。`,
  'apikey.reminder': (p) =>
    p.days > 0
      ? `管理 API キー「${p.label}」（\`${p.id}\`、\`${p.scope}\`）の有効期限まであと ${p.days} 日です。\`/token apikey create ${p.scope}\` で新しいキーを作成して自動化の設定を切り替えてから、このキーを取り消してください。`
      : `管理 API キー「${p.label}」（\`${p.id}\`、\`${p.scope}\`）は有効期限が切れたため、もう使えません。\`/token apikey create ${p.scope}\` で新しいキーを作成してください。`,
  'apikey.leaked': (p) => `:rotating_light: 管理 API キー「${p.label}」（\`${p.id}\`、\`${p.scope}\`）が漏えいしました。${joined(p.reporter, 'が見つけました')}（場所：${p.location}）。`,
  'apikey.leakRevoked': (p) =>
    `ただちに取り消しました。このキーでのリクエストは拒否されます。\`/token apikey create ${p.scope}\` で新しいキーを作成して自動化の設定を切り替え、このキーによる操作を操作履歴で確認してください。`,
  'apikey.leakNotRevoked': (p) => `このキーはまだ使えます。\`/token apikey create ${p.scope}\` で新しいキーを作成してから、\`/token apikey revoke ${p.id}\` で今すぐ取り消してください。`,
};
