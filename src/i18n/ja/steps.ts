// Japanese messages of the Workflow Builder steps and the report_leak shortcut.
import { WIDE_SPACE } from './phrases.js';
import type { CatalogOf } from '../catalog.js';
import type { stepsEn } from '../en/steps.js';

const secrets = (count: number) => (count === 1 ? 'tokenops のシークレット' : `tokenops のシークレット ${count} 件`);

export const stepsJa: CatalogOf<typeof stepsEn> = {
  'step.because': (p) => `理由：${p.reason.replace(/。$/, '')}。`,
  'step.rejected': (p) => `${p.by ? `<@${p.by}> が申請を却下しました。` : '申請は却下されました。'}${p.reason}`,
  'step.expired': () => '期限内に承認・却下されなかったため、申請は期限切れになりました。何も変更していません。',
  'step.closed': (p) => `申請内容を実行できなくなったため、何も変更せずに申請を終了しました。${p.reason}`,
  'step.withdrawn': (p) => (p.by ? `<@${p.by}> が申請を取り下げました。` : '申請は取り下げられました。'),
  'step.failed': (p) => `申請は承認されましたが、実行できませんでした。${p.reason}`,
  'step.notPosted':
    '承認者に申請を投稿できなかったか、投稿できたことについて Slack から確認が取れなかったため、申請は行われていません（承認チャンネルへの投稿、または承認者へのダイレクトメッセージに失敗したか、承認できる人がいません）。承認者に届いていても、そのボタンは使えません。ワークスペース管理者に確認を依頼してください。',
  'reportLeak.title': '漏えいを報告',
  'reportLeak.submit': '報告',
  'reportLeak.confirm': (p) =>
    `このメッセージには tokenops のシークレットが${p.count === 1 ? '' : ` ${p.count} 件`}含まれています。漏えいとして報告しますか？${WIDE_SPACE}${p.action}該当するトークンの組織・ドメインの管理者に通知します。メッセージの本文は tokenops には保存しません。`,
  'reportLeak.action.revoke':
    '該当するトークンはただちに取り消され、以後のリクエストは拒否されます。この操作は元に戻せません。',
  'reportLeak.action.disable':
    '該当するトークンはただちに無効化され、管理者が再び有効化するまでリクエストは拒否されます（管理 API キーは取り消されます）。',
  'reportLeak.action.notify': '管理者がシークレットをリセットするまで、該当するトークンは引き続き使えます。',
  'reportLeak.none': 'そのメッセージに tokenops のシークレットは見つからなかったため、何も報告していません。',
  'reportLeak.did.revoke': '該当するトークンはただちに取り消されました。',
  'reportLeak.did.disable': '該当するトークンはただちに無効化されました。',
  'reportLeak.did.notify': 'シークレットがリセットされるまで、該当するトークンは引き続き使えます。',
  'reportLeak.doneKnown': (p) =>
    `ありがとうございます。${p.count === 1 ? 'このシークレット' : 'これらのシークレット'}は以前にも漏えいとして報告されており、そのときに対応と管理者への通知を済ませています。そのメッセージは今すぐ削除してください（ご自身の投稿なら ⋮ →「メッセージを削除する」、ほかの人の投稿なら投稿者に削除を依頼してください）。この会話の参加者がコピーした可能性があります。`,
  'reportLeak.done': (p) =>
    `ありがとうございます。${secrets(p.count)}を漏えいとして報告しました。${p.action}管理者に通知しました。${p.reportedBefore ? `ほかの ${p.reportedBefore} 件は以前にも漏えいとして報告されており、そのときに対応と管理者への通知を済ませています。` : ''}そのメッセージは今すぐ削除してください（ご自身の投稿なら ⋮ →「メッセージを削除する」、ほかの人の投稿なら投稿者に削除を依頼してください）。この会話の参加者がコピーした可能性があります。`,
  'reportLeak.nothingWorks':
    'そのメッセージに含まれるシークレットは、取り消し済み・リセット済み、または tokenops に登録されていないため、すでに使えません。対応は不要です。',
};
