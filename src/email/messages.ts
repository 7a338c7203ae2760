// The e-mails developers get. Their language is not known (they are addresses, not Slack
// users), so each e-mail states both: English, then Japanese.
import { timeLeft } from '../domain/reminders.js';
import type { Token } from '../domain/tokens.js';
import { translator } from '../i18n/index.js';
import { ownerText } from '../slack/views/text.js';

const english = translator('en');
const japanese = translator('ja');
const utc = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never / なし');
const both = (en: string, ja: string) => `${en}\n\n---\n\n${ja}\n`;

/** An expiry reminder (threshold 0: the token has expired), stating the time left at `now`. */
export function reminderEmail(token: Token, threshold: number, now: Date) {
  const when = utc(token.expiresAt);
  const expired = threshold === 0 || !token.expiresAt || token.expiresAt <= now;
  const left = token.expiresAt && timeLeft(token.expiresAt, now);
  const subject = expired ? `API token "${token.label}" has expired` : `API token "${token.label}" expires in ${english('time.left', left!)}`;
  const subjectJa = expired ? `API トークン「${token.label}」の有効期限が切れました` : `API トークン「${token.label}」の有効期限まであと ${japanese('time.left', left!)}です`;
  const [owner, ownerJa] = [ownerText(english, token.owner), ownerText(japanese, token.owner)];
  // A reset keeps the expiry: only an extension keeps a token working, or revives it.
  const advice = expired
    ? `This token has already stopped working: requests with it are refused. If it is still needed, ask an admin of ${owner} to extend it; the same secret then works again.`
    : `Ask an admin of ${owner} to extend it before it stops working.`;
  const adviceJa = expired
    ? `このトークンはすでに使えなくなっています。引き続き必要な場合は、${ownerJa} の管理者に延長を依頼してください。延長すると、同じシークレットが再び使えるようになります。`
    : `使えなくなる前に、${ownerJa} の管理者に延長を依頼してください。`;
  return {
    subject: `${subject} / ${subjectJa}`,
    text: both(
      `${subject}.\n\nToken: ${token.label} (${token.displayId}), ${owner}\nExpires: ${when}\nAPI version: ${token.apiVersion}\n\n${advice}`,
      `${subjectJa}。\n\nトークン：${token.label}（${token.displayId}）、${ownerJa}\n有効期限：${when}\nAPI バージョン：${token.apiVersion}\n\n${adviceJa}`,
    ),
  };
}

const CHANGES: Record<string, { subject: string; text: string; ja: string; jaText: string }> = {
  'token.reset': { subject: 'has a new secret', text: 'got a new secret. Update your integration with the secret your admin gives you.', ja: 'のシークレットが新しくなりました', jaText: '管理者から受け取った新しいシークレットに連携先を更新してください。' },
  'token.disable': { subject: 'was disabled', text: 'was disabled: requests with it are refused until it is enabled again.', ja: 'が無効化されました', jaText: '再び有効化されるまで、このトークンでのリクエストは拒否されます。' },
  'token.revoke': { subject: 'was revoked', text: 'was revoked: requests with it are refused, for good.', ja: 'が取り消されました', jaText: 'このトークンでのリクエストは今後すべて拒否されます。' },
  'token.upgrade': { subject: 'moved to another API version', text: 'moved to another API version.', ja: 'の API バージョンが変わりました', jaText: '連携先が新しい API バージョンに対応しているか確認してください。' },
  'token.extend': { subject: 'was renewed', text: 'was renewed: it keeps working past its old expiry, with the same secret.', ja: 'が延長されました', jaText: 'シークレットはそのままで、以前の有効期限を過ぎても使えます。' },
  'token.delete': { subject: 'was deleted', text: 'was deleted: requests with it are refused.', ja: 'が削除されました', jaText: 'このトークンでのリクエストは拒否されます。' },
};

export function changeEmail(token: { label: string; displayId: string; apiVersion: string }, action: string) {
  const change = CHANGES[action] ?? { subject: 'changed', text: 'changed.', ja: 'が変更されました', jaText: '' };
  return {
    subject: `API token "${token.label}" ${change.subject} / API トークン「${token.label}」${change.ja}`,
    text: both(
      `The API token ${token.label} (${token.displayId}, API version ${token.apiVersion}) ${change.text}`,
      `API トークン「${token.label}」（${token.displayId}、API バージョン ${token.apiVersion}）${change.ja}。${change.jaText}`,
    ),
  };
}

export function leakEmail(token: { label: string; displayId: string }, leak: { location: string | null; action: string }) {
  const done = leak.action === 'revoke' ? 'It was revoked at once' : leak.action === 'disable' ? 'It was disabled at once' : 'It still works until an admin resets it';
  const doneJa = leak.action === 'revoke' ? 'ただちに取り消されました' : leak.action === 'disable' ? 'ただちに無効化されました' : '管理者がリセットするまで使える状態です';
  return {
    subject: `API token "${token.label}" leaked / API トークン「${token.label}」のシークレットが漏えいしました`,
    text: both(
      `The secret of the API token ${token.label} (${token.displayId}) was found in a public place${leak.location ? `: ${leak.location}` : ''}.\n${done}. Ask an admin for a replacement, and remove the secret from where it leaked.`,
      `API トークン「${token.label}」（${token.displayId}）のシークレットが公開の場所で見つかりました${leak.location ? `：${leak.location}` : ''}。\n${doneJa}。管理者に代わりのトークンを依頼し、漏えいした場所からシークレットを削除してください。`,
    ),
  };
}
