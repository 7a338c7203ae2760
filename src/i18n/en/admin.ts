// English messages: organizations, domains and roles.

export const adminEn = {
  'done.orgCreated': (p: { slug: string }) => `Organization \`${p.slug}\` created.`,
  'done.domainCreated': (p: { name: string; slug: string }) => `Domain \`${p.name}\` created in \`${p.slug}\`.`,
  'done.granted': (p: { user: string; role: string }) => `<@${p.user}> is now ${p.role}.`,
  'done.ungranted': (p: { user: string; role: string }) => `<@${p.user}> is no longer ${p.role}.`,
  'roles.none': 'No roles granted yet.',
  'roles.heading': 'Roles',
  'roles.fromConfig': 'set in ADMIN_USER_IDS',
  'role.workspace_admin': 'workspace admin',
  'role.org_admin': (p: { target: string }) => `admin of the organization ${p.target}`,
  'role.domain_admin': (p: { target: string }) => `admin of the domain ${p.target}`,
};
