// `/token admin …`: organizations, domains and role grants, for workspace admins.
import type { GrantTarget } from '../../../../domain/ports.js';
import type { Translate } from '../../../../i18n/index.js';
import type { Flow } from '../../../deps.js';
import { escape } from '../../../views/text.js';
import { simpleMessage } from '../../../views/message.js';
import { parseMention } from '../parse.js';

function grantTarget(args: string[]): GrantTarget | undefined {
  const [role, target, ...extra] = args;
  if (extra.length) return undefined;
  if (role === 'workspace_admin' && !target) return { role };
  if (role === 'org_admin' && target) return { role, slug: target.toLowerCase() };
  if (role === 'domain_admin' && target) return { role, name: target.toLowerCase() };
  return undefined;
}

/** A role in the reader's language, with what it is over (`org_admin` is a code, not a word). */
const roleText = (t: Translate, role: GrantTarget['role'], target?: string) => {
  const over = `\`${escape(target ?? '')}\``;
  return role === 'workspace_admin'
    ? t('role.workspace_admin')
    : role === 'org_admin'
      ? t('role.org_admin', { target: over })
      : t('role.domain_admin', { target: over });
};

/** A name as typed, without the quotes around it (`"Acme Corp"`, or Slack's “Acme Corp”). */
const unquoted = (text: string) =>
  text.replace(/^(["“”'‘’])(.*)(["“”'‘’])$/s, (whole, _open, inner: string) => inner.trim() || whole);

/** false when the arguments do not fit the grammar. */
export async function runAdmin({ deps, context }: Flow, args: string[]): Promise<boolean> {
  const { actor, t, reply } = context;
  const [area, verb, ...rest] = args.map((arg, i) => (i < 2 ? arg.toLowerCase() : arg));
  if (area === 'org' && verb === 'create' && rest[0]) {
    const org = await deps.tenants.createOrganization(actor, rest[0], unquoted(rest.slice(1).join(' ')) || undefined);
    await reply(simpleMessage(t('done.orgCreated', { slug: org.slug })));
  } else if (area === 'domain' && verb === 'create' && rest.length === 2) {
    const domain = await deps.tenants.createDomain(actor, rest[0]!, rest[1]!);
    await reply(simpleMessage(t('done.domainCreated', { name: domain.name, slug: domain.organizationSlug })));
  } else if (area === 'grant' || area === 'ungrant') {
    const user = parseMention(args[1]);
    const target = grantTarget(args.slice(2));
    if (!user || !target) return false;
    if (area === 'grant') await deps.tenants.grant(actor, user, target);
    else await deps.tenants.ungrant(actor, user, target);
    const over = 'slug' in target ? target.slug : 'name' in target ? target.name : undefined;
    await reply(
      simpleMessage(
        t(area === 'grant' ? 'done.granted' : 'done.ungranted', { user, role: roleText(t, target.role, over) }),
      ),
    );
  } else if (area === 'roles' && args.length <= 2) {
    const user = args[1] === undefined ? undefined : parseMention(args[1]);
    if (args[1] !== undefined && !user) return false;
    const grants = await deps.tenants.roles(actor, user);
    const lines = grants.map((g) => `<@${g.userId}> ${roleText(t, g.grant.role, g.target)}`);
    const configured = deps.tokens
      .configuredAdmins()
      .filter((id) => !user || id === user)
      .map((id) => `<@${id}> ${t('text.aside', { text: t('role.workspace_admin'), aside: t('roles.fromConfig') })}`);
    const all = [...configured, ...lines];
    await reply(simpleMessage(all.length ? `*${t('roles.heading')}*\n${all.join('\n')}` : t('roles.none')));
  } else {
    return false;
  }
  return true;
}
