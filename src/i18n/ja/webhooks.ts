// Japanese messages: webhook endpoints.
import type { CatalogOf } from '../catalog.js';
import type { webhooksEn } from '../en/webhooks.js';
import { slackError } from './phrases.js';

export const webhooksJa: CatalogOf<typeof webhooksEn> = {
  'webhook.added': (p) =>
    `Webhook エンドポイント \`${p.id}\`（${p.url}）を追加しました（イベント：${p.types}）。署名シークレットは tokenops とのダイレクトメッセージに送信しました（一度だけ表示されます）。`,
  'webhook.secret': (p) =>
    `Webhook エンドポイント \`${p.id}\`（${p.url}）の署名シークレットです。一度だけ表示されます。受信側の設定に保存し、\`webhook-signature\` ヘッダーの検証（Standard Webhooks）に使ってください。`,
  'webhook.rotated': (p) =>
    `Webhook エンドポイント \`${p.id}\` の署名シークレットを新しいものに切り替え、tokenops とのダイレクトメッセージに送信しました。${p.until} までは、新旧両方のシークレットで署名して送信します。`,
  'webhook.secretUnconfirmed':
    '署名シークレットがダイレクトメッセージに届いたことについて Slack から確認が取れなかったため、何も保存していません。届いたメッセージにシークレットがあっても、署名には使われません。もう一度エンドポイントを追加してください。',
  'webhook.rotateUnconfirmed':
    '新しい署名シークレットがダイレクトメッセージに届いたことについて Slack から確認が取れなかったため、何も変更していません。エンドポイントは現在のシークレットのままです。届いたメッセージに新しいシークレットがあっても、署名には使われません。もう一度 `/token webhook rotate` を実行してください。',
  'webhook.secretUndelivered': (p) =>
    `署名シークレットをダイレクトメッセージで送信できなかったため、何も保存していません。tokenops のアプリの「メッセージ」タブでメッセージを受け取れることを確認してから、もう一度追加してください。${slackError(p.error)}`,
  'webhook.rotateUndelivered': (p) =>
    `新しい署名シークレットをダイレクトメッセージで送信できなかったため、何も変更していません。エンドポイントは現在のシークレットのままです。tokenops のアプリの「メッセージ」タブでメッセージを受け取れることを確認してから、改めて切り替えてください（\`/token webhook rotate\`）。${slackError(p.error)}`,
  'webhook.removed': (p) => `Webhook エンドポイント \`${p.id}\` を削除しました。今後イベントは送信されません。`,
  'webhook.testQueued': (p) =>
    `\`${p.id}\` に \`webhook.test\` イベントを送信しています。届いたかどうかは \`/token webhook list\` で確認できます。`,
  'webhook.none':
    'Webhook エンドポイントはまだありません。`/token webhook add &lt;url&gt; [event types]` で追加できます。',
  'webhook.heading': 'Webhook エンドポイント',
  'webhook.allTypes': 'すべてのイベント',
  'webhook.line': (p) =>
    `\`${p.id}\` ${p.url}（${p.types}）：${p.state}。送信待ち ${p.pending} 件、送信失敗 ${p.failed} 件`,
  'webhook.active': '稼働中',
  'webhook.disabled': (p) => `停止中（${p.reason}）`,
  'webhook.disabledNotice': (p) =>
    `:warning: 24 時間以上にわたって送信に失敗し続けたため、Webhook エンドポイント \`${p.id}\`（${p.url}）を停止しました（試行 ${p.attempts} 回、最後のエラー：\`${p.error}\`）。今後イベントは送信されません。受信側を修正してから、\`/token webhook add\` で追加し直してください。`,
};
