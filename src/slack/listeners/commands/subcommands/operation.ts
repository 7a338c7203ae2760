// Subcommands on one token that run the operation table (flows/operations.ts): show, duplicate,
// reset, upgrade, disable, enable, delete, audit, revoke — and extend in its one-line form.
import { runOperation, type TokenOperation } from '../../../flows/operations.js';
import type { SubcommandHandler } from './command.js';

export const operation =
  (op: TokenOperation): SubcommandHandler =>
  (ctx, args) =>
    runOperation(ctx, { op, id: args[0], rest: args.slice(1), origin: ctx });
