// Japanese messages, as a Japanese admin of Slack apps expects them: polite register, full-width
// punctuation after Japanese text, a half-width space between Japanese and half-width words, and
// one term per concept. The glossary (無効化/有効化, 取り消し, 延長, 操作履歴, 破棄, 発行申請…) is in
// README.md, "Language"; test/i18n/japanese.test.ts keeps the words it rules out out of every message.
import type { Catalog } from '../catalog.js';
import { commandsJa } from './commands.js';
import { tokensJa } from './tokens.js';
import { usageJa } from './usage.js';
import { formsJa } from './forms.js';
import { operationsJa } from './operations.js';
import { adminJa } from './admin.js';
import { auditJa } from './audit.js';
import { errorsJa } from './errors.js';
import { listJa } from './list.js';
import { homeJa } from './home.js';
import { revocationsJa } from './revocations.js';
import { remindersJa } from './reminders.js';
import { leaksJa } from './leaks.js';
import { webhooksJa } from './webhooks.js';
import { apikeysJa } from './apikeys.js';
import { requestsJa } from './requests.js';
import { stepsJa } from './steps.js';
import { staleJa } from './stale.js';
import { apiJa } from './api.js';

export const ja: Catalog = {
  ...commandsJa,
  ...tokensJa,
  ...usageJa,
  ...formsJa,
  ...operationsJa,
  ...adminJa,
  ...auditJa,
  ...errorsJa,
  ...listJa,
  ...homeJa,
  ...revocationsJa,
  ...remindersJa,
  ...leaksJa,
  ...webhooksJa,
  ...apikeysJa,
  ...requestsJa,
  ...stepsJa,
  ...staleJa,
  ...apiJa,
};
