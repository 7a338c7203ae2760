import { renderList } from '../../../flows/lists.js';
import { simpleMessage } from '../../../views/message.js';
import { escapeEntities } from '../../../views/text.js';
import { parseListFilter } from '../parse.js';
import type { SubcommandHandler } from './command.js';

export const list: SubcommandHandler = async (ctx, args) => {
  const { t, reply } = ctx.context;
  const parsed = parseListFilter(args);
  // Named back in a code span, which a backtick of its own would end.
  if ('bad' in parsed)
    await reply(
      simpleMessage(t('list.badFilter', { part: escapeEntities(parsed.bad.slice(0, 60).replace(/`/g, '')) })),
    );
  else await reply(await renderList(ctx, { filter: parsed.filter }));
  return true;
};
