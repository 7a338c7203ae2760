// Japanese messages: revocation requests that need a second admin.
import type { CatalogOf } from '../catalog.js';
import type { revocationsEn } from '../en/revocations.js';
import { slackError } from './phrases.js';

export const revocationsJa: CatalogOf<typeof revocationsEn> = {
  'revocation.heading': (p) => {
    const heading = {
      pending: '取り消し申請',
      approved: '取り消し申請（承認済み）',
      rejected: '取り消し申請（却下）',
      expired: '取り消し申請（期限切れ）',
      closed: '取り消し申請（終了）',
    }[p.state];
    return `${heading}：${p.label}（\`${p.id}\`）`;
  },
  'revocation.requester': '申請者',
  'revocation.reason': '理由',
  'revocation.approve': '承認して取り消す',
  'revocation.reject': '却下',
  'revocation.pending': (p) => `${p.until} まで、このトークンの組織・ドメインの別の管理者による承認を待っています。`,
  'revocation.approved': (p) => `:no_entry: <@${p.user}> が ${p.when} に承認しました。トークンは取り消されました。`,
  'revocation.rejected': (p) =>
    `:leftwards_arrow_with_hook: <@${p.user}> が ${p.when} に却下しました。トークンは取り消されません。`,
  'revocation.expired': (p) =>
    `:hourglass: 承認・却下されないまま、${p.when} に期限切れになりました。トークンは取り消されません。`,
  'revocation.closedDeleted': '終了：承認待ちの間にトークンが削除されました。',
  'revocation.closedRevoked': '終了：承認待ちの間にトークンが直接取り消されました。',
  'revocation.askTitle': 'トークンの取り消し申請',
  'revocation.askSubmit': '申請',
  'revocation.rejectTitle': '取り消し申請を却下',
  'revocation.askAbout': (p) =>
    `「${p.label}」（\`${p.id}\`）を取り消す理由を入力してください。承認者はこの理由を確認してから承認・却下します。`,
  'revocation.rejectAbout': (p) =>
    `「${p.label}」（\`${p.id}\`）の取り消し申請を却下します。トークンは取り消されません。理由は申請者に伝わります。`,
  'revocation.viewRequest': '申請を表示',
  'revocation.asked': (p) =>
    `「${p.label}」（\`${p.id}\`）の取り消しを申請しました。申請先：${p.link}。このトークンの組織・ドメインの別の管理者が、そこで承認・却下します。`,
  'revocation.alreadyPending': (p) =>
    `「${p.label}」（\`${p.id}\`）の取り消し申請（申請者：${p.who}）はすでに承認待ちです。申請先：${p.link}。`,
  'revocation.postUnconfirmed': (p) =>
    `<#${p.channel}> に申請を投稿できたことについて Slack から確認が取れなかったため、申請は行われていません。そのチャンネルに表示されていても、そのボタンは使えません。しばらくしてからもう一度お試しください。`,
  'revocation.postFailed': (p) =>
    `<#${p.channel}> に申請を投稿できなかったため、申請は行われていません。そのチャンネルに tokenops を招待するか（そのチャンネルで \`/invite @tokenops\`）、ワークスペース管理者に APPROVALS_CHANNEL_ID の確認を依頼してから、もう一度申請してください。${slackError(p.error)}`,
  'revocation.alreadyDecided': (p) => `この申請はすでに <@${p.user}> が承認または却下しています。`,
  'revocation.alreadySettled': 'この申請はもう承認待ちではありません。',
  'home.pending': 'あなたの承認待ちの取り消し申請',
};
