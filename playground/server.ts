// The playground's HTTP side, under /playground on the playground's port: the page (bundled
// once by esbuild), Slack's emoji names, a live feed of changes (server-sent events), what the current user sees, the user's
// actions (sent to the app as Slack would send them), the clock, and the emulated Slack API
// itself (/playground/api, /playground/response). Only this machine's own pages may use it: a
// loopback client, naming a loopback host (no DNS rebinding), and for every change a JSON body
// from a page of the same origin (no other site's page can forge one).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { build } from 'esbuild';
import { GENERAL_CHANNEL, type SlackDriver, type SlackEmulator } from '@tokenops/slack-emulator';
import { readBody } from '../src/http/request.js';
import { APPROVALS_CHANNEL, PLAYGROUND_USERS } from './workspace.js';
import { RECEIVER_PATH, type WebhookReceiver } from './webhooks.js';
import { VIEWER_FILES, apiDocsPage, viewerFile } from './apiDocs.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Slack's payloads are untyped JSON
type Json = Record<string, any>;
export const PLAYGROUND_PATH = '/playground';
const WEB = new URL('web/', import.meta.url);
const BODY_LIMIT = 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The Host header names this machine (a rebinding attacker's name does not). */
function loopbackHost(host: string | undefined): boolean {
  const name = (host ?? '').toLowerCase().replace(/:\d+$/, '');
  return LOOPBACK_HOSTS.has(name);
}

/** Why a state-changing request is refused, if it is: it must be JSON from a page of this origin. */
function crossSiteProblem(req: IncomingMessage, { originRequired }: { originRequired: boolean }): string | undefined {
  const origin = req.headers.origin;
  if (origin === undefined ? originRequired : origin !== `http://${req.headers.host}`)
    return 'changes are accepted only from the playground page itself (same origin)';
  return undefined;
}
const isJson = (req: IncomingMessage) =>
  String(req.headers['content-type'] ?? '')
    .split(';', 1)[0]!
    .trim()
    .toLowerCase() === 'application/json';

export type PlaygroundContext = {
  emulator: SlackEmulator;
  /** The driver that sends tokenops what Slack sends (once tokenops runs). */
  driver(): SlackDriver;
  verifyKey: string;
  /** A working management key of the emulated workspace (once tokenops runs). */
  managementKey(): Promise<string | undefined>;
  /** Moves the clock forward; resolves with the total offset in days. */
  advanceClock(days: number): Promise<number>;
  clockDays(): number;
  /** The local webhook receiver and its page. */
  webhooks: WebhookReceiver;
};

export function playgroundHandler(context: PlaygroundContext) {
  let page: Promise<string> | undefined;
  let emoji: Promise<string> | undefined;
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse, body: Json) => Promise<unknown>> = {
    'GET /': async (_req, res) =>
      send(res, 200, await readFile(new URL('index.html', WEB), 'utf8'), 'text/html; charset=utf-8'),
    'GET /state': async (req, res) => {
      const query = new URL(req.url!, 'http://x').searchParams;
      json(res, 200, snapshot(context, query.get('user') ?? '', query.get('since')));
    },
    'GET /emoji.json': async (_req, res) =>
      send(res, 200, await (emoji ??= emojiNames()), 'application/json; charset=utf-8'),
    'GET /app.js': async (_req, res) => send(res, 200, await (page ??= bundlePage()), 'text/javascript; charset=utf-8'),
    'GET /events': async (req, res) => liveFeed(context.emulator, req, res),
    'GET /webhooks': async (_req, res) => send(res, 200, context.webhooks.page(), 'text/html; charset=utf-8'),
    'POST /webhooks/secret': async (_req, res, body) =>
      json(res, context.webhooks.trust(String(body.secret ?? '')) ? 200 : 400, {}),
    'GET /api-docs': async (_req, res) =>
      send(res, 200, apiDocsPage(await context.managementKey(), PLAYGROUND_PATH), 'text/html; charset=utf-8'),
    ...Object.fromEntries(
      Object.entries(VIEWER_FILES).map(([name, type]) => [
        `GET /swagger-ui/${name}`,
        async (_req: IncomingMessage, res: ServerResponse) => send(res, 200, await viewerFile(name), type),
      ]),
    ),
    'POST /command': async (_req, res, body) => {
      const answer = await context.driver().command(body.user, String(body.text ?? ''), { channelId: body.channel });
      json(res, 200, { status: answer.status });
    },
    'POST /action': async (_req, res, body) => {
      const where = body.viewId
        ? { view: { ...context.emulator.views.get(body.viewId), state: { values: body.values ?? {} } } }
        : { channelId: body.channel, message: { ...messageOf(context.emulator, body), persisted: !body.ephemeral } };
      const answer = await context.driver().blockAction(body.user, body.action, where);
      json(res, 200, { status: answer.status });
    },
    'POST /submit': async (_req, res, body) => {
      const view = context.emulator.views.get(body.viewId);
      if (!view) return json(res, 404, { error: 'view_not_found' });
      const answer = await context.driver().viewSubmission(body.user, view, body.values ?? {});
      json(res, 200, {
        status: answer.status,
        errors: answer.json?.response_action === 'errors' ? answer.json.errors : undefined,
      });
    },
    'POST /close': async (_req, res, body) => {
      const view = context.emulator.views.get(body.viewId);
      if (view?.notify_on_close) await context.driver().viewClosed(body.user, view);
      else context.emulator.closeView(body.user, body.viewId);
      json(res, 200, {});
    },
    'POST /home': async (_req, res, body) => {
      await context
        .driver()
        .event({ type: 'app_home_opened', user: body.user, channel: context.emulator.dmOf(body.user), tab: 'home' });
      json(res, 200, {});
    },
    'GET /steps': async (_req, res) => json(res, 200, context.emulator.grants.functions),
    // A workflow reaches a step: it acts for the current user (its requester / actor input).
    'POST /step': async (_req, res, body) => {
      const definition = context.emulator.grants.functions[String(body.step)];
      if (!definition) return json(res, 404, { error: 'no such step' });
      const person = Object.keys(definition.input_parameters).find(
        (name) => definition.input_parameters[name]!.type === 'slack#/types/user_id',
      )!;
      const given = Object.entries((body.inputs ?? {}) as Json).filter(
        ([name, value]) => name in definition.input_parameters && typeof value === 'string' && value.trim(),
      );
      try {
        const run = await context
          .driver()
          .functionExecuted(String(body.step), { ...Object.fromEntries(given), [person]: body.user });
        json(res, 200, { status: run.status, execution: run.execution.id });
      } catch (error) {
        json(res, 400, { error: (error as Error).message }); // a required input left empty: Workflow Builder would not run it
      }
    },
    'POST /clock': async (_req, res, body) => {
      const days = Number(body.days);
      if (!Number.isInteger(days) || days < 1 || days > 400)
        return json(res, 400, { error: 'days must be a whole number from 1 to 400' });
      json(res, 200, { days: await context.advanceClock(days) });
    },
    'POST /deactivate': async (_req, res, body) => {
      const user = context.emulator.users.get(body.user);
      if (!user) return json(res, 404, { error: 'user_not_found' });
      user.deleted = !body.reactivate;
      context.emulator.emit('change');
      const event = await context.driver().event({
        type: 'user_change',
        user: { id: user.id, name: user.name, deleted: user.deleted, team_id: 'T0TEAM0001' },
      });
      json(res, 200, { delivered: event.delivered });
    },
  };

  return async (req: IncomingMessage, res: ServerResponse) => {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? ''))
      return json(res, 403, { error: 'the playground answers only on this machine (loopback)' });
    if (!loopbackHost(req.headers.host))
      return json(res, 403, { error: 'the playground answers only at localhost, 127.0.0.1 or [::1]' });
    const path = (req.url ?? '/').slice(PLAYGROUND_PATH.length) || '/';
    if (path.startsWith('/api/') || path.startsWith('/response/')) {
      // tokenops calls these from the server (no Origin); a browser page of another site may not.
      const problem = req.method === 'GET' ? undefined : crossSiteProblem(req, { originRequired: false });
      if (problem) return json(res, 403, { error: problem });
      return context.emulator.handle(req, res, path);
    }
    if (path === RECEIVER_PATH && req.method === 'POST') {
      // tokenops delivers here from the server (no Origin); a browser page of another site may not.
      const problem = crossSiteProblem(req, { originRequired: false });
      if (problem) return json(res, 403, { error: problem });
      const read = await readBody(req, BODY_LIMIT);
      if (!read) return json(res, 413, { error: 'too_large' });
      return context.webhooks.receive(req, read.toString('utf8'), res);
    }
    const bare = path.split('?', 1)[0]!;
    const route = routes[`${req.method} ${bare === '' ? '/' : bare}`];
    if (!route) return json(res, 404, { error: 'not_found' });
    if (req.method !== 'GET') {
      if (!isJson(req)) return json(res, 415, { error: 'send application/json' });
      const problem = crossSiteProblem(req, { originRequired: true });
      if (problem) return json(res, 403, { error: problem });
    }
    const read = req.method === 'POST' ? await readBody(req, BODY_LIMIT) : Buffer.alloc(0);
    if (!read) return json(res, 413, { error: 'too_large' });
    const raw = read.toString('utf8');
    let body: Json = {};
    try {
      body = raw ? (JSON.parse(raw) as Json) : {};
    } catch {
      return json(res, 400, { error: 'invalid_json' });
    }
    if (
      req.method === 'POST' &&
      bare !== '/clock' &&
      bare !== '/webhooks/secret' &&
      !PLAYGROUND_USERS.some((u) => u.id === body.user)
    )
      return json(res, 400, { error: 'unknown user' });
    await route(req, res, body);
  };
}

