// The /token grammar (README: The contract, slash command): one entry per subcommand, shown by help and by the
// usage answer to a malformed command.
import type { Catalog } from '../domain/catalog.js';
import type { MessageKey } from '../i18n/index.js';

export type Subcommand = {
  name: string;
  syntax: string;
  summary: MessageKey;
  adminOnly?: boolean;
};

function extendSyntax(never: boolean): string {
  return `extend <id> [7d|30d|60d|90d|180d|365d|YYYY-MM-DD${never ? '|never' : ''}]`;
}

export const subcommands: Subcommand[] = [
  { name: 'help', syntax: 'help', summary: 'usage.help' },
  { name: 'create', syntax: 'create', summary: 'usage.create' },
  { name: 'request', syntax: 'request', summary: 'usage.request' },
  { name: 'policy', syntax: 'policy', summary: 'usage.policy' },
  {
    name: 'list',
    syntax:
      'list [status:enabled|disabled|revoked|expired] [created:7d|30d|older] [unused:<days>d] [org:<slug>] [domain:<name>] [words]',
    summary: 'usage.list',
  },
  { name: 'show', syntax: 'show <id>', summary: 'usage.show' },
  { name: 'edit', syntax: 'edit <id>', summary: 'usage.edit' },
  { name: 'duplicate', syntax: 'duplicate <id>', summary: 'usage.duplicate' },
  { name: 'reset', syntax: 'reset <id> [now|1h|24h|7d]', summary: 'usage.reset' },
  { name: 'upgrade', syntax: 'upgrade <id> [version]', summary: 'usage.upgrade' },
  { name: 'extend', syntax: extendSyntax(false), summary: 'usage.extend' },
  { name: 'disable', syntax: 'disable <id> [reason]', summary: 'usage.disable' },
  { name: 'enable', syntax: 'enable <id>', summary: 'usage.enable' },
  { name: 'revoke', syntax: 'revoke <id> [reason]', summary: 'usage.revoke' },
  { name: 'delete', syntax: 'delete <id>', summary: 'usage.delete' },
  { name: 'audit', syntax: 'audit <id>', summary: 'usage.audit' },
  {
    name: 'apikey',
    syntax: 'apikey create org:<slug>|domain:<name>|workspace [label] | apikey list | apikey revoke <key-id>',
    summary: 'usage.apikey',
  },
  {
    name: 'admin',
    syntax:
      'admin org create <slug> [name] | admin domain create <org-slug> <domain> | admin grant <@user> org_admin <org-slug>|domain_admin <domain>|workspace_admin | admin ungrant … | admin roles [<@user>]',
    summary: 'usage.admin',
    adminOnly: true,
  },
  {
    name: 'webhook',
    syntax:
      'webhook add <url> [event types] | webhook list | webhook remove <id> | webhook test <id> | webhook rotate <id>',
    summary: 'usage.webhook',
    adminOnly: true,
  },
];

/** The grammar as help tells it under `catalog`: `extend … never` only where the expiry policy
 *  lets some organization's tokens never expire (everywhere else it is refused). */
export function grammarFor(catalog: Catalog): Subcommand[] {
  if (!catalog.expiry.neverAllowedFor.length) return subcommands;
  return subcommands.map((sub) => (sub.name === 'extend' ? { ...sub, syntax: extendSyntax(true) } : sub));
}

/** A date (YYYY-MM-DD) or a preset, as the create and extend forms and `/token extend` take them. */
export const expiryChoice = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) ? { expiryDate: value } : { expiry: value };
