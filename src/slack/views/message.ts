// A message's Block Kit and its notification text: what every builder returns.
import type { KnownBlock } from '@slack/types';
import { clip, mrkdwn } from './text.js';

export type Message = { text: string; blocks: KnownBlock[] };

export const simpleMessage = (text: string): Message => ({
  text,
  blocks: [{ type: 'section', text: mrkdwn(clip(text, 3000)) }],
});
