// A token's history (`/token audit <id>`): every entry a sentence in the reader's language, with
// its values (versions, dates, reasons), the tense of a date told against now, and a refused
// attempt named with what was tried and why it was refused.
import type { AuditEntry } from '../../domain/ports.js';
import type { AuditWords } from '../../i18n/words.js';
import type { Translate } from '../../i18n/index.js';
import { leakPlace } from './leak.js';
import type { Message } from './message.js';
import { clip, dateText, escape, mrkdwn } from './text.js';

/** Entries a history message shows, newest first; it says when there are more. */
const SHOWN = 40;

export function auditMessage(t: Translate, displayId: string, entries: AuditEntry[], now: Date): Message {
  const cuts = secretCuts(entries);
  const lines = entries
    .slice(0, SHOWN)
    .map((entry) => `${dateText(t, entry.createdAt, '')} ${auditSentence(t, entry, now, cuts.get(entry))}`);
  const heading = t('audit.heading', { id: displayId });
  return {
    text: heading,
    blocks: [
      { type: 'section', text: mrkdwn(`*${heading}*`) },
      // Several sections: each holds at most 3,000 characters.
      ...chunk(lines.length ? lines : [t('audit.empty')], 3000).map((text) => ({
        type: 'section' as const,
        text: mrkdwn(text),
      })),
      ...(entries.length > SHOWN
        ? [{ type: 'context' as const, elements: [mrkdwn(t('audit.more', { shown: SHOWN, total: entries.length }))] }]
        : []),
    ],
  };
}

/** For each reset (of `entries`, newest first), when later changes ended its old secret: each
 *  later reset ends every older secret at once or at the end of its own grace period, whichever
 *  ends it first (not one undone because its secret reached nobody: a void is taken as undoing
 *  the reset just before it), and a revocation or deletion ends them all. The token's expiry is
 *  not counted: an extension would have made the old secret work again, to its own end. */
function secretCuts(entries: AuditEntry[]): Map<AuditEntry, Date> {
  const cuts = new Map<AuditEntry, Date>();
  let cut: Date | undefined;
  let undone = false;
  const endAt = (end: Date) => void (cut = cut && cut < end ? cut : end);
  for (const entry of entries) {
    if (entry.outcome !== 'ok') continue;
    if (entry.action === 'token.reset.void') undone = true;
    else if (entry.action === 'token.revoke' || entry.action === 'token.delete') endAt(entry.createdAt);
    else if (entry.action === 'token.reset') {
      if (cut) cuts.set(entry, cut);
      if (!undone) endAt(oldSecretsEnd(entry) ?? entry.createdAt);
      undone = false;
    }
  }
  return cuts;
}

/** A date an entry recorded, as text or a Date; undefined when none (or empty). */
const dateIn = (value: unknown) => (text(value) || value instanceof Date ? new Date(value as string) : undefined);
const oldSecretsEnd = (entry: AuditEntry) => dateIn((entry.changes?.secret as Json)?.oldSecretsValidUntil);

/** A Slack user as a mention; tokenops itself (or any other actor) by name: its system actors
 *  (`tokenops`, `tokenops:leak-scanner`) differ in rights, and their entries say what they did. */
const actorText = (actor: string) =>
  /^[UW][A-Z0-9]{2,}$/.test(actor) ? `<@${actor}>` : escape(actor.replace(/^tokenops:.*/, 'tokenops'));

/** One entry as a sentence: who did what, or who tried what and why it was refused. */
function auditSentence(t: Translate, entry: AuditEntry, now: Date, cut?: Date): string {
  const actor = actorText(entry.actor);
  if (entry.outcome !== 'refused') return t('audit.event', { actor, event: auditWords(t, entry, now, cut) });
  const codes = (entry.reason ?? '').split(',');
  const reasons = codes.flatMap((code, i) =>
    code
      ? [
          t('audit.reason', {
            code,
            params: Object.fromEntries(
              Object.entries(refusalParams(entry.snapshot, codes, i)).map(([name, value]) => [
                name,
                typeof value === 'number' ? value : escape(String(value)),
              ]),
            ),
          }),
        ]
      : [],
  );
  return t('audit.refusedEvent', { actor, attempt: entry.action, reasons });
}

type Params = Record<string, string | number>;

/** The values the `i`-th refusal of an entry was refused with. An entry keeps them refusal by
 *  refusal in `snapshot.reasons` (one `{ code, params }` per code of `reason`, in its order), so
 *  that two refusals with one code name their own values. Older entries kept one set per code in
 *  `snapshot.params`, the first refusal's: a later refusal with the same code goes without them
 *  rather than with another one's. */
function refusalParams(snapshot: AuditEntry['snapshot'], codes: string[], i: number): Params {
  const code = codes[i]!;
  const own: unknown = Array.isArray(snapshot?.reasons) ? snapshot.reasons[i] : undefined;
  if (own && typeof own === 'object' && 'code' in own && own.code === code)
    return 'params' in own && own.params && typeof own.params === 'object' ? (own.params as Params) : {};
  if (codes.indexOf(code) !== i) return {};
  return ((snapshot?.params ?? {}) as Record<string, Params>)[code] ?? {};
}

