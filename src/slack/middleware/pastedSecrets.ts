// A secret pasted into Slack (a revocation reason, a search, a form field) never goes further:
// every secret-shaped part of what a person typed is redacted before any listener sees it, so it
// is not stored, posted or echoed. A pasted secret that works went through Slack outside its one
// DM: an admin of its owner is offered to disable the token; when anyone else pasted it, the
// owner's admins are told (and offered the same), and the person is told so.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { can } from '../../domain/permissions.js';
import { findSecretShapes, redactSecrets } from '../../domain/text.js';
import type { SlackContext } from '../context.js';
import type { SlackDeps } from '../deps.js';
import { pastedSecretOffer } from '../views/leak.js';
import { withDeadline } from '../../store/requestDeadline.js';

type Typed = {
  text?: string;
  view?: { state?: { values?: Record<string, Record<string, { value?: string | null }>> } };
};

/** Every text a person typed in the request: the command's text, or the form's text inputs. */
function typedTexts(body: Typed): Array<{ get(): string; set(value: string): void }> {
  const found: Array<{ get(): string; set(value: string): void }> = [];
  if (typeof body.text === 'string') found.push({ get: () => body.text!, set: (value) => void (body.text = value) });
  for (const block of Object.values(body.view?.state?.values ?? {})) {
    for (const input of Object.values(block ?? {})) {
      if (typeof input?.value === 'string')
        found.push({ get: () => input.value as string, set: (value) => void (input.value = value) });
    }
  }
  return found;
}

export function pastedSecrets(deps: SlackDeps, tokenPrefix: string): Middleware<AnyMiddlewareArgs, SlackContext> {
  return async ({ body, context, next }) => {
    const pasted: string[] = [];
    for (const text of typedTexts(body as Typed)) {
      const shapes = findSecretShapes(text.get(), tokenPrefix);
      if (!shapes.length) continue;
      pasted.push(...shapes);
      text.set(redactSecrets(text.get(), tokenPrefix));
    }
    await next();
    if (!pasted.length) return;
    // After the answer, with a deadline of its own: what the request left of its own (a slow
    // listener, Redis away) must not skip the lookup and leave the person untold.
    await withDeadline(PASTED_BUDGET_MS, () => offerFor(deps, context, pasted));
  };
}

/** What a pasted secret's lookup and its notices may take after the request's answer. */
const PASTED_BUDGET_MS = 5_000;

async function offerFor(deps: SlackDeps, context: SlackContext, pasted: string[]) {
  for (const secret of new Set(pasted)) {
    const token = await deps.leaks
      .pasted(secret)
      .catch((error: unknown) => void deps.logger.warn({ err: error }, 'could not look up a pasted secret'));
    if (!token) continue;
    deps.logger.warn(
      { tokenId: token.displayId, userId: context.actor?.userId },
      'a working secret was pasted into Slack',
    );
    const admin = context.actor !== undefined && can(context.actor, 'token.change', { owner: token.owner });
    // Someone who cannot disable or replace it: its admins hear of it from tokenops.
    const told =
      !admin &&
      context.actor !== undefined &&
      (await deps.leaks.pastedByOther(token, context.actor.userId).then(
        () => true,
        (error: unknown) => void deps.logger.warn({ err: error }, 'could not tell the admins of a pasted secret'),
      ));
    await context.reply(pastedSecretOffer(context.t, token, admin, Boolean(told)));
  }
}
