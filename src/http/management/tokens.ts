// The management API's token operations (README: Automating tokenops): each one call of the same domain
// service the Slack commands use, with the key's actor (an admin of the key's scope).
import type { z } from 'zod';
import type { Actor } from '../../domain/permissions.js';
import type { ChangeAsk, ChangeRequests } from '../../domain/changeRequests.js';
import type { ApprovalRequest, RevocationRequest } from '../../domain/ports.js';
import type { RevocationService } from '../../domain/revocations.js';
import type { TokenService } from '../../domain/tokenService.js';
import { secretEnd, type Token } from '../../domain/tokens.js';
import { cursorOf, keyOf } from './listCursor.js';
import { ProblemError } from './problems.js';
import type { listQuery } from '../contracts/management.js';
import {
  LIST_LIMIT,
  createBody,
  editBody,
  emptyBody,
  extendBody,
  reasonBody,
  resetBody,
  type tokenView,
} from '../contracts/management.js';

type Call<Body> = { actor: Actor; params: Record<string, string>; body: Body };
export type Answer = { status: number; body?: unknown; headers?: Record<string, string> };
export type Operation<S extends z.ZodType = z.ZodType> = {
  schema: S;
  run: (call: Call<z.infer<S>>) => Promise<Answer>;
};
const operation = <S extends z.ZodType>(schema: S, run: (call: Call<z.infer<S>>) => Promise<Answer>): Operation => ({
  schema,
  run: run as Operation['run'],
});

/** Posts a revocation request for approval as from Slack: the request as posted, or why not. */
type PostForApproval = (
  actor: Actor,
  request: RevocationRequest,
  token: Token,
) => Promise<RevocationRequest | { error: string; unconfirmed: boolean }>;
/** Posts a request of the approval policy's engine as from Slack, the key named as its requester; why not, if not. */
/** `error`: Slack did not take it, or did not confirm it (`unconfirmed`; worth retrying either
 *  way); `refused`: the policy names nobody who could decide (retrying cannot help). */
type PostChange = (
  actor: Actor,
  request: ApprovalRequest,
) => Promise<{ error?: string; unconfirmed?: boolean; refused?: string }>;

/** Why a request for approval was not made: nothing was, even when Slack may have shown it. */
const notPosted = (unconfirmed: boolean | undefined, why: string) =>
  unconfirmed
    ? 'Slack did not confirm that the request was posted for approval, so nothing was changed; if it appeared anyway, its buttons no longer work.'
    : `The request could not be posted for approval (${why}); nothing was changed.`;

const iso = (date: Date | null) => date?.toISOString() ?? null;

function viewOf(tokens: TokenService, token: Token): z.infer<typeof tokenView> {
  return {
    id: token.displayId,
    label: token.label,
    description: token.description,
    owner: {
      type: token.owner.type,
      organization: token.owner.organizationSlug,
      domain: token.owner.type === 'domain' ? token.owner.domainName : null,
    },
    api_version: token.apiVersion,
    scopes: token.scopes,
    primary_contact: token.primaryContact,
    developer_emails: token.developerEmails,
    allowed_ips: token.allowedIps,
    rate_limit: token.rateLimit,
    expires_at: iso(token.expiresAt),
    status: tokens.status(token),
    disabled: token.status === 'disabled',
    status_reason: token.statusReason,
    created_by: token.createdBy,
    created_at: token.createdAt.toISOString(),
    updated_at: token.updatedAt.toISOString(),
    last_used_at: iso(token.lastUsedAt),
  };
}

const API_REVOKE_REASON = 'requested through the management API';