type Json = Record<string, unknown> | undefined;
const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
const people = (value: unknown) => (text(value) ? escape(clip(text(value)!, 200)) : undefined);
/** The change a request entry was about (its snapshot's kind); none for a request for a token. */
const changeOf = (snapshot: Json): AuditWords['change'] => {
  const kind = snapshot?.kind;
  return kind === 'revoke' || kind === 'reset' || kind === 'extend' ? kind : undefined;
};

/** The values of an entry that its sentence states, from its changes and snapshot; `cut`, for a
 *  reset, when later changes ended its old secret (secretCuts). */
function auditWords(t: Translate, entry: AuditEntry, now: Date, cut?: Date): AuditWords {
  const changes = entry.changes ?? {};
  const snapshot = entry.snapshot ?? {};
  const byPerson = /^[UW]/.test(entry.actor); // tokenops's own reasons (a leak) are told by the leak entry
  switch (entry.action) {
    case 'token.duplicate':
      return { action: entry.action, source: text(snapshot.source) };
    case 'token.edit': {
      const fields = Object.keys(changes).flatMap((field) =>
        FIELD_NAMES[field] ? [t(`field.${FIELD_NAMES[field]}`)] : [],
      );
      return { action: entry.action, fields: fields.length ? t('text.list', { items: fields }) : undefined };
    }
    case 'token.reset': {
      const given = oldSecretsEnd(entry);
      const until = given && cut && cut < given ? cut : given;
      return { action: entry.action, until: until && dateText(t, until, ''), passed: until && until <= now };
    }
    case 'token.upgrade':
      return { action: entry.action, from: text(changes.apiVersion?.before), to: text(changes.apiVersion?.after) };
    case 'token.extend': {
      const until = dateIn(changes.expiresAt?.after);
      const was = dateIn(changes.expiresAt?.before);
      return {
        action: entry.action,
        until: until && dateText(t, until, ''),
        never: changes.expiresAt !== undefined && changes.expiresAt.after === null,
        earlier: until !== undefined && (changes.expiresAt?.before === null || (was !== undefined && until < was)),
      };
    }
    case 'token.disable':
    case 'token.revoke':
      return { action: entry.action, reason: byPerson ? people(changes.statusReason?.after) : undefined };
    case 'revocation.request':
    case 'revocation.reject':
      return { action: entry.action, reason: people(entry.reason) };
    case 'request.submit':
    case 'request.reject':
      return { action: entry.action, reason: people(entry.reason), change: changeOf(snapshot) };
    case 'request.close':
      return {
        action: entry.action,
        change: changeOf(snapshot),
        closedBecause: entry.reason === 'not_posted' ? 'not_posted' : undefined,
      };
    case 'request.fail':
      return {
        action: entry.action,
        change: changeOf(snapshot),
        undelivered: entry.reason === 'undelivered' || entry.reason === 'reset_undone',
      };
    case 'request.approve':
    case 'request.withdraw':
    case 'request.expire':
    case 'request.escalate':
      return { action: entry.action, change: changeOf(snapshot) };
    case 'revocation.close':
      return {
        action: entry.action,
        closedBecause:
          entry.reason === 'token_deleted' ? 'deleted' : entry.reason === 'revoked_directly' ? 'revoked' : undefined,
      };
    case 'revocation.discard':
      return { action: entry.action, error: /^[a-z_]{1,60}$/.test(entry.reason ?? '') ? entry.reason : undefined }; // Slack's error code
    case 'token.leak': {
      const leak = changes.leak?.after as Json;
      const reporter = text(leak?.reporter);
      const known = reporter === 'github' || reporter === 'gitlab' || reporter === 'slack' ? reporter : undefined;
      return {
        action: entry.action,
        reporter: known && t(`leak.reporter.${known}`),
        location: known && leakPlace(t, { reporter: known, location: text(leak?.location) ?? null }),
      };
    }
    case 'tenants.organization.create':
      return { action: entry.action, organization: people(snapshot.slug) };
    case 'tenants.domain.create':
      return { action: entry.action, organization: people(snapshot.organization), domain: people(snapshot.domain) };
    case 'tenants.grant':
    case 'tenants.ungrant': {
      const user = text(snapshot.userId);
      const target = people(snapshot.slug ?? snapshot.name);
      const role =
        snapshot.role === 'workspace_admin'
          ? t('role.workspace_admin')
          : !target
            ? undefined
            : snapshot.role === 'org_admin'
              ? t('role.org_admin', { target })
              : t('role.domain_admin', { target });
      return { action: entry.action, user: user && actorText(user), role };
    }
    default:
      return { action: entry.action };
  }
}

/** Stored field names (camelCase) to the words the forms use. */
const FIELD_NAMES: Record<
  string,
  | 'label'
  | 'description'
  | 'primary_contact'
  | 'developer_emails'
  | 'scopes'
  | 'api_version'
  | 'expires'
  | 'allowed_ips'
  | 'rate_limit'
> = {
  label: 'label',
  description: 'description',
  primaryContact: 'primary_contact',
  developerEmails: 'developer_emails',
  scopes: 'scopes',
  apiVersion: 'api_version',
  expiresAt: 'expires',
  allowedIps: 'allowed_ips',
  rateLimit: 'rate_limit',
};

function chunk(lines: string[], max: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const last = out[out.length - 1];
    if (last !== undefined && last.length + line.length + 1 <= max) out[out.length - 1] = `${last}\n${line}`;
    else out.push(clip(line, max));
  }
  return out;
}
