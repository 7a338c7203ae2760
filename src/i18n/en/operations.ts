// English messages: answers to the per-token operations and their confirmations.

export const operationsEn = {
  'done.disabled': (p: { label: string; id: string }) =>
    `*${p.label}* (\`${p.id}\`) is disabled: it stops working at once.`,
  'done.enabled': (p: { label: string; id: string }) => `*${p.label}* (\`${p.id}\`) is enabled again.`,
  'done.enabledExpired': (p: { label: string; id: string }) =>
    `*${p.label}* (\`${p.id}\`) is enabled again, but it has expired: it works once it is extended (\`/token extend ${p.id}\`, or Extend in its menu).`,
  'done.revoked': (p: { label: string; id: string }) => `*${p.label}* (\`${p.id}\`) is revoked, for good.`,
  'done.deleted': (p: { label: string; id: string }) => `*${p.label}* (\`${p.id}\`) is deleted. Its history stays.`,
  'done.upgraded': (p: { label: string; id: string; version: string }) =>
    `*${p.label}* (\`${p.id}\`) now uses API version ${p.version}.`,
  'done.extended': (p: { label: string; id: string; until: string; was?: string; disabled?: boolean }) =>
    (p.was
      ? `*${p.label}* (\`${p.id}\`) now expires ${p.until}: earlier than before (${p.was}), as you chose. Its secret is unchanged; reminders follow the new expiry.`
      : `*${p.label}* (\`${p.id}\`) now expires ${p.until}. Its secret is unchanged; reminders follow the new expiry.`) +
    (p.disabled ? ' It is still disabled: enable it for its secret to work.' : ''),
  'confirm.title': 'Are you sure?',
  'confirm.cancel': 'Cancel',
  'op.show': 'Show',
  'op.duplicate': 'Duplicate',
  'op.reset': 'Reset secret',
  'op.upgrade': 'Upgrade API version',
  'op.extend': 'Extend',
  /** Extend, where it is a request to approvers (a primary contact's, or a rule's). */
  'op.askExtend': 'Ask to extend',
  'op.disable': 'Disable',
  'op.enable': 'Enable',
  'op.revoke': 'Revoke',
  'op.delete': 'Delete',
  'op.audit': 'History',
  'done.edited': (p: { label: string; id: string }) => `*${p.label}* (\`${p.id}\`) is saved.`,
  'done.contactChanged': (p: { label: string; id: string; contact: string }) =>
    `*${p.label}* (\`${p.id}\`) is saved. Its primary contact is now <@${p.contact}>, who gets its reminders from now on.`,
  'op.edit': 'Edit',
  'confirm.delete': (p: { label: string; id: string }) =>
    `Delete *${p.label}* (\`${p.id}\`) permanently? It stops working at once and cannot be restored.`,
  'confirm.revoke': (p: { label: string; id: string }) =>
    `Revoke *${p.label}* (\`${p.id}\`)? It stops working at once, for good.`,
  'confirm.reset': (p: { label: string; id: string }) =>
    `Reset the secret of *${p.label}* (\`${p.id}\`)? A new secret comes to your direct messages. When should the current secret stop working?`,
  'confirm.resetNow': (p: { label: string; id: string }) =>
    `Reset the secret of *${p.label}* (\`${p.id}\`) and stop the current secret now? Whoever still uses it is refused at once.`,
  'confirm.upgrade': (p: { label: string; id: string; from: string; to: string }) =>
    `*${p.label}* (\`${p.id}\`) uses API version ${p.from}; ${p.to} is older. Move it back to ${p.to}? Check that its integrations work with ${p.to}.`,
  'confirm.dialog.revoke': (p: { label: string; id: string }) =>
    `Revoke ${p.label} (${p.id}) for good? It stops working at once.`,
  'confirm.button.delete': 'Delete permanently',
  'confirm.button.revoke': 'Revoke',
  'confirm.button.reset': 'Reset',
  'confirm.button.upgrade': 'Downgrade',
  'confirm.cancelled': 'Nothing was changed.',
  'reset.grace.none': 'Stop it now',
  'reset.grace.1h': 'Stop in 1 hour',
  'reset.grace.24h': 'Stop in 24 hours',
  'reset.grace.7d': 'Stop in 7 days',
};
