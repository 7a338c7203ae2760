// The e-mails developers get. Their language is not known (they are addresses, not Slack
// users), so each e-mail states both: English, then Japanese.
import { timeLeft } from '../domain/reminders.js';
import type { Token } from '../domain/tokens.js';
import { ownerText, translator } from '../i18n/index.js';
import { say, type Worded } from '../i18n/words.js';
import { leakState, slackLeakChannel, type Leak, type LeakState } from '../domain/leaks.js';

const english = translator('en');
const japanese = translator('ja');
const both = (en: string, ja: string) => `${en}\n\n---\n\n${ja}\n`;
const when = (t: typeof english, date: Date | null) => (date ? t('date.utc', { date }) : t('expiry.never'));

/** An expiry reminder (threshold 0: the token has expired), stating the time left at `now`. */
export function reminderEmail(token: Token, threshold: number, now: Date) {
  const expired = threshold === 0 || !token.expiresAt || token.expiresAt <= now;
  const left = token.expiresAt && timeLeft(token.expiresAt, now);
  const subject = expired
    ? `API token "${token.label}" has expired`
    : `API token "${token.label}" expires in ${english('time.left', left!)}`;
  const subjectJa = expired
    ? `API トークン「${token.label}」の有効期限が切れました`
    : `API トークン「${token.label}」の有効期限まであと ${japanese('time.left', left!)}です`;
  const admins = (t: typeof english) => t('owner.admin', { owner: ownerText(t, token.owner) });
  // A reset keeps the expiry: only an extension keeps a token working, or revives it; a disabled
  // one also needs enabling again.
  const disabled = token.status === 'disabled';
  const advice = disabled
    ? `This token is disabled${expired ? ' and has expired' : ''}: requests with it are refused. If it is still needed, ask ${admins(english)} to extend it and enable it again.`
    : expired
      ? `This token has already stopped working: requests with it are refused. If it is still needed, ask ${admins(english)} to extend it; the same secret then works again.`
      : `Ask ${admins(english)} to extend it before it stops working.`;
  const adviceJa = disabled
    ? `このトークンは無効化されています${expired ? '（有効期限も切れています）' : ''}。このトークンでのリクエストは拒否されます。引き続き必要な場合は、${admins(japanese)}に延長と有効化を依頼してください。`
    : expired
      ? `このトークンはすでに使えなくなっています。引き続き必要な場合は、${admins(japanese)}に延長を依頼してください。延長すると、同じシークレットが再び使えるようになります。`
      : `使えなくなる前に、${admins(japanese)}に延長を依頼してください。`;
  return {
    subject: `${subject} / ${subjectJa}`,
    text: both(
      `${subject}.\n\nToken: ${token.label} (${token.displayId}), ${ownerText(english, token.owner)}\nExpires: ${when(english, token.expiresAt)}\nAPI version: ${token.apiVersion}\n\n${advice}`,
      `${subjectJa}。\n\nトークン：${token.label}（${token.displayId}）、${ownerText(japanese, token.owner)}\n有効期限：${when(japanese, token.expiresAt)}\nAPI バージョン：${token.apiVersion}\n\n${adviceJa}`,
    ),
  };
}

/** What an e-mail says of a change, in each language: its texts may name the token's API version. */
type Change = { subject: string; text: Worded<string>; ja: string; jaText: Worded<string> };

const CHANGES: Record<string, Change> = {
  'token.reset': {
    subject: 'has a new secret',
    text: 'got a new secret. Set the new secret your admin gives you in your integration.',
    ja: 'のシークレットがリセットされました',
    jaText: '管理者から新しいシークレットを受け取り、連携アプリケーションに設定してください。',
  },
  'token.disable': {
    subject: 'was disabled',
    text: 'was disabled: requests with it are refused until it is enabled again.',
    ja: 'が無効化されました',
    jaText: '再び有効化されるまで、このトークンでのリクエストは拒否されます。',
  },
  'token.revoke': {
    subject: 'was revoked',
    text: 'was revoked: requests with it are refused, for good.',
    ja: 'が取り消されました',
    jaText: 'このトークンでのリクエストは今後すべて拒否されます。',
  },
  'token.upgrade': {
    subject: 'moved to another API version',
    text: (version) =>
      `moved to another API version. It now uses API version ${version}. Check that your integration supports it.`,
    ja: 'の API バージョンが変更されました',
    jaText: (version) =>
      `現在の API バージョンは ${version} です。連携アプリケーションが対応しているか確認してください。`,
  },
  'token.delete': {
    subject: 'was deleted',
    text: 'was deleted: requests with it are refused.',
    ja: 'が削除されました',
    jaText: 'このトークンでのリクエストは拒否されます。',
  },
};

const CHANGED: Change = { subject: 'changed', text: 'changed.', ja: 'が変更されました', jaText: '' };

