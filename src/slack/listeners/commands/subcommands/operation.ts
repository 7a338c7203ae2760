// Subcommands on one token that run the operation table (flows/operations.ts): show, duplicate,
// reset, upgrade, disable, enable, delete, audit — and extend or revoke in their one-line forms.
import { runOperation, type TokenOperation } from '../../../flows/operations.js';
import type { SubcommandHandler } from './command.js';

export const operation =
  (op: TokenOperation): SubcommandHandler =>
  ({ deps, client, context: { actor, t, reply } }, args) =>
    runOperation({ deps, client, actor, t, reply }, op, args[0], args.slice(1));
