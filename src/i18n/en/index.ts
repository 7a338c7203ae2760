// English messages, one file per area. Japanese (ja/) must have exactly these keys, area by area:
// the Catalog type enforces it.
import { commandsEn } from './commands.js';
import { tokensEn } from './tokens.js';
import { usageEn } from './usage.js';
import { formsEn } from './forms.js';
import { operationsEn } from './operations.js';
import { adminEn } from './admin.js';
import { auditEn } from './audit.js';
import { errorsEn } from './errors.js';
import { listEn } from './list.js';
import { homeEn } from './home.js';
import { revocationsEn } from './revocations.js';
import { remindersEn } from './reminders.js';
import { leaksEn } from './leaks.js';
import { webhooksEn } from './webhooks.js';
import { apikeysEn } from './apikeys.js';
import { requestsEn } from './requests.js';
import { stepsEn } from './steps.js';
import { staleEn } from './stale.js';
import { apiEn } from './api.js';

export const en = {
  ...commandsEn,
  ...tokensEn,
  ...usageEn,
  ...formsEn,
  ...operationsEn,
  ...adminEn,
  ...auditEn,
  ...errorsEn,
  ...listEn,
  ...homeEn,
  ...revocationsEn,
  ...remindersEn,
  ...leaksEn,
  ...webhooksEn,
  ...apikeysEn,
  ...requestsEn,
  ...stepsEn,
  ...staleEn,
  ...apiEn,
} satisfies Record<string, string | ((params: never) => string)>;