/** A new expiry (`/token extend` may also set an earlier one): the date, as it is now. `expiresAt`
 *  undefined: a job of the release before, which did not carry it. */
function newExpiry(token: { expiresAt?: Date | string | null; disabled?: boolean }): Change {
  const at = token.expiresAt === undefined ? undefined : token.expiresAt === null ? null : new Date(token.expiresAt);
  const disabled = token.disabled ? ' It is disabled: requests with it are refused until it is enabled again.' : '';
  const disabledJa = token.disabled
    ? 'このトークンは無効化されているため、再び有効化されるまでリクエストは拒否されます。'
    : '';
  const expiry = at === undefined ? 'has a new expiry' : at ? `now expires ${when(english, at)}` : 'no longer expires';
  const expiryJa =
    at === undefined ? '' : at ? `新しい有効期限：${when(japanese, at)}。` : '有効期限はなくなりました。';
  return {
    subject: at === null ? 'no longer expires' : 'has a new expiry',
    text: `${expiry}, with the same secret.${disabled}`,
    ja: at === null ? 'の有効期限がなくなりました' : 'の有効期限が変更されました',
    jaText: `${expiryJa}シークレットは変わりません。${disabledJa}`,
  };
}

export function changeEmail(
  token: { label: string; displayId: string; apiVersion: string; expiresAt?: Date | string | null; disabled?: boolean },
  action: string,
) {
  const change = action === 'token.extend' ? newExpiry(token) : (CHANGES[action] ?? CHANGED);
  return {
    subject: `API token "${token.label}" ${change.subject} / API トークン「${token.label}」${change.ja}`,
    text: both(
      `The API token ${token.label} (${token.displayId}) ${say(change.text, token.apiVersion)}`,
      `API トークン「${token.label}」（${token.displayId}）${change.ja}。${say(change.jaText, token.apiVersion)}`,
    ),
  };
}

/** Where it leaked, for a plain-text e-mail: a URL alone on its line, so that it stays a link. */
function place(t: typeof english, leak: Pick<Leak, 'reporter' | 'location'>) {
  const channel = slackLeakChannel(leak);
  return channel ? t('leak.inSlack', { channel }) : (leak.location ?? t('leak.noLocation'));
}

/** What the leak did, as true of the token when the e-mail is sent (domain/leaks.ts, leakState). */
const LEAK_DONE: Record<LeakState, { en: string; ja: string }> = {
  revokedNow: {
    en: 'It was revoked at once. Ask an admin for a replacement',
    ja: 'このトークンはただちに取り消されました。管理者に代わりのトークンを依頼し',
  },
  revoked: {
    en: 'It is revoked. Ask an admin for a replacement',
    ja: 'このトークンは取り消されています。管理者に代わりのトークンを依頼し',
  },
  disabled: {
    en: 'It is disabled. Ask an admin for a replacement',
    ja: 'このトークンは無効化されています。管理者に代わりのトークンを依頼し',
  },
  disabledExpired: {
    en: 'It is disabled and has expired. Ask an admin for a replacement',
    ja: 'このトークンは無効化されており、有効期限も切れています。管理者に代わりのトークンを依頼し',
  },
  inactive: {
    en: 'It does not work now, as it is disabled or expired. Ask an admin for a replacement',
    ja: 'このトークンは無効化されているか有効期限が切れているため、現在は使えません。管理者に代わりのトークンを依頼し',
  },
  works: {
    en: 'It still works until an admin resets its secret. Ask an admin to reset it or for a replacement',
    ja: 'このトークンは、管理者がシークレットをリセットするまで使える状態です。管理者にシークレットのリセットか代わりのトークンを依頼し',
  },
};

export function leakEmail(
  token: { label: string; displayId: string; status: Token['status']; expiresAt: Date | null },
  leak: Pick<Leak, 'reporter' | 'location' | 'action'>,
  now = new Date(),
) {
  const expired = token.expiresAt !== null && token.expiresAt <= now;
  const done = LEAK_DONE[leakState(token, leak.action, expired)];
  // A Slack conversation is often private: it is where the secret was posted, not a public place.
  const inSlack = leak.reporter === 'slack';
  const found = inSlack ? 'was posted in a Slack conversation' : 'was found where others can see it';
  const foundJa = inSlack ? 'が Slack の会話に投稿されました' : 'が、第三者が閲覧できる場所で見つかりました';
  return {
    subject: `API token "${token.label}" leaked / API トークン「${token.label}」のシークレットが漏えいしました`,
    text: both(
      `The secret of the API token ${token.label} (${token.displayId}) ${found}.\nWhere: ${place(english, leak)}\n\n${done.en}, and remove the secret from where it leaked.`,
      `API トークン「${token.label}」（${token.displayId}）のシークレット${foundJa}。\n場所：${place(japanese, leak)}\n\n${done.ja}、漏えいした場所からシークレットを削除してください。`,
    ),
  };
}
