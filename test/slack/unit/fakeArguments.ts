// The fast tier's fakes, in the style of Bolt's starter template: a listener or flow is called
// with made-up Bolt arguments (client, context, body) and services that answer what the test
// says. No Slack, PostgreSQL or Redis: what the end-to-end tests prove is not repeated here.
import { vi } from 'vitest';
import type { WebClient } from '@slack/web-api';
import type { Actor } from '../../../src/domain/permissions.js';
import type { Token } from '../../../src/domain/tokens.js';
import { translator } from '../../../src/i18n/index.js';
import type { Flow, SlackDeps } from '../../../src/slack/deps.js';
import type { SlackContext } from '../../../src/slack/context.js';
import { testCatalog } from '../../support/catalog.js';

/** Handlers registered on a fake App, by kind and id (as `app.command('/token', …)` registers them). */
export function fakeApp() {
  const handlers = new Map<string, (args: Record<string, unknown>) => Promise<unknown>>();
  const register =
    (kind: string) => (id: string | RegExp, handler: (args: Record<string, unknown>) => Promise<unknown>) =>
      void handlers.set(`${kind}:${String(id)}`, handler);
  const app = {
    command: register('command'),
    action: register('action'),
    view: register('view'),
    event: register('event'),
  };
  const run = (key: string, args: Record<string, unknown>) => {
    const handler = handlers.get(key);
    if (!handler) throw new Error(`nothing registered as ${key}`);
    return handler(args);
  };
  return { app, run };
}

/** Slack's Web API methods the flows call, each answering ok. */
export function fakeClient() {
  return {
    views: { open: vi.fn(async () => ({ ok: true })), publish: vi.fn(async () => ({ ok: true })) },
    chat: {
      postMessage: vi.fn(async () => ({ ok: true, ts: '1700000000.000100' })),
      postEphemeral: vi.fn(async () => ({ ok: true })),
      update: vi.fn(async () => ({ ok: true })),
      getPermalink: vi.fn(async () => ({ ok: true, permalink: 'https://example.slack.com/archives/C1/p1' })),
    },
    conversations: { open: vi.fn(async () => ({ ok: true, channel: { id: 'D1' } })) },
  };
}

export const admin: Actor = { userId: 'U0WSADMIN1', grants: [{ role: 'workspace_admin' }] };

export function fakeContext(actor: Actor = admin): SlackContext & { reply: ReturnType<typeof vi.fn> } {
  return { actor, language: 'en', t: translator('en'), reply: vi.fn(async () => undefined) };
}

export function aToken(more: Partial<Token> = {}): Token {
  const at = new Date('2030-01-01T00:00:00Z');
  return {
    id: 'id-1',
    displayId: 'tok_AAAAAAAAAA',
    label: 'Checkout',
    description: '',
    owner: { type: 'organization', organizationId: 'org-1', organizationSlug: 'acme' },
    apiVersion: testCatalog.latestVersion,
    scopes: ['orders:read'],
    primaryContact: 'U0ACMEADM1',
    developerEmails: [],
    allowedIps: [],
    rateLimit: null,
    expiresAt: null,
    status: 'enabled',
    statusReason: null,
    createdBy: admin.userId,
    createdAt: at,
    updatedAt: at,
    lastUsedAt: null,
    ...more,
  };
}

/** Services as a test declares them; anything it did not declare throws when called. */
export function fakeDeps(services: Record<string, unknown> = {}): SlackDeps {
  const unexpected = (name: string) =>
    new Proxy(
      {},
      { get: (_target, method) => () => Promise.reject(new Error(`unexpected call: ${name}.${String(method)}`)) },
    );
  const deps: Record<string, unknown> = {
    catalog: testCatalog,
    logger: { warn: vi.fn(), error: vi.fn(), info: vi.fn(), debug: vi.fn() },
    metrics: { slackCommands: { inc: vi.fn() }, leakReports: { inc: vi.fn() } },
    workspaceLanguage: 'en',
    ...services,
  };
  for (const name of [
    'tokens',
    'tenants',
    'revocations',
    'apiKeys',
    'lists',
    'once',
    'leaks',
    'scheduler',
    'locales',
    'responseUrls',
  ])
    deps[name] ??= unexpected(name);
  deps.changes ??= { ruleFor: () => undefined, ruleForAsker: () => undefined, needsApproval: async () => false }; // no approval policy for changes
  return deps as SlackDeps;
}

export function fakeFlow(services: Record<string, unknown> = {}, actor?: Actor) {
  const client = fakeClient();
  const context = fakeContext(actor);
  const flow: Flow = { deps: fakeDeps(services), client: client as unknown as WebClient, context };
  return { flow, client, context };
}
