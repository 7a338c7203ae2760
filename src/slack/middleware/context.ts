// Global middleware that gives every listener what it needs on `context`: where to answer
// (`reply`), the person's language and translator, and their actor (roles). Listeners never
// look these up themselves.
import type { AckFn, AnyMiddlewareArgs, Middleware, RespondArguments, ViewResponseAction } from '@slack/bolt';
import { deadline } from '../../store/requestDeadline.js';
import { translator } from '../../i18n/index.js';
import { viewMetadata, type SlackContext } from '../context.js';
import type { SlackDeps } from '../deps.js';
import { ackWithFirstReply } from './ackReply.js';
import { simpleMessage, type Message } from '../views/message.js';
import { errorText, failureText } from '../views/text.js';
import { slackError } from '../web/errors.js';
import { isDisplayId } from '../../domain/secret.js';
import { subcommands } from '../grammar.js';
import { words } from '../listeners/commands/parse.js';
import { parseMenuValue } from '../views/list.js';
import { parseConfirmed } from '../views/token.js';

type Body = {
  type?: string;
  command?: string;
  text?: string;
  actions?: Array<{ value?: string; selected_option?: { value: string } }>;
  user_id?: string;
  user?: { id: string };
  response_url?: string;
  event?: { type?: string; user?: unknown };
  view?: { private_metadata?: string; blocks?: Array<{ type: string; block_id?: string }> };
};

/** The person behind a request: the command's user, the clicker, or app_home_opened's user. */
function personOf(body: Body): string | undefined {
  if (body.user_id) return body.user_id;
  if (body.user?.id) return body.user.id;
  return typeof body.event?.user === 'string' && body.event.type === 'app_home_opened' ? body.event.user : undefined;
}

/** The token a request names: `/token <operation> <id>` (a subcommand on one token, by the
 *  grammar), a button or menu choice that carries one (a list's menu, a question's button, a
 *  reminder's), or the form about one (its metadata). */
function tokenNamed(body: Body): string | undefined {
  const [name = '', first] = words(body.text ?? '');
  const onOne = subcommands.some((sub) => sub.syntax.startsWith(`${name.toLowerCase()} <id>`));
  const values = (body.actions ?? []).map((action) => action.value ?? action.selected_option?.value ?? '');
  const named = [
    body.command && onOne ? first : undefined,
    ...values.flatMap((value) => [value, parseMenuValue(value).id, parseConfirmed(value)?.id]),
    viewMetadata(body.view).id,
  ];
  return named.find((id): id is string => Boolean(id && isDisplayId(id)));
}

/** Sets `context.reply`: in a command's ack when ready within a second (else its response_url),
 *  an interaction's response_url, or a modal's response_url, channel or (failing those) DM. Block actions are
 *  acknowledged at once: none of ours answers in the ack. */
export function replyTarget(deps: SlackDeps): Middleware<AnyMiddlewareArgs, SlackContext> {
  return async (args) => {
    const { context, next, client } = args;
    const body = args.body as Body;
    const ack = 'ack' in args ? args.ack : undefined;
    context.t = translator('en'); // until the person's language is known
    const post = (message: Message, replace = false) =>
      deps.responseUrls.post(body.response_url, { response_type: 'ephemeral', replace_original: replace, ...message });
    if (body.command && ack) {
      const answer = ackWithFirstReply({
        ack: ack as Parameters<typeof ackWithFirstReply>[0]['ack'],
        respond: (message: RespondArguments) =>
          deps.responseUrls.post(body.response_url, message as Record<string, unknown>),
        onAckError: (error) => deps.logger.warn({ err: error }, '/token could not be acknowledged'),
      });
      context.reply = (message: Message) =>
        answer.reply({ response_type: 'ephemeral', ...message } as RespondArguments);
      try {
        return await next();
      } finally {
        await answer.done();
      }
    }
    if (body.type === 'block_actions' && ack) {
      await (ack as () => Promise<void>)();
      context.reply = (message: Message, options) => post(message, options?.replace);
    } else if (body.type === 'view_submission') {
      const { responseUrl, channel } = viewMetadata(body.view);
      const userId = body.user!.id;
      context.reply = async (message: Message, options) => {
        if (responseUrl)
          return deps.responseUrls.post(responseUrl, {
            response_type: 'ephemeral',
            replace_original: Boolean(options?.replace),
            ...message,
          });
        // Where the form was opened; else (from App Home, or a conversation tokenops is not in,
        // where Slack refuses the ephemeral) the person's DM: an answer must not be lost.
        if (channel) {
          const shown = await client.chat.postEphemeral({ channel, user: userId, ...message }).then(
            () => true,
            (error: unknown) => {
              deps.logger.info({ slackError: slackError(error) }, 'a form could not be answered where it was opened');
              return false;
            },
          );
          if (shown) return;
        }
        const posted = await deps.outbox
          .dm(userId, () => message) // in their language already
          .catch((error: unknown) => void deps.logger.warn({ err: error }, 'could not answer a form'));
        if (posted && options?.asks)
          await deps.outbox
            .asked(options.asks, userId, posted)
            .catch((error: unknown) =>
              deps.logger.warn({ err: error }, 'could not record a question asked by DM: it will not be rewritten'),
            );
      };
    } else {
      context.reply = async () => deps.logger.warn({ type: body.type }, 'an answer had nowhere to go');
    }
    await next();
  };
}

/** The one place refusals become answers: a DomainError or ValidationError is told to the
 *  person in their language; anything else is logged and answered by what the request's storage
 *  record says happened (never "nothing was changed" unless that is known), pointing at the token
 *  the request names (`context.tokenId`, for forms' answers too). A form whose
 *  submission failed before its listener answered gets the answer under its first field: Slack
 *  shows nothing else for a submission. */
export function refusals(deps: SlackDeps): Middleware<AnyMiddlewareArgs, SlackContext> {
  return async (args) => {
    const { context, next } = args;
    const body = args.body as Body;
    context.tokenId = tokenNamed(body);
    try {
      await next();
    } catch (error) {
      const text = errorText(context.t, error, context.tokenId);
      if (!text) deps.logger.error({ err: error, type: body.type ?? 'command' }, 'slack listener failed');
      const answer = text ?? failureText(context.t, deadline(), context.tokenId);
      const field = body.type === 'view_submission' && 'ack' in args ? firstInput(body.view) : undefined;
      // The listener may have answered the form already (then the ack refuses: a second one).
      const underField =
        field &&
        (await (args.ack as AckFn<ViewResponseAction>)({ response_action: 'errors', errors: { [field]: answer } }).then(
          () => true,
          () => false,
        ));
      if (!underField) await context.reply(simpleMessage(answer));
    }
  };
}

const firstInput = (view: Body['view']) => view?.blocks?.find((block) => block.type === 'input')?.block_id;

/** The person's language, translator and actor. A failed actor lookup is a refusal like any
 *  other (the middleware before this one answers it). */
export function identity(deps: SlackDeps): Middleware<AnyMiddlewareArgs, SlackContext> {
  return async ({ context, next, body }) => {
    const userId = personOf(body as Body);
    if (userId) {
      // Both at once: a command's answer should fit in its ack. languageOf never fails (English).
      const [language, actor] = await Promise.allSettled([deps.locales.languageOf(userId), deps.tokens.actor(userId)]);
      context.language = language.status === 'fulfilled' ? language.value : 'en';
      context.t = deps.locales.translate(context.language);
      if (actor.status === 'rejected') throw actor.reason;
      context.actor = actor.value;
    }
    await next();
  };
}
