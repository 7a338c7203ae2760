// What the global middleware puts on Bolt's `context` for every listener (see middleware/).
import type { Actor } from '../domain/permissions.js';
import type { Language, Translate } from '../i18n/index.js';
import type { Message } from './views/message.js';

/** Answers the person ephemerally where they asked (`replace`: instead of the clicked message).
 *  `asks`: the question the answer asks (askedAbout, a request's Withdraw): where it comes as a
 *  DM, its place is recorded, for it to be rewritten once the question is answered (an ephemeral
 *  answer cannot be: Slack rewrites one only through the response_url of a click on it). */
export type Reply = (message: Message, options?: { replace?: boolean; asks?: string }) => Promise<unknown>;

/** On `context` for every request from a person (not on events such as user_change). `tokenId`:
 *  the token the request names, if any (middleware/context.ts), which a failure's answer points at. */
export type SlackContext = { actor: Actor; language: Language; t: Translate; reply: Reply; tokenId?: string };

/** What a modal carries to answer its submission: a channel, or the response_url it came from. */
export function viewMetadata(view: { private_metadata?: string } | undefined): Record<string, string | undefined> {
  try {
    const parsed: unknown = JSON.parse(view?.private_metadata || '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}
