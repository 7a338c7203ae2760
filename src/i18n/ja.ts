import type { Catalog } from './index.js';

export const ja: Catalog = {
  'help.title': 'tokenops: API トークンを Slack から管理',
  'help.intro': '`/token <サブコマンド>` で API トークンの作成・一覧・管理ができます。',
  'help.footer': 'シークレットは一度だけ、あなたにだけ見えるメッセージで表示されます。トークンは ID（tok_…）で指定してください。',
  'help.adminHeading': 'ワークスペース管理者向け',
  'usage.help': 'このヘルプを表示',
  'usage.create': 'フォームからトークンを作成',
  'usage.list': '管理しているトークンを絞り込んで一覧表示',
  'usage.show': 'トークンの詳細を表示（シークレットは表示しません）',
  'usage.edit': 'トークン名・説明・主な連絡先・メールアドレス・スコープを変更',
  'usage.duplicate': '同じ設定で新しいトークンを作成（複製）',
  'usage.reset': 'トークンのシークレットを再発行（リセット）',
  'usage.upgrade': 'API バージョンを変更（省略時は最新）',
  'usage.disable': 'トークンを一時的に無効化',
  'usage.enable': '無効化したトークンを再び有効化',
  'usage.revoke': 'トークンを取り消し（元に戻せません。承認が必要な場合があります）',
  'usage.delete': 'トークンを完全に削除',
  'usage.audit': 'トークンの操作履歴',
  'usage.admin': '組織・ドメイン・ロールの管理',
  'command.unknown': (p) => `\`${p.subcommand}\` は /token のサブコマンドではありません。`,
  'command.notYetAvailable': (p) => `\`/token ${p.subcommand}\` はこのバージョンの tokenops ではまだ使えません。`,
};
