// Japanese messages of the Workflow Builder steps and the report_leak shortcut.
import type { CatalogOf } from '../catalog.js';
import type { stepsEn } from '../en/steps.js';

const secrets = (count: number) => (count === 1 ? 'tokenops のシークレット' : `tokenops のシークレット ${count} 件`);

export const stepsJa: CatalogOf<typeof stepsEn> = {
  'step.because': (p) => `理由：${p.reason}`,
  'step.rejected': (p) => `申請は${p.by ? ` <@${p.by}> により` : ''}却下されました。${p.reason}`,
  'step.expired': () => '期限内に判断がなかったため、申請は期限切れになりました。何も変更していません。',
  'step.closed': (p) => `判断の前に申請は終了しました（申請中にトークンが削除されたか、取り消されました）。${p.reason}`,
  'step.withdrawn': (p) => `申請は${p.by ? ` <@${p.by}> により` : ''}取り下げられました。`,
  'step.failed': (p) => `申請は承認されましたが、トークンを作成できませんでした。${p.reason}`,
  'step.notPosted': '承認のための申請を投稿できなかったため、申請は行っていません。ワークスペース管理者に APPROVALS_CHANNEL_ID を確認してもらってください。',
  'reportLeak.title': '漏えいを報告',
  'reportLeak.submit': '報告する',
  'reportLeak.confirm': (p) => `このメッセージには ${secrets(p.count)}が含まれています。漏えいとして報告しますか？${p.action}トークンの管理者に通知します。メッセージ自体は保存しません。`,
  'reportLeak.action.revoke': '各トークンはただちに取り消されます。このトークンでのリクエストは拒否され、元に戻せません。',
  'reportLeak.action.disable': '各トークンはただちに無効化されます。管理者が再び有効化するまで、このトークンでのリクエストは拒否されます。',
  'reportLeak.action.notify': '管理者がシークレットをリセットするまで、トークンは引き続き使えます。',
  'reportLeak.none': 'そのメッセージに tokenops のシークレットは見つからなかったため、何も報告していません。',
  'reportLeak.did.revoke': 'そのトークンはただちに取り消されました。',
  'reportLeak.did.disable': 'そのトークンはただちに無効化されました。',
  'reportLeak.did.notify': 'シークレットがリセットされるまで、そのトークンは引き続き使えます。',
  'reportLeak.done': (p) =>
    `ありがとうございます。${secrets(p.count)}を漏えいとして報告しました。${p.action}管理者に通知しました。そのメッセージを今すぐ削除してください（⋮ →「メッセージを削除する」）。この会話の参加者がコピーした可能性があります。`,
  'reportLeak.nothingWorks': 'そのメッセージのシークレットはもう使えない（取り消し済み、リセット済み、または不明）ため、何もする必要はありません。',
};
