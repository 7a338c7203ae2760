// English messages: the help and the /token subcommands.

export const commandsEn = {
  'help.title': 'tokenops: your API tokens, from Slack',
  'help.intro': 'Create, list and govern API tokens with `/token &lt;subcommand&gt;`:',
  'help.footer': 'A secret is shown once, in a message only you can see. Refer to tokens by their id (tok_…).',
  'help.adminHeading': 'Workspace admins',
  'usage.help': 'show this help',
  'usage.create': 'create a token in a form',
  'usage.list': 'list the tokens you administer, filtered',
  'usage.show': 'show a token (never its secret)',
  'usage.edit': 'change name, description, contact, e-mails, scopes, allowed IPs, rate limit or expiry',
  'usage.duplicate': 'new token with the same settings',
  'usage.reset': 'new secret for a token',
  'usage.upgrade': 'move a token to another API version (default: the latest)',
  'usage.extend': 'extend a token: a new expiry under the policy, same secret (a form without a value)',
  'usage.disable': 'stop a token from working, for now',
  'usage.enable': 'let a disabled token work again',
  'usage.revoke': 'revoke a token for good (may need approval)',
  'usage.delete': 'delete a token permanently',
  'usage.audit': "show a token's history",
  'usage.admin': 'organizations, domains and roles',
  'usage.webhook': 'send events to your systems (signed webhooks)',
  'command.unknown': (p: { subcommand: string }) => `\`${p.subcommand}\` is not a /token subcommand.`,
  'command.notYetAvailable': (p: { subcommand: string }) =>
    `\`/token ${p.subcommand}\` is not available in this version of tokenops yet.`,
  // Answers to commands
  'usage.malformed': (p: { syntax: string }) => `Usage: \`/token ${p.syntax}\``,
};
