// Japanese messages: refusals and validation errors.
import type { CatalogOf } from '../catalog.js';
import type { errorsEn } from '../en/errors.js';

/** Webhook の URL を受け付けない理由（notify/webhooks/destination.ts）。 */
const urlProblem: Record<string, string> = {
  malformed: 'URL の形式ではありません（例：https://hooks.example.com/tokenops）。',
  scheme: 'イベントを受信できるのは https:// の URL だけです。',
  credentials:
    'URL にユーザー名またはパスワードが含まれています。認証情報はパスやクエリに含めるか、署名で検証してください。',
  private_address:
    'ホストがループバック・プライベート・リンクローカルのアドレスです。社内の受信先を使う場合は、WEBHOOK_ALLOWED_HOSTS への登録を運用担当者に依頼してください。',
  unresolvable: 'ホスト名を名前解決できません。',
};

export const errorsJa: CatalogOf<typeof errorsEn> = {
  'error.not_permitted':
    'このトークンの組織・ドメインの管理者ではないため、この操作はできません。何も変更していません。',
  'error.workspace_admin_only': '組織・ドメイン・ロールを管理できるのはワークスペース管理者だけです。',
  'error.token_not_found':
    'その ID のトークンは見つかりません。ID を確認してください（`/token list` で一覧を表示できます）。',
  'error.owner_not_found': 'その組織・ドメインは見つかりません。',
  'error.organization_not_found': (p) =>
    p.slug ? `組織 \`${p.slug}\` が見つかりません。` : 'その組織は見つかりません。',
  'error.organization_exists': (p) =>
    p.slug ? `組織 \`${p.slug}\` はすでに存在します。` : 'その組織はすでに存在します。',
  'error.domain_exists': (p) =>
    p.domain ? `ドメイン \`${p.domain}\` はすでに存在します。` : 'そのドメインはすでに存在します。',
  'error.invalid_slug': '組織のスラッグは、英小文字・数字・ハイフンを使って 2〜40 文字で指定してください。',
  'error.invalid_domain': 'shop.example.com のようなドメイン名を指定してください。',
  'error.grant_not_found': 'そのメンバーにはそのロールが付与されていません。',
  'error.role_from_config':
    'そのメンバーは ADMIN_USER_IDS の設定によるワークスペース管理者です。この設定は tokenops の運用担当者だけが変更できます。何も変更していません。',
  'error.no_owner':
    '管理している組織・ドメインがないため、トークンを作成できません。ワークスペース管理者に、`/token admin grant` でロールを付与するよう依頼してください。',
  'error.no_organization':
    'まだ組織がありません（トークンはいずれかの組織に属します）。まず `/token admin org create &lt;slug&gt; [name]` で組織を作成し、`/token admin grant @user org_admin &lt;slug&gt;` で管理者を指定してください。',
  'error.label_required': 'トークン名を入力してください。',
  'error.text_unsafe_characters':
    '目に見えない文字や制御文字（ゼロ幅スペースや方向指定の記号など）を削除してください。見分けのつかない名前の原因になります。',
  'error.button_invalid':
    'このボタンは使えなくなりました（メッセージが古いか、変更されています）。もう一度コマンドを実行してください。',
  'error.label_too_long': (p) => `トークン名は ${p.max ?? 64} 文字以内で入力してください。`,
  'error.label_taken':
    'この組織・ドメインには、同じ名前のトークン（取り消し済みを除く）がすでにあります。別の名前を入力してください。',
  'error.description_too_long': (p) => `説明は ${p.max ?? 500} 文字以内で入力してください。`,
  'error.scopes_required': 'スコープを 1 件以上選択してください。',
  'error.scope_unknown': (p) =>
    p.scope ? `スコープ ${p.scope} はカタログにありません。` : 'そのスコープはカタログにありません。',
  'error.version_unknown': (p) =>
    p.version ? `API バージョン ${p.version} は存在しません。` : 'その API バージョンは存在しません。',
  'error.version_unchanged': (p) =>
    p.version
      ? `このトークンはすでに API バージョン ${p.version} を使用しています。`
      : 'このトークンはすでにその API バージョンを使用しています。',
  'error.expiry_invalid': (p) =>
    `有効期限の指定が正しくありません。${(p.allowed ?? '7d 30d 60d 90d 180d 365d').split(' ').join('・')} のいずれか、または日付（YYYY-MM-DD 形式）を指定してください。`,
  'error.expiry_in_past': '今日（UTC）以降の日付を選択してください。',
  'error.expiry_beyond_policy': (p) =>
    p.max ? `トークンの有効期間は最長 ${p.max} 日間です。` : 'ポリシーで認められた有効期間を超えています。',
  'error.never_not_allowed': 'この組織・ドメインのトークンには有効期限が必要です（無期限にはできません）。',
  'error.email_invalid': (p) =>
    p.email ? `「${p.email}」は有効なメールアドレスではありません。` : '有効でないメールアドレスが含まれています。',
  'error.too_many_emails': (p) => `メールアドレスは ${p.max ?? 10} 件以内で入力してください。`,
  'error.ip_invalid': (p) =>
    `${p.entry ? `「${p.entry}」は` : 'いずれかの項目が'} IP アドレスでも CIDR 範囲でもありません（例：203.0.113.7、10.0.0.0/8、2001:db8::/32）。`,
  'error.ip_prefix_invalid': (p) =>
    `${p.entry ? `「${p.entry}」の` : ''}プレフィックス長は ${p.min ?? 0} から ${p.max ?? 32} までで指定してください。`,
  'error.ip_host_bits': (p) =>
    `${p.entry ? `「${p.entry}」` : 'この範囲'}はホスト部のビットが 0 になっていません。ネットワークアドレス${p.network ? `（${p.network}）` : ''}を指定するか、単一のアドレスであればプレフィックス長を付けずに指定してください。`,
  'error.ip_zone': (p) =>
    `${p.entry ? `「${p.entry}」` : 'この項目'}には、特定のマシンでしか意味を持たないネットワークインターフェースの指定（% 以降）が含まれています。${p.address ? `% 以降を除いて ${p.address} と指定してください。` : '% 以降を除いたアドレスを指定してください。'}このアドレスは、インターフェース指定付きで届く呼び出しにも一致します。`,
  'error.ip_matches_nobody': (p) =>
    `${p.entry ? `「${p.entry}」` : 'このアドレス'}はクライアントに割り当てられることのないアドレス（未指定・マルチキャスト・予約済み）のため、許可しても意味がありません。削除するか、正しいアドレスに直してください。`,
  'error.too_many_ips': (p) => `許可する IP アドレス・範囲は ${p.max ?? 50} 件以内で入力してください。`,
  'error.rate_limit_invalid': (p) =>
    `${p.value ? `「${p.value}」` : 'この値'}はレート制限の形式ではありません。「回数/単位」の形式で指定してください。回数は 1〜${Number(p.max ?? 1_000_000).toLocaleString('ja-JP')}、単位は s・min・h・day のいずれかです（例：600/min）。`,
  'error.rate_limit_out_of_range': (p) =>
    `${p.value ? `「${p.value}」の` : ''}回数は 1〜${Number(p.max ?? 1_000_000).toLocaleString('ja-JP')} で指定してください。`,
  'error.contact_required': '主担当者を選択してください。',
  'error.contact_deactivated':
    'このメンバーの Slack アカウントは解除されているため、リマインダーを受け取れません。ワークスペースに在籍しているメンバーを選択してください。',
  'error.contact_bot': 'ボットは主担当者にできません（リマインダーを読めないため）。メンバーを選択してください。',
  'error.contact_unknown':
    'このメンバーは Slack のワークスペースに見つかりません。ワークスペースのメンバーから主担当者を選択してください。',
  'error.token_expired': (p) => {
    const id = p.id ?? '&lt;id&gt;';
    const first = p.disabled
      ? `先に延長して有効化してください（\`/token extend ${id}\` と \`/token enable ${id}\`、またはメニューの「延長」と「有効化」）。延長して有効化すると、現在のシークレットが再び使えるようになります。`
      : `先に延長してください（\`/token extend ${id}\`、またはメニューの「延長」）。延長すると、現在のシークレットが再び使えるようになります。`;
    return `このトークンは有効期限が切れているため、シークレットをリセットしても使えません。${first}新しいシークレットも必要な場合は、その後にリセットしてください。`;
  },
  'error.token_revoked': 'このトークンは取り消し済みのため、変更できません。',
  'error.already_disabled': 'このトークンはすでに無効です。',
  'error.already_enabled': 'このトークンはすでに有効です。',
  'error.grace_invalid': '猶予期間は now・1h・24h・7d のいずれかを指定してください。',
  'error.unexpected': 'tokenops 側で問題が発生しました。何も変更していません。もう一度お試しください。',
  'error.apikey_not_found':
    'その管理 API キーは見つかりません（対象は、ご自身が管理者になっている組織・ドメイン・ワークスペースのキーです）。',
  'error.apikey_revoked': 'その管理 API キーはすでに取り消されています。',
  'error.unavailable':
    '現在 tokenops がデータベースまたは Redis に接続できないため、何も変更していません。1 分ほどしてからもう一度お試しください。',
  'error.outcome_unknown': (p) =>
    `保存中に tokenops とデータベースの接続が切れ、変更が保存されたかどうかを確認できませんでした。もう一度お試しになる前に、${p.id ? `\`/token show ${p.id}\`` : '`/token list`'} で状態を確認してください。`,
  'error.partial': (p) =>
    `tokenops 側で処理の途中に問題が発生しました。一部はすでに実行されています。もう一度お試しになる前に、${p.id ? `\`/token show ${p.id}\` または \`/token audit ${p.id}\`` : '`/token list`'} で状態を確認してください。`,
  'error.reason_required': '取り消しの理由を入力してください。',
  'error.request_not_found': 'その申請はすでに存在しません。',
  'error.own_request': 'ご自身が申請した取り消しです。別の管理者が承認・却下する必要があります。',
  'error.request_own': 'ご自身の申請です。ほかの人が承認・却下する必要があります。',
  'error.request_already_approved':
    'この申請はご自身がすでに承認しています（承認は 1 人につき 1 回だけ数えます）。ほかの承認者の承認を待っています。',
  'error.request_not_approver': 'この申請の承認者ではないため、承認・却下できません。何も変更していません。',
  'error.request_group_unreadable':
    'この申請の承認者には、tokenops が現在読み取れない Slack ユーザーグループが含まれています。安全のため、このグループのメンバーは承認できません。ワークスペース管理者に、tokenops のユーザーグループへのアクセス権限（usergroups:read）を確認するよう依頼してください。',
  'error.request_not_requester': 'この申請を取り下げられるのは申請者だけです。',
  'error.request_reason_required': 'このトークンが必要な理由を入力してください（承認者が確認します）。',
  'error.event_type_unknown': (p) =>
    `${p.type ? `イベント種別 \`${p.type}\` は存在しません。` : 'そのイベント種別は存在しません。'}${
      p.known
        ? `指定できる種別：${p.known
            .split(' ')
            .map((type) => `\`${type}\``)
            .join('、')}。`
        : ''
    }何も変更していません。`,
  'error.webhook_url_refused': (p) =>
    `その URL にはイベントを送信できません。${p.reason ? (urlProblem[p.reason] ?? p.reason) : ''}何も変更していません。`,
  'error.webhook_not_found':
    'その ID の Webhook エンドポイントは見つかりません。`/token webhook list` で一覧を表示できます。',
  'error.webhook_disabled':
    'この Webhook エンドポイントは、送信の失敗が続いたため停止しています。テストを含め、イベントは送信されません。受信側を修正してから、いったん削除して追加し直してください（`/token webhook remove` のあと `add`）。',
  'error.extension_needs_approval': (p) =>
    `このトークンの延長には承認が必要なため（承認ルールの対象です）、有効期限をほかの設定と一緒に変更することはできません。何も保存していません。ほかの変更は有効期限を変えずに保存してから、\`/token extend ${p.id ?? '&lt;id&gt;'}\`（または有効期限だけを変更する編集）で延長を申請してください。`,
  'error.approval_required': (p) =>
    p.operation === 'reset'
      ? `このトークンのシークレットのリセットには承認が必要です（承認ルールの対象です）。\`/token reset ${p.id ?? '&lt;id&gt;'}\` で申請してください。何も変更していません。`
      : p.operation === 'extend'
        ? `このトークンの延長には承認が必要です（承認ルールの対象です）。\`/token extend ${p.id ?? '&lt;id&gt;'}\` で申請してください。何も変更していません。`
        : `このトークンの取り消しには別の管理者の承認が必要です。\`/token revoke ${p.id ?? '&lt;id&gt;'} &lt;reason&gt;\` で申請してください。何も変更していません。`,
};