export function tokenOperations(options: {
  tokens: TokenService;
  revocations: RevocationService;
  changes: ChangeRequests;
  revocationNeedsApproval: boolean;
  postForApproval: PostForApproval;
  postChange: PostChange;
}) {
  const { tokens, revocations, changes } = options;
  const view = (token: Token) => viewOf(tokens, token);
  const pending = (request: { id: string }): Answer => ({
    status: 202,
    body: { status: 'pending', requestId: request.id },
  });
  /** A change an approval policy rule covers: asked as from Slack (one pending request per token and kind). */
  const askChange = async (actor: Actor, ask: ChangeAsk): Promise<Answer> => {
    const { request, created } = await changes.ask(actor, ask);
    if (created) {
      const posted = await options.postChange(actor, request);
      if (posted.refused) throw new ProblemError('conflict', notPosted(false, posted.refused));
      if (posted.error) throw new ProblemError('unavailable', notPosted(posted.unconfirmed, posted.error));
    }
    return pending(request);
  };
  return {
    list: async (actor: Actor, query: z.infer<typeof listQuery>): Promise<Answer> => {
      const limit = query.limit ?? LIST_LIMIT.default;
      const filter = {
        status: query.status,
        created: query.created,
        organizationSlug: query.org?.toLowerCase(),
        domainName: query.domain?.toLowerCase(),
        words: query.q?.split(/\s+/).filter(Boolean),
      };
      const after = query.cursor ? keyOf(query.cursor, filter) : undefined;
      const page = await tokens.list(actor, filter, { after, limit });
      const last = page.tokens.at(-1);
      return {
        status: 200,
        body: { tokens: page.tokens.map(view), next_cursor: page.hasMore && last ? cursorOf(last, filter) : null },
      };
    },
    create: operation(createBody, async ({ actor, body }) => {
      const { token, secret } = await tokens.create(actor, {
        owner: body.owner,
        label: body.label,
        description: body.description,
        apiVersion: body.api_version,
        scopes: body.scopes,
        primaryContact: body.primary_contact,
        developerEmails: body.developer_emails,
        expiry: body.expiry,
        expiryDate: body.expiry_date,
        allowedIps: body.allowed_ips,
        rateLimit: body.rate_limit ?? undefined,
      });
      return { status: 201, body: { ...view(token), secret }, headers: { location: `/v1/tokens/${token.displayId}` } };
    }),
    get: operation(emptyBody, async ({ actor, params }) => ({
      status: 200,
      body: view(await tokens.show(actor, params.id!)),
    })),
    // A PATCH that only moves the expiry later, where an approval policy rule covers extending
    // the token, asks as POST …/extend does: 202 with the request's id.
    edit: operation(editBody, async ({ actor, params, body }) => {
      const input = {
        apiVersion: body.api_version,
        label: body.label,
        description: body.description,
        primaryContact: body.primary_contact,
        developerEmails: body.developer_emails,
        scopes: body.scopes,
        expiry: body.expiry,
        expiryDate: body.expiry_date,
        allowedIps: body.allowed_ips,
        // null clears the limit, as an emptied form field does; absent leaves it.
        rateLimit: body.rate_limit === null ? '' : body.rate_limit,
      };
      const extension = await changes.extensionIn(actor, params.id!, input);
      if (extension) return askChange(actor, extension);
      return { status: 200, body: view(await tokens.edit(actor, params.id!, input)) };
    }),
    delete: operation(emptyBody, async ({ actor, params }) => {
      await tokens.delete(actor, params.id!);
      return { status: 204 };
    }),
    // Where an approval policy rule covers the change, or revocations are approved in a channel
    // (APPROVALS_CHANNEL_ID), the API asks, as /token does: 202 with the request's id.
    revoke: operation(reasonBody, async ({ actor, params, body }) => {
      if (await changes.needsApproval(actor, 'revoke', params.id!))
        return askChange(actor, {
          operation: 'revoke',
          displayId: params.id!,
          reason: body.reason || API_REVOKE_REASON,
        });
      if (!options.revocationNeedsApproval)
        return { status: 200, body: view(await tokens.revoke(actor, params.id!, body.reason)) };
      const { request, created, token } = await revocations.request(
        actor,
        params.id!,
        body.reason || API_REVOKE_REASON,
      );
      if (created) {
        const posted = await options.postForApproval(actor, request, token);
        if ('error' in posted)
          throw new ProblemError('unavailable', notPosted(posted.unconfirmed, `Slack: ${posted.error}`));
      }
      return pending(request);
    }),
    disable: operation(reasonBody, async ({ actor, params, body }) => ({
      status: 200,
      body: view(await tokens.disable(actor, params.id!, body.reason)),
    })),
    enable: operation(reasonBody, async ({ actor, params, body }) => ({
      status: 200,
      body: view(await tokens.enable(actor, params.id!, body.reason)),
    })),
    extend: operation(extendBody, async ({ actor, params, body }) => {
      const choice = { expiry: body.expiry, expiryDate: body.expiry_date };
      if (await changes.needsApproval(actor, 'extend', params.id!))
        return askChange(actor, { operation: 'extend', displayId: params.id!, reason: body.reason, ...choice });
      return { status: 200, body: view(await tokens.extend(actor, params.id!, choice, undefined, body.reason)) };
    }),
    // Approved, a reset's new secret goes by DM to the token's primary contact (a key reads no DM).
    reset: operation(resetBody, async ({ actor, params, body }) => {
      if (await changes.needsApproval(actor, 'reset', params.id!))
        return askChange(actor, {
          operation: 'reset',
          displayId: params.id!,
          reason: body.reason,
          grace: body.grace ?? 'none',
        });
      const reset = await tokens.reset(actor, params.id!, body.grace ?? 'none', {}, undefined, body.reason);
      return {
        status: 200,
        body: {
          ...view(reset.token),
          secret: reset.secret,
          // The expiry ends every secret: a grace period past it is no promise (unless the token is extended).
          old_secrets_valid_until: iso(secretEnd(reset.oldSecretsUntil, reset.token.expiresAt)),
        },
      };
    }),
  };
}
