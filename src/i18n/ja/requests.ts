// Japanese messages of token requests and approval policies (README: Token requests and approval policies).
import type { ApprovalRequest } from '../../domain/ports.js';
import { stateMessages, type RequestState as State } from '../words.js';
import type { CatalogOf } from '../catalog.js';
import type { requestsEn } from '../en/requests.js';
import { joined, slackError } from './phrases.js';

const WHY: Record<string, string> = {
  owner_not_found: 'その組織・ドメインはすでに存在しません',
  scope_unknown: '申請されたスコープがカタログにありません',
  scopes_required: '申請されたスコープがすべてカタログから削除されています',
  label_taken: 'その組織・ドメインに同じ名前のトークンがすでにあります',
  version_unknown: '申請された API バージョンは提供されていません',
  expiry_beyond_policy: '有効期間が現在のポリシーの上限を超えています',
  expiry_in_past: '有効期限の日付が過ぎています',
  never_not_allowed: '現在のポリシーでは無期限のトークンを発行できません',
  undelivered: '申請者にシークレットを届けられなかったため、発行したトークンを破棄しました',
  token_not_found: 'そのトークンはすでに存在しません',
  token_revoked: 'そのトークンは取り消されています',
  token_expired: 'そのトークンは期限切れです。延長してください',
  not_posted: '承認者への投稿に失敗したか、確認が取れませんでした',
  contact_deactivated: '申請者の Slack アカウントが解除されています',
  reset_undone: '新しいシークレットを届けられなかったため、シークレットのリセットを元に戻しました',
};

type Change = Exclude<ApprovalRequest['kind'], 'request'>;
const CHANGE: Record<Change, string> = { revoke: '取り消し', reset: 'シークレットのリセット', extend: '延長' };
/** A change's request, one word as 取り消し申請 is: 延長申請, シークレットのリセット申請. */
const CHANGE_STATES: Record<State, string> = {
  pending: '申請',
  approved: '申請（承認済み）',
  rejected: '申請（却下）',
  expired: '申請（期限切れ）',
  withdrawn: '申請（取り下げ）',
  closed: '申請（終了）',
  failed: '申請（失敗）',
};
const approvedBy = (p: { user: string; when: string }) =>
  `:white_check_mark: 承認されました（最後の承認：<@${p.user}>、${p.when}）。`;

const HEADINGS: Record<State, string> = {
  pending: 'トークンの発行申請',
  approved: 'トークンの発行申請（承認済み）',
  rejected: 'トークンの発行申請（却下）',
  expired: 'トークンの発行申請（期限切れ）',
  withdrawn: 'トークンの発行申請（取り下げ）',
  closed: 'トークンの発行申請（終了）',
  failed: 'トークンの発行申請（発行失敗）',
};

const STATES: Record<State, string> = {
  pending: '承認待ち',
  approved: '承認済み',
  rejected: '却下',
  expired: '期限切れ',
  withdrawn: '取り下げ',
  closed: '終了',
  failed: '失敗',
};

/** A rule's owners and scopes in one parenthesis. */
const scope = (owners: string, scopes: string) => {
  const items = [owners && `対象：${owners}`, scopes && `スコープ：${scopes}`].filter(Boolean);
  return items.length ? `（${items.join('、')}）` : '';
};

