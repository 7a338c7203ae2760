// The catalog's `approvals:` section (README: Token requests and approval policies): its grammar, the checks across rules, and the
// conversion into the domain's rules. A bad rule stops start-up with its place and name.
import { z } from 'zod';
import {
  APPROVAL_OPERATIONS,
  ALWAYS_APPROVED,
  parseDuration,
  parseRef,
  type ApprovalOperation,
  type ApprovalRule,
} from '../domain/approvals.js';

const OWNER = /^(org:[a-z0-9-]{2,40}|domain:[a-z0-9.-]{1,253})$/;

const expected = (what: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? `is missing: it must be ${what}` : `must be ${what}`,
});
/** `operation: request` or `operation: [revoke, reset]`. */
const oneOrMany = <T extends z.ZodType>(item: T, what: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z.array(item, expected(what)).min(1, 'must not be empty'),
  );
const ref = z.string(expected('an approver')).refine((text) => parseRef(text) !== undefined, {
  message: 'must be role:org_admin, role:domain_admin, role:workspace_admin, usergroup:<S… id> or user:<U… id>',
});

export const approvalsSchema = z
  .array(
    z.strictObject(
      {
        name: z.string(expected('text')).trim().min(1).max(75, 'must be at most 75 characters').optional(),
        operation: oneOrMany(
          z.enum(APPROVAL_OPERATIONS, { message: `must be one of ${APPROVAL_OPERATIONS.join(', ')}` }),
          'an operation or a list of them',
        ),
        owners: z
          .array(
            z.string(expected('org:<slug> or domain:<name>')).regex(OWNER, 'must be org:<slug> or domain:<name>'),
            expected('a list of owners'),
          )
          .optional(),
        scopes: z.array(z.string(expected('a scope name')), expected('a list of scopes')).optional(),
        required: z
          .number(expected('a whole number of approvers'))
          .int('must be a whole number')
          .min(0, 'must not be negative')
          .max(10, 'must be at most 10')
          .optional(),
        approvers: z.array(ref, expected('a list of approvers')).optional(),
        escalate_after: z
          .string(expected('a duration such as 30m, 4h or 2d'))
          .refine((text) => parseDuration(text) !== undefined, { message: 'must be a duration such as 30m, 4h or 2d' })
          .optional(),
        escalate_to: z.array(ref, expected('a list of approvers')).min(1, 'must not be empty').optional(),
      },
      expected(
        'a mapping with operation and optionally owners, scopes, required, approvers, escalate_after, escalate_to',
      ),
    ),
    expected('a list of approval rules'),
  )
  .max(200, 'must list at most 200 rules');

type RawRule = z.infer<typeof approvalsSchema>[number];
type Problem = { path: PropertyKey[]; message: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? [value]
      : [];

/** Checks across a rule's fields and across rules, on the raw data (every problem at once). */
export function approvalProblems(data: unknown, knownScopes: ReadonlySet<unknown>): Problem[] {
  const rules = isRecord(data) && Array.isArray(data.approvals) ? data.approvals : [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  rules.forEach((rule: unknown, r) => {
    if (!isRecord(rule)) return;
    const at = (...path: PropertyKey[]) => ['approvals', r, ...path];
    const label = typeof rule.name === 'string' ? ` (rule "${rule.name}")` : '';
    strings(rule.scopes).forEach((scope, s) => {
      if (!knownScopes.has(scope))
        problems.push({
          path: at('scopes', s),
          message: `names the scope "${scope}", which no category lists${label}`,
        });
    });
    if ((rule.escalate_after === undefined) !== (rule.escalate_to === undefined)) {
      problems.push({
        path: at(rule.escalate_after === undefined ? 'escalate_to' : 'escalate_after'),
        message: `needs escalate_after and escalate_to together${label}`,
      });
    }
    const operations = strings(rule.operation) as ApprovalOperation[];
    const required = typeof rule.required === 'number' ? rule.required : 1;
    const always = operations.filter((operation) => ALWAYS_APPROVED.has(operation));
    if (required === 0 && always.length)
      problems.push({
        path: at('required'),
        message: `must be at least 1: ${always.join(' and ')} always need an approver other than the requester${label}`,
      });
    // Only named users: there must be enough of them (the requester never counts, so one more).
    const approvers = strings(rule.approvers);
    if (approvers.length && approvers.every((a) => a.startsWith('user:'))) {
      const users = new Set(approvers).size;
      if (users < required)
        problems.push({
          path: at('required'),
          message: `asks for ${required} approvers but the rule names only ${users} user(s): it could never be approved${label}`,
        });
    }
    // Two rules for the same operation, owners and scopes: which one applies would be a guess.
    for (const operation of operations) {
      const key = JSON.stringify([operation, [...strings(rule.owners)].sort(), [...strings(rule.scopes)].sort()]);
      const first = seen.get(key);
      if (first !== undefined)
        problems.push({
          path: at('operation'),
          message: `repeats approvals[${first}] for ${operation} with the same owners and scopes: merge them${label}`,
        });
      else seen.set(key, r);
    }
  });
  return problems;
}

export function toRules(raw: RawRule[] | undefined): ApprovalRule[] {
  return (raw ?? []).map((rule, r) => ({
    name: rule.name ?? `approvals[${r}]`,
    operations: [...new Set(rule.operation)],
    owners: rule.owners ?? [],
    scopes: rule.scopes ?? [],
    required: rule.required ?? 1,
    approvers: (rule.approvers ?? []).map((text) => parseRef(text)!),
    escalateAfterMinutes: rule.escalate_after === undefined ? undefined : parseDuration(rule.escalate_after),
    escalateTo: (rule.escalate_to ?? []).map((text) => parseRef(text)!),
  }));
}
