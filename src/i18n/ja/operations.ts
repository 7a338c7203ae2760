// Japanese messages: answers to the per-token operations and their confirmations.
import type { CatalogOf } from '../catalog.js';
import type { operationsEn } from '../en/operations.js';
import { joined, WIDE_SPACE } from './phrases.js';

export const operationsJa: CatalogOf<typeof operationsEn> = {
  'done.disabled': (p) =>
    `「${p.label}」（\`${p.id}\`）を無効化しました。再び有効化するまで、このトークンは使えません。`,
  'done.enabled': (p) => `「${p.label}」（\`${p.id}\`）を再び有効化しました。`,
  'done.enabledExpired': (p) =>
    `「${p.label}」（\`${p.id}\`）を再び有効化しましたが、有効期限が切れているため、延長するまで使えません（\`/token extend ${p.id}\`、またはメニューの「延長」）。`,
  'done.revoked': (p) => `「${p.label}」（\`${p.id}\`）を取り消しました。元に戻せません。`,
  'done.deleted': (p) => `「${p.label}」（\`${p.id}\`）を削除しました。操作履歴は残ります。`,
  'done.upgraded': (p) => `「${p.label}」（\`${p.id}\`）の API バージョンを ${p.version} に変更しました。`,
  'done.extended': (p) =>
    (p.was
      ? joined(
          `「${p.label}」（\`${p.id}\`）の有効期限を、ご指定どおり`,
          p.until,
          `に早めました（変更前：${p.was}）。シークレットは変わりません。リマインダーは新しい有効期限に合わせて改めて送信されます。`,
        )
      : joined(
          `「${p.label}」（\`${p.id}\`）の有効期限を`,
          p.until,
          'に延長しました。シークレットは変わりません。リマインダーは新しい有効期限に合わせて改めて送信されます。',
        )) + (p.disabled ? 'このトークンは無効化されたままです。シークレットを使うには有効化してください。' : ''),
  'confirm.title': '本当によろしいですか？',
  'confirm.cancel': 'キャンセル',
  'op.show': '詳細',
  'op.duplicate': '複製',
  'op.reset': 'シークレットをリセット',
  'op.upgrade': 'API バージョンをアップグレード',
  'op.extend': '延長',
  'op.askExtend': '延長を申請',
  'op.disable': '無効化',
  'op.enable': '有効化',
  'op.revoke': '取り消し',
  'op.delete': '削除',
  'op.audit': '操作履歴',
  'done.edited': (p) => `「${p.label}」（\`${p.id}\`）を保存しました。`,
  'done.contactChanged': (p) =>
    `「${p.label}」（\`${p.id}\`）を保存しました。主担当者は <@${p.contact}> になり、今後のリマインダーはこの方に届きます。`,
  'op.edit': '編集',
  'confirm.delete': (p) =>
    `「${p.label}」（\`${p.id}\`）を完全に削除しますか？${WIDE_SPACE}ただちに使えなくなり、元に戻せません。`,
  'confirm.revoke': (p) =>
    `「${p.label}」（\`${p.id}\`）を取り消しますか？${WIDE_SPACE}ただちに使えなくなり、元に戻せません。`,
  'confirm.reset': (p) =>
    `「${p.label}」（\`${p.id}\`）のシークレットをリセットしますか？${WIDE_SPACE}新しいシークレットはダイレクトメッセージに届きます。現在のシークレットをいつ停止するか選択してください。`,
  'confirm.resetNow': (p) =>
    `「${p.label}」（\`${p.id}\`）のシークレットをリセットし、現在のシークレットを今すぐ停止しますか？${WIDE_SPACE}現在のシークレットを使っているリクエストは、ただちに拒否されます。`,
  'confirm.upgrade': (p) =>
    `「${p.label}」（\`${p.id}\`）は API バージョン ${p.from} を使っています。${p.to} はそれより古いバージョンです。${p.to} に戻しますか？${WIDE_SPACE}連携アプリケーションが ${p.to} に対応しているか確認してください。`,
  'confirm.dialog.revoke': (p) =>
    `「${p.label}」（${p.id}）を取り消しますか？${WIDE_SPACE}ただちに使えなくなり、元に戻せません。`,
  'confirm.button.delete': '完全に削除する',
  'confirm.button.revoke': '取り消す',
  'confirm.button.reset': 'リセットする',
  'confirm.button.upgrade': 'ダウングレードする',
  'confirm.cancelled': '何も変更していません。',
  'reset.grace.none': '今すぐ停止',
  'reset.grace.1h': '1 時間後に停止',
  'reset.grace.24h': '24 時間後に停止',
  'reset.grace.7d': '7 日後に停止',
};
