// What the app's manifest grants, read from manifest.yml itself: the emulator answers exactly
// as Slack would for an app installed from that file, so the manifest and the code cannot drift.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type Grants = {
  /** OAuth scopes of the bot token. */
  scopes: string[];
  /** Events Slack delivers to the app. */
  events: string[];
  /** Slash commands, with whether mentions arrive escaped. */
  commands: Array<{ command: string; shouldEscape: boolean }>;
  /** Custom steps (Workflow Builder functions) the app runs itself (function_runtime: remote). */
  functions: Record<string, FunctionDefinition>;
  /** Shortcuts (global and message), by callback_id. */
  shortcuts: Array<{ callbackId: string; type: 'global' | 'message'; name: string }>;
};

export type FunctionParameter = { type: string; title?: string; description?: string; is_required?: boolean };
export type FunctionDefinition = {
  title: string;
  description?: string;
  input_parameters: Record<string, FunctionParameter>;
  output_parameters: Record<string, FunctionParameter>;
};

/** tokenops' manifest.yml, at the root of the repository this package lives in. */
export const MANIFEST_PATH = new URL('../../../manifest.yml', import.meta.url);

/** `optional`: also the commented-out items tagged `(<name>)`, as an install that enabled them
 *  (LEAK_SCAN_CHANNELS's history scopes and message events). */
export function readGrants(path: URL | string = MANIFEST_PATH, optional: string[] = []): Grants {
  const text = readFileSync(path, 'utf8');
  const enabled = optional.reduce(
    (source, name) => source.replace(new RegExp(`^(\\s*)# (- \\S+) # \\(${name}\\).*$`, 'gm'), '$1$2'),
    text,
  );
  const manifest = parse(enabled) as {
    oauth_config?: { scopes?: { bot?: string[] } };
    settings?: { event_subscriptions?: { bot_events?: string[] }; function_runtime?: string };
    features?: {
      slash_commands?: Array<{ command: string; should_escape?: boolean }>;
      shortcuts?: Array<{ callback_id: string; type: 'global' | 'message'; name: string }>;
    };
    functions?: Record<string, FunctionDefinition>;
  };
  // function_executed cannot be subscribed to by hand: Slack sends it to an app whose steps run remotely.
  const functions = manifest.settings?.function_runtime === 'remote' ? (manifest.functions ?? {}) : {};
  const events = manifest.settings?.event_subscriptions?.bot_events ?? [];
  return {
    scopes: manifest.oauth_config?.scopes?.bot ?? [],
    events: Object.keys(functions).length ? [...events, 'function_executed'] : events,
    commands: (manifest.features?.slash_commands ?? []).map((c) => ({
      command: c.command,
      shouldEscape: Boolean(c.should_escape),
    })),
    functions,
    shortcuts: (manifest.features?.shortcuts ?? []).map((s) => ({
      callbackId: s.callback_id,
      type: s.type,
      name: s.name,
    })),
  };
}

/**
 * The bot scope Slack requires for a Web API method (undefined: none), from Slack's method
 * reference. Reading a conversation's history needs the scope of its kind of conversation.
 */
export function scopeFor(method: string, args: Record<string, unknown>): string | undefined {
  switch (method) {
    case 'chat.postMessage':
    case 'chat.postEphemeral':
    case 'chat.update':
    case 'chat.delete':
      return 'chat:write';
    case 'conversations.open':
      return 'im:write';
    case 'conversations.history':
    case 'conversations.replies': {
      const channel = String(args.channel ?? '');
      return channel.startsWith('D') ? 'im:history' : channel.startsWith('G') ? 'groups:history' : 'channels:history';
    }
    case 'users.info':
      return 'users:read';
    case 'users.lookupByEmail':
      return 'users:read.email';
    case 'usergroups.users.list':
    case 'usergroups.list':
      return 'usergroups:read';
    default:
      return undefined; // auth.test, views.*, chat.getPermalink, apps.connections.open
  }
}

/** The scope Slack requires before it delivers an event of this type to the app. */
export function eventScope(type: string): string | undefined {
  return (
    {
      user_change: 'users:read',
      team_join: 'users:read',
      'message.channels': 'channels:history',
      'message.groups': 'groups:history',
      'message.im': 'im:history',
      'message.mpim': 'mpim:history',
    } as Record<string, string>
  )[type];
}
