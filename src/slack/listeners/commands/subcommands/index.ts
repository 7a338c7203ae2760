// The `/token` dispatch table: adding a subcommand is adding its file and one line here (and its
// grammar entry in slack/grammar.ts, which help and usage answers show).
import { runAdmin } from './admin.js';
import { apikey } from './apikey.js';
import type { SubcommandHandler } from './command.js';
import { create } from './create.js';
import { edit, extend } from './edit.js';
import { help } from './help.js';
import { list } from './list.js';
import { operation } from './operation.js';
import { policy, request } from './request.js';
import { webhook } from './webhook.js';

export const subcommandHandlers: Record<string, SubcommandHandler> = {
  help,
  create,
  list,
  edit,
  extend,
  revoke: operation('revoke'), // with an approvals channel, a request (flows/operations.ts)
  admin: runAdmin,
  request,
  policy,
  apikey,
  show: operation('show'),
  duplicate: operation('duplicate'),
  reset: operation('reset'),
  upgrade: operation('upgrade'),
  disable: operation('disable'),
  enable: operation('enable'),
  delete: operation('delete'),
  audit: operation('audit'),
  webhook,
};
