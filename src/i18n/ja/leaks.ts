// Japanese messages: leaked secrets.
import type { CatalogOf } from '../catalog.js';
import type { leaksEn } from '../en/leaks.js';

export const leaksJa: CatalogOf<typeof leaksEn> = {
  'leak.pasted': (p) =>
    `入力された文字列は「${p.label}」（\`${p.id}\`）の有効なシークレットでした。入力内容から削除したため tokenops には保存されていませんが、本来ダイレクトメッセージだけで受け渡すシークレットが、それ以外の場所で Slack に送信されています。念のため、新しいシークレット（「シークレットをリセット」または「複製」）に切り替えるまで、このトークンを無効化しますか？`,
  'leak.pastedAsk': (p) =>
    `入力された文字列は「${p.label}」（\`${p.id}\`）の有効なシークレットでした。入力内容から削除したため tokenops には保存されていませんが、本来ダイレクトメッセージだけで受け渡すシークレットが、それ以外の場所で Slack に送信されています。念のため、${p.admins}に新しいシークレットへの切り替えを依頼してください。`,
  'leak.pastedTold': (p) =>
    `入力された文字列は「${p.label}」（\`${p.id}\`）の有効なシークレットでした。入力内容から削除したため tokenops には保存されていませんが、本来ダイレクトメッセージだけで受け渡すシークレットが、それ以外の場所で Slack に送信されています。新しいシークレットに切り替えられる${p.admins}に通知しました。`,
  'leak.pastedByOther': (p) =>
    `:warning: ${p.who} が「${p.label}」（\`${p.id}\`、${p.owner}）の有効なシークレットを tokenops のコマンドまたはフォームに入力しました。入力内容から削除したため tokenops には保存されていませんが、本来ダイレクトメッセージだけで受け渡すシークレットが、それ以外の場所で Slack に送信されています。念のため、新しいシークレット（「シークレットをリセット」または「複製」）に切り替えるまで、このトークンを無効化しますか？`,
  'leak.pastedDisabledBy': (p) =>
    `:white_check_mark: 「${p.label}」（\`${p.id}\`）は無効化されました（対応者：${p.who}）。Slack に送信されたシークレットは、無効化されている間は使えません。再び有効化する前に、新しいシークレット（「シークレットをリセット」または「複製」）に切り替えてください。`,
  'leak.pastedRevokedBy': (p) =>
    `:white_check_mark: 「${p.label}」（\`${p.id}\`）は取り消されました（対応者：${p.who}）。Slack に送信されたシークレットは、もう使えません。`,
  'leak.pastedDeletedBy': (p) =>
    `:white_check_mark: 「${p.label}」（\`${p.id}\`）は削除されました（対応者：${p.who}）。Slack に送信されたシークレットは、もう使えません。`,
  'leak.found': (p) =>
    `:rotating_light: 「${p.label}」（\`${p.id}\`、${p.owner}）のシークレットが漏えいしました（報告元：${p.reporter}、場所：${p.location}）。`,
  'leak.reporter.github': 'GitHub のシークレットスキャン',
  'leak.reporter.gitlab': 'GitLab のシークレット検出',
  'leak.reporter.slack': 'Slack 上の tokenops',
  'leak.postedInSlack': (p) =>
    `投稿したメッセージに tokenops のシークレットが${p.count === 1 ? '' : ` ${p.count} 件`}含まれています。${p.done}${p.before}そのメッセージを今すぐ削除してください（⋮ →「メッセージを削除する」）。この会話の参加者がコピーした可能性があります。メッセージの本文は tokenops には保存していません。`,
  'leak.postedAction.revoke': (p) =>
    p.of === 1
      ? 'このトークンは取り消されました。'
      : p.count === p.of
        ? 'これらのトークンは取り消されました。'
        : `そのうち ${p.count} 件のトークンは今回取り消されました。`,
  'leak.postedAction.disable': (p) =>
    p.of === 1
      ? 'このトークンは無効化されました（管理 API キーの場合は取り消されました）。'
      : p.count === p.of
        ? 'これらのトークンは無効化されました（管理 API キーの場合は取り消されました）。'
        : `そのうち ${p.count} 件のトークンは今回無効化されました（管理 API キーの場合は取り消されました）。`,
  'leak.postedAction.notify': (p) =>
    p.of === 1
      ? 'このトークンの組織・ドメインの管理者に通知しました。'
      : p.count === p.of
        ? 'これらのトークンの組織・ドメインの管理者に通知しました。'
        : `そのうち ${p.count} 件のトークンについて、組織・ドメインの管理者に今回通知しました。`,
  'leak.postedAction.known': (p) =>
    p.of === 1
      ? 'このシークレットは以前にも漏えいとして報告されており、そのときに管理者へ通知済みです。'
      : p.count === p.of
        ? 'これらのシークレットは以前にも漏えいとして報告されており、そのときに管理者へ通知済みです。'
        : `残りの ${p.count} 件は以前にも漏えいとして報告されており、そのときに管理者へ通知済みです。`,
  'leak.noLocation': '不明',
  'leak.inSlack': (p) => `Slack のチャンネル（ID：${p.channel}）`,
  'leak.done.revoke': 'ただちに取り消しました。このトークンでのリクエストは拒否されます。',
  'leak.done.disable': 'ただちに無効化しました。このトークンでのリクエストは拒否されます。',
  'leak.done.notify': 'このトークンはまだ使えます。悪用される前に、今すぐシークレットをリセットしてください。',
  'leak.done.notifyOthers': 'シークレットがリセットされるまで、このトークンは使えます。',
  'leak.done.revokedSince': 'このトークンは取り消されています。このトークンでのリクエストは拒否されます。',
  'leak.done.notifyInactive':
    '何も変更していません。このトークンは無効化されているか有効期限が切れているため、現在は使えません。このシークレットのまま有効化・延長はせずに取り消し、代わりのトークンは複製して用意してください。',
  'leak.replaceRevoked':
    '代わりのトークンが必要な場合は、トークンを複製してください（複製すると、同じ設定で新しいシークレットが発行されます）。新しいシークレットは、コードやチャットに記載しないでください。',
  'leak.replaceAsk': (p) =>
    `代わりのトークンが必要な場合は、${p.admins}に依頼してください。シークレットのリセットやトークンの複製ができます。`,
  'leak.replaceAskDuplicate': (p) =>
    `代わりのトークンが必要な場合は、${p.admins}に依頼してください。トークンを複製できます（複製すると、同じ設定で新しいシークレットが発行されます）。`,
  'leak.replace':
    '代わりのトークンが必要な場合は、シークレットをリセットするか、トークンを複製してください（複製すると、同じ設定で新しいシークレットが発行されます）。新しいシークレットは、コードやチャットに記載しないでください。',
};