/** The page: web/app.ts with Preact, htm and mrkdwn, in one module (built on first request). */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('app.ts', WEB))],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

function messageOf(emulator: SlackEmulator, body: Json): Json {
  const found = body.ephemeral
    ? emulator.ephemerals.find((m) => m.channel === body.channel && m.ts === body.messageTs && m.user === body.user)
    : emulator.messages.get(`${body.channel}/${body.messageTs}`);
  return { type: 'message', ts: body.messageTs, text: found?.text ?? '', blocks: found?.blocks ?? [] };
}

/** Slack's emoji names (iamcal's emoji-data, which Slack's names come from), as { name: emoji }. */
async function emojiNames(): Promise<string> {
  const file = createRequire(import.meta.url).resolve('emoji-datasource/emoji.json');
  const data = JSON.parse(await readFile(file, 'utf8')) as Array<{ unified: string; short_names: string[] }>;
  const names: Record<string, string> = {};
  for (const entry of data) {
    const emoji = String.fromCodePoint(...entry.unified.split('-').map((hex) => parseInt(hex, 16)));
    for (const name of entry.short_names) names[name] = emoji;
  }
  return JSON.stringify(names);
}

/** Where a message stands in the emulator's order (the counter after the dot of its ts). */
const sequenceOf = (ts: string) => Number(ts.slice(ts.indexOf('.') + 1));

