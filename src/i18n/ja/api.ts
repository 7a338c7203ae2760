// Japanese messages of the management API: a refusal's detail that names the endpoint to use.
import type { CatalogOf } from '../catalog.js';
import type { apiEn } from '../en/api.js';

export const apiJa: CatalogOf<typeof apiEn> = {
  'api.error.token_not_found':
    'その ID のトークンは見つかりません（このキーで参照できるトークンに限ります）。GET /v1/tokens で一覧を取得できます。',
  'api.error.token_expired': (p) => {
    const path = `/v1/tokens/${p.id ?? '{id}'}`;
    const first = p.disabled
      ? `先に延長して有効化してください（POST ${path}/extend、続けて POST ${path}/enable）。延長して有効化すると、現在のシークレットが再び使えるようになります。`
      : `先に延長してください（POST ${path}/extend）。延長すると、現在のシークレットが再び使えるようになります。`;
    return `このトークンは有効期限が切れているため、シークレットをリセットしても使えません。${first}新しいシークレットも必要な場合は、その後にリセットしてください。`;
  },
  'api.error.outcome_unknown': (p) =>
    `保存中に tokenops とデータベースの接続が切れ、変更が保存されたかどうかを確認できませんでした。もう一度お試しになる前に、GET /v1/tokens${p.id ? `/${p.id}` : ''} で状態を確認してください。`,
  'api.error.extension_needs_approval': (p) =>
    `このトークンの延長には承認が必要なため（承認ルールの対象です）、有効期限をほかの項目と一緒に変更することはできません。何も変更していません。ほかの項目は expiry・expiry_date を含めずに送信してから、POST /v1/tokens/${p.id ?? '{id}'}/extend（または有効期限だけを変更する PATCH）で延長を申請してください。申請の ID とともに 202 を返します。`,
  'api.error.approval_required': (p) =>
    `この変更には承認が必要です。何も変更していません。POST /v1/tokens/${p.id ?? '{id}'}/${p.operation ?? 'revoke'} で承認を申請してください。承認が必要な場合、申請の ID とともに 202 を返します。`,
};
