// Management API keys in Slack: the one DM that shows a key, and the list.
import type { ApiKey, KeyLeakNotice } from '../../domain/apiKeys.js';
import { scopeText } from '../../domain/apiKeys.js';
import { timeLeft } from '../../domain/reminders.js';
import { leakPlace } from './leak.js';
import type { Translate } from '../../i18n/index.js';
import type { Message } from './message.js';
import { simpleMessage } from './message.js';
import { actorText, dateText, escape, mrkdwn } from './text.js';

export function keyMessage(t: Translate, key: ApiKey, secret: string): Message {
  const text = t('apikey.message', {
    label: escape(key.label),
    id: key.displayId,
    scope: scopeText(key.scope),
    until: dateText(t, key.expiresAt, ''),
  });
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(text) },
      { type: 'section', text: mrkdwn(`\`\`\`${secret}\`\`\``) },
    ],
  };
}

export function keyListMessage(t: Translate, keys: ApiKey[], now: Date): Message {
  if (!keys.length) return simpleMessage(t('apikey.none'));
  const lines = keys.slice(0, 40).map((key) => {
    const when = key.revokedAt ?? key.expiresAt;
    const until = dateText(t, when, '');
    const lifetime = key.revokedAt
      ? t('apikey.stateRevoked', { until })
      : key.expiresAt <= now
        ? t('apikey.stateExpired', { until })
        : t('apikey.stateActive', { until });
    return t('apikey.line', {
      label: escape(key.label),
      id: key.displayId,
      scope: scopeText(key.scope),
      creator: actorText(key.createdBy),
      lifetime,
    });
  });
  return simpleMessage(`*${t('apikey.listHeading')}*\n${lines.join('\n')}`);
}

/** A key's expiry reminder: the time actually left when it is written (a late send says what is
 *  true then), or that it has expired. */
export function keyReminder(t: Translate, key: ApiKey, now: Date): Message {
  const named = { label: escape(key.label), id: key.displayId, scope: scopeText(key.scope) };
  if (key.expiresAt <= now) return simpleMessage(t('apikey.expired', named));
  const left = t('time.left', timeLeft(key.expiresAt, now));
  return simpleMessage(t('apikey.reminder', { ...named, left, when: dateText(t, key.expiresAt, '') }));
}

/** To a leaked key's creator and admins: where it leaked, and what to do now. */
export function keyLeakNotice(t: Translate, notice: KeyLeakNotice): Message {
  const { key } = notice;
  const scope = scopeText(key.scope);
  const found = t('apikey.leaked', {
    label: escape(key.label),
    id: key.displayId,
    scope,
    reporter: t(`leak.reporter.${notice.reporter}`),
    location: leakPlace(t, notice),
  });
  const next = notice.revoked
    ? t('apikey.leakRevoked', { scope })
    : t('apikey.leakNotRevoked', { id: key.displayId, scope });
  return simpleMessage(t('text.sentences', { items: [found, next] }));
}
