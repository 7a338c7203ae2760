// Japanese messages: the help and the /token subcommands.
import type { CatalogOf } from '../catalog.js';
import type { commandsEn } from '../en/commands.js';

export const commandsJa: CatalogOf<typeof commandsEn> = {
  'help.title': 'tokenops：API トークンを Slack から管理',
  'help.intro': '`/token &lt;subcommand&gt;` で API トークンの作成・一覧表示・管理ができます。',
  'help.footer':
    'シークレットは、ご自身だけが見られるメッセージで一度だけお送りします。トークンは ID（tok_…）で指定してください。',
  'help.adminHeading': 'ワークスペース管理者向け',
  'usage.help': 'このヘルプを表示',
  'usage.create': 'フォームからトークンを作成',
  'usage.list': '管理しているトークンを絞り込んで一覧表示',
  'usage.show': 'トークンの詳細を表示（シークレットは表示しません）',
  'usage.edit': 'トークン名・説明・主担当者・開発者のメールアドレス・スコープ・許可する IP・レート制限・有効期限を変更',
  'usage.duplicate': 'トークンを複製（同じ設定で、新しいシークレットのトークンを作成）',
  'usage.reset': 'シークレットをリセット（新しいシークレットを発行）',
  'usage.upgrade': 'API バージョンを変更（省略時は最新）',
  'usage.extend':
    'トークンを延長（ポリシーの範囲で有効期限を再設定。シークレットは変わりません。期間を省略するとフォームを表示）',
  'usage.disable': 'トークンを一時的に無効化',
  'usage.enable': '無効化したトークンを再び有効化',
  'usage.revoke': 'トークンを取り消し（元に戻せません。承認が必要な場合があります）',
  'usage.delete': 'トークンを完全に削除',
  'usage.audit': 'トークンの操作履歴を表示',
  'usage.admin': '組織・ドメイン・ロールの管理',
  'usage.webhook': 'イベントを外部システムに送信（署名付き Webhook）',
  'command.unknown': (p) => `\`${p.subcommand}\` は /token のサブコマンドではありません。`,
  'command.notYetAvailable': (p) => `\`/token ${p.subcommand}\` はこのバージョンの tokenops ではまだ使えません。`,
  'usage.malformed': (p) => `使い方：\`/token ${p.syntax}\``,
};
