// The answer to `/token help`: every subcommand with its syntax, in the user's language.
import type { KnownBlock } from '@slack/types';
import type { Translate } from '../../i18n/index.js';
import type { Subcommand } from '../grammar.js';
import type { Message } from './message.js';
import { escapeEntities } from './text.js';

// Placeholders such as <id> are written as entities: Slack drops an unknown <…> even in code.
const line = (t: Translate, sub: Subcommand) => `\`/token ${escapeEntities(sub.syntax)}\`\n${t(sub.summary)}`;

export function helpMessage(t: Translate, subcommands: Subcommand[], notice?: string): Message {
  const everyone = subcommands.filter((sub) => !sub.adminOnly);
  const admin = subcommands.filter((sub) => sub.adminOnly);
  const blocks: KnownBlock[] = [
    ...(notice ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: notice } }] : []),
    { type: 'header', text: { type: 'plain_text', text: t('help.title') } },
    { type: 'section', text: { type: 'mrkdwn', text: t('help.intro') } },
    ...(everyone.length
      ? [
          {
            type: 'section' as const,
            text: { type: 'mrkdwn' as const, text: everyone.map((sub) => line(t, sub)).join('\n') },
          },
        ]
      : []),
    ...(admin.length
      ? [
          {
            type: 'section' as const,
            text: {
              type: 'mrkdwn' as const,
              text: `*${t('help.adminHeading')}*\n${admin.map((sub) => line(t, sub)).join('\n')}`,
            },
          },
        ]
      : []),
    { type: 'context', elements: [{ type: 'mrkdwn', text: t('help.footer') }] },
  ];
  return { text: notice ?? t('help.title'), blocks };
}