export const requestsJa: CatalogOf<typeof requestsEn> = {
  'usage.request': 'トークンの発行を申請（承認ポリシーで定められた承認者が承認・却下）',
  'usage.policy': '適用中の承認ルールを表示',
  'request.title': 'トークンの発行申請',
  'request.submit': '申請',
  'request.intro':
    '申請は承認者に届きます。承認されると、ご自身を主担当者としてトークンが発行され、シークレットはダイレクトメッセージで一度だけお届けします。',
  'request.reason': '必要な理由',
  'request.hint.reason': 'トークンの用途と、誰が使用するかを入力してください。承認者が確認します。',
  'request.placeholder.owner': '組織・ドメインを検索',
  'request.hint.owner': (p) =>
    `${p.count.toLocaleString('ja-JP')} 件の組織・ドメインから選択できます。名前の一部（acme、shop など）を入力して検索してください。`,
  'request.heading': (p) =>
    p.kind === 'request'
      ? `${HEADINGS[p.state]}：${p.label}`
      : `${CHANGE[p.kind]}${CHANGE_STATES[p.state]}：${p.label}`,
  'request.byKey': (p) => `管理 API キー \`${p.id}\``,
  'change.reason': '理由',
  'change.newExpiry': '新しい有効期限',
  'change.oldSecrets': '現在のシークレット',
  'change.approved': (p) => `${approvedBy(p)}実行しています…`,
  'change.done.revoke': (p) => `${approvedBy(p)}トークン \`${p.id}\` を取り消しました。`,
  'change.done.reset': (p) =>
    `${approvedBy(p)}トークン \`${p.id}\` に新しいシークレットを発行し、ダイレクトメッセージで一度だけ送信しました。`,
  'change.done.extend': (p) => `${approvedBy(p)}トークン \`${p.id}\` の有効期限を延長しました。`,
  'change.closed': (p) => `:no_entry_sign: 何も変更せずに申請を終了しました。理由：${p.why}。`,
  'change.failed': (p) =>
    `:warning: 承認されましたが、何も変更していません。${p.why}。必要であれば、もう一度申請してください。`,
  'change.asked': (p) =>
    `${p.byContact ? 'ご自身が管理していないトークンのため、' : '承認ポリシーに従い、'}「${p.label}」（\`${p.id}\`）の${CHANGE[p.operation]}を${p.where}申請しました。結果はダイレクトメッセージでお知らせします。`,
  'change.yours': (p) => `ご自身が申請した「${p.label}」（\`${p.id}\`）の${CHANGE[p.operation]}：`,
  'change.forContact': (p) =>
    `ご自身が主担当者になっている「${p.label}」（\`${p.id}\`）について、${p.user} が${CHANGE[p.operation]}を申請しました：`,
  'change.alreadyPending': (p) =>
    `「${p.label}」（\`${p.id}\`）の${CHANGE[p.operation]}申請（申請者：${p.user}）はすでに承認待ちです。新しい申請は行われていません。`,
  'request.requester': '申請者',
  'request.byContact': (p) => `${p.user}（主担当者）`,
  'request.progress': (p) => `承認 ${p.count} / ${p.required} 人${p.users.length ? `：${p.users.join('、')}` : ''}`,
  'request.mayApprove': (p) =>
    `${p.escalated ? ':arrow_double_up: エスカレーション済み。' : ''}承認できる人：${p.who}（申請者本人を除き、1 人につき 1 回）。`,
  'request.noApprovers':
    ':warning: 承認ポリシーで指定された人の中に、この申請を承認できる人がいません。ワークスペース管理者にポリシーの確認を依頼してください。',
  'request.ownerAdmins': (p) => `${p.owner} の管理者`,
  'request.role.org_admin': (p) => (p.domain ? `${p.owner} が属する組織の管理者` : `${p.owner} の管理者`),
  'request.role.domain_admin': (p) => (p.domain ? `${p.owner} の管理者` : `${p.owner} 内のドメインの管理者`),
  'request.role.workspace_admin': 'ワークスペース管理者',
  'request.groupUnreadable': (p) =>
    `:warning: tokenops がユーザーグループ ${p.groups.join('、')} を読み取れませんでした。安全のため、このグループのメンバーは承認できません。ワークスペース管理者に、tokenops のユーザーグループへのアクセス権限（usergroups:read）を確認するよう依頼してください。`,
  'request.pending': (p) => `${p.until} まで承認を待っています。`,
  'request.approved': (p) =>
    `:white_check_mark: 承認されました（最後の承認：<@${p.user}>、${p.when}）。トークンを発行しています…`,
  'request.approvedIssued': (p) =>
    `:white_check_mark: 承認されました（最後の承認：<@${p.user}>、${p.when}）。トークン \`${p.id}\` を発行し、シークレットを申請者に届けました。`,
  'request.approvedIssuedYours': (p) =>
    `:white_check_mark: 承認されました（最後の承認：<@${p.user}>、${p.when}）。トークン \`${p.id}\` を発行し、シークレットをダイレクトメッセージでお届けしました。`,
  'request.approvedSending': (p) =>
    `:white_check_mark: 承認されました（最後の承認：<@${p.user}>、${p.when}）。トークン \`${p.id}\` を発行し、シークレットを申請者にお送りしています。`,
  'request.approvedSendingYours': (p) =>
    `:white_check_mark: 承認されました（最後の承認：<@${p.user}>、${p.when}）。トークン \`${p.id}\` を発行し、シークレットをダイレクトメッセージでお送りしています。`,
  'request.rejected': (p) => `:leftwards_arrow_with_hook: <@${p.user}> が ${p.when} に却下しました。`,
  'request.expired': (p) => `:hourglass: 承認・却下されないまま、${p.when} に期限切れになりました。`,
  'request.withdrawn': (p) => `:wastebasket: ${p.when} に申請者が取り下げました。`,
  'request.closed': (p) => `:no_entry_sign: トークンを発行せずに申請を終了しました。理由：${p.why}。`,
  'request.failed': (p) =>
    `:warning: 承認されましたが、トークンの発行を完了できませんでした。${p.why}。申請者はもう一度申請できます。`,
  'request.why': (p) => WHY[p.code] ?? '現在の設定では認められなくなりました',
  'request.approve': '承認',
  'request.reject': '却下',
  'request.withdraw': '取り下げ',
  'request.yours': (p) => `ご自身が申請したトークン「${p.label}」の発行：`,
  'request.asked': (p) =>
    `「${p.label}」の発行を${p.where}申請しました。結果はダイレクトメッセージでお知らせします。承認された場合は、シークレットもそのダイレクトメッセージで一度だけお届けします。`,
  'request.where.channel': (p) => ` <#${p.channel}> で`,
  'request.where.dm': (p) => `承認者 ${p.count} 人にダイレクトメッセージで`,
  'request.nobodyToAsk':
    'この申請を承認できる人がいません（承認ポリシーで指定された承認者が Slack のワークスペースにいません）。ワークスペース管理者に承認ポリシーの確認を依頼してください。申請は行われていません。',
  'request.noneReached':
    'どの承認者にもダイレクトメッセージを送信できなかったため、申請は行われていません。しばらくしてからもう一度申請するか、ワークスペース管理者に相談してください。',
  'request.postUnconfirmed':
    '申請を投稿できたことについて Slack から確認が取れなかったため、申請は行われていません。承認者に届いていても、そのボタンは使えません。しばらくしてからもう一度お試しください。',
  'request.postFailed': (p) => `申請を投稿できなかったため、申請は行われていません。${slackError(p.error)}`,
  'request.counted': (p) => `承認を受け付けました（${p.count} / ${p.required} 人）。ほかの承認者の承認を待っています。`,
  'request.alreadyDecided': (p) => `この申請はもう承認待ちではありません（状態：${STATES[p.state]}）。`,
  'request.withdrawnDone': (p) =>
    `「${p.label}」の${p.kind === 'request' ? '発行' : CHANGE[p.kind]}申請を取り下げました。`,
  'request.escalatedNotice': (p) =>
    `:arrow_double_up: ${p.kind === 'request' ? 'トークンの発行申請' : `${CHANGE[p.kind]}申請`}「${p.label}」が期限内に承認・却下されなかったため、${joined(p.who, 'に')}エスカレーションしました。引き続き承認・却下できます。`,
  'request.mine': 'あなたの申請',
  'request.mineItem': (p) =>
    `• 「${p.label}」の${p.kind === 'request' ? '発行' : CHANGE[p.kind]}申請（${p.owner}）：${p.state}${p.id ? ` \`${p.id}\`` : ''}`,
  ...stateMessages(STATES),
  'request.rejectTitle': '申請を却下',
  'request.rejectAbout': (p) =>
    `${p.user} の「${p.label}」の${p.kind === 'request' ? '発行' : CHANGE[p.kind]}申請を却下します。理由を入力した場合は、申請者に伝わります。`,
  'request.rejectReason': '理由（任意）',
  'request.toDecide': 'あなたの承認待ちの申請',
  'request.toDecideItem': (p) =>
    `• 「${p.label}」の${p.kind === 'request' ? '発行' : CHANGE[p.kind]}申請（${p.owner}、申請者：${p.user}）`,
  'request.homeButton': 'トークンを申請',
  'policy.heading': '適用中の承認ルール',
  'policy.none':
    'カタログに承認ルールはありません。トークンの発行申請には、その組織・ドメインの管理者 1 人の承認が必要です。取り消しは、承認チャンネル（APPROVALS_CHANNEL_ID）が設定されている場合、その組織・ドメインの別の管理者 1 人の承認が必要です。シークレットのリセットと延長には承認は不要です（ただし、管理者ではない主担当者が申請した延長には、その組織・ドメインの管理者 1 人の承認が必要です）。',
  'policy.rule': (p) =>
    `• *${p.name}* — ${p.operations}${scope(p.owners, p.scopes)}：${p.required === 0 ? '承認は不要です。' : `${joined(p.approvers, 'のうち')} ${p.required} 人の承認が必要です。`}${p.escalation}`,
  'policy.escalation': (p) =>
    `${p.after}以内に承認・却下されなければ、${joined(`${p.to}`, 'にも')}エスカレーションします。`,
  'policy.role.org_admin': '組織の管理者',
  'policy.role.domain_admin': 'ドメインの管理者',
  'policy.operation.request': 'トークンの発行申請',
  'policy.operation.revoke': '取り消し',
  'policy.operation.reset': 'シークレットのリセット',
  'policy.operation.extend': '延長',
  'policy.ownerAdmins': 'その組織・ドメインの管理者',
  'policy.more': (p) =>
    `ほかに ${p.count} 件のルールが適用されていますが、ここには表示していません。すべてのルールはカタログ（TOKENOPS_CATALOG）で確認できます。`,
  'policy.footer':
    '最も具体的なルールが適用されます（スコープ、ドメイン、組織の順）。申請者本人は承認できず、同じ人の承認は 1 回だけ数えます。そのため、発行申請、取り消し申請、主担当者による延長申請は、必ず申請者以外の人が承認します。',
  'duration.minutes': (p) =>
    p.minutes % 1440 === 0
      ? `${p.minutes / 1440} 日`
      : p.minutes % 60 === 0
        ? `${p.minutes / 60} 時間`
        : `${p.minutes} 分`,
};
