// Parsing /token arguments: words, `key:value` list filters and escaped user mentions.
import { REDACTED } from '../../../domain/text.js';
import type { ListFilter } from '../../../domain/tokenService.js';

export const words = (text: string) => text.trim().split(/\s+/).filter(Boolean);

/** `<@U123|name>` or `<@U123>`, as Slack sends mentions when the command escapes them. */
export function parseMention(word: string | undefined): string | undefined {
  return /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(word ?? '')?.[1];
}

const STATUSES = ['enabled', 'disabled', 'revoked', 'expired'] as const;
const CREATED = ['7d', '30d', 'older'] as const;

/** List filters; `bad` is the first `key:value` that is not one we know, to be named back. */
export function parseListFilter(args: string[]): { filter: ListFilter } | { bad: string } {
  const filter: ListFilter = { words: [] };
  // A secret pasted here was removed before we saw it (middleware/pastedSecrets.ts): what took
  // its place is not a word to search for.
  for (const arg of words(args.join(' ').replaceAll(REDACTED, ' '))) {
    const [key, given] = [arg.slice(0, arg.indexOf(':')).toLowerCase(), arg.slice(arg.indexOf(':') + 1)];
    const value = key === 'status' || key === 'created' || key === 'unused' ? given.toLowerCase() : given; // any case, as words
    if (!arg.includes(':') || !value) {
      filter.words!.push(arg);
    } else if (key === 'status' && (STATUSES as readonly string[]).includes(value)) {
      filter.status = value as ListFilter['status'];
    } else if (key === 'created' && (CREATED as readonly string[]).includes(value)) {
      filter.created = value as ListFilter['created'];
    } else if (key === 'unused' && /^\d{1,4}d$/.test(value) && Number.parseInt(value, 10) > 0) {
      filter.unusedDays = Number.parseInt(value, 10);
    } else if (key === 'org') {
      filter.organizationSlug = value.toLowerCase();
    } else if (key === 'domain') {
      filter.domainName = value.toLowerCase();
    } else {
      return { bad: arg };
    }
  }
  return { filter };
}