/**
 * What `user` sees now. Ephemeral messages live in the client, as in Slack: a page sees those
 * that arrived since it opened (`since`, the sequence it was given then), and a reload or another
 * page starts without them.
 */
function snapshot(context: PlaygroundContext, user: string, since: string | null): Json {
  const { emulator } = context;
  const dm = emulator.dmOf(user);
  const visible = [GENERAL_CHANNEL, APPROVALS_CHANNEL].filter((id) => emulator.channels.get(id)?.members.has(user));
  const opened = since === null || !/^\d+$/.test(since) ? emulator.sequence : Number(since);
  const shown = (id: string) =>
    emulator.conversation(id, user).filter((m) => !('ephemeral' in m) || sequenceOf(m.ts) > opened);
  return {
    me: user,
    since: opened,
    users: PLAYGROUND_USERS.map((u) => ({ ...u, deleted: Boolean(emulator.users.get(u.id)?.deleted) })),
    channels: [
      ...visible.map((id) => ({ id, name: emulator.channels.get(id)!.name, kind: 'channel' })),
      { id: dm, name: 'tokenops', kind: 'dm' },
    ],
    conversations: Object.fromEntries([...visible, dm].map((id) => [id, shown(id)])),
    modals: emulator.modalStack(user),
    home: emulator.home(user) ?? null,
    verifyKey: context.verifyKey,
    clockDays: context.clockDays(),
    // The steps this user ran, newest first (what the workflow's history would show).
    stepRuns: [...emulator.functions.executions.values()]
      .filter((e) => Object.values(e.inputs).includes(user))
      .reverse()
      .slice(0, 5)
      .map(({ id, callbackId, state, outputs, error }) => ({ id, callbackId, state, outputs, error })),
  };
}

function liveFeed(emulator: SlackEmulator, req: IncomingMessage, res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write('retry: 1000\n\n');
  let pending: NodeJS.Timeout | undefined;
  // Changes come in bursts (one command: several calls): one notice per burst.
  const onChange = () => (pending ??= setTimeout(() => ((pending = undefined), res.write('data: change\n\n')), 30));
  emulator.on('change', onChange);
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  req.on('close', () => {
    emulator.off('change', onChange);
    clearInterval(keepAlive);
    clearTimeout(pending);
  });
}

function send(res: ServerResponse, status: number, body: string, type: string) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown) {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
}
