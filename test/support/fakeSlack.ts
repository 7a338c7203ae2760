// A fake of Slack's Web API on a random loopback port, faithful where our code depends on it:
// Slack's response shapes and error codes, bearer-token auth, trigger ids that expire after 3 s
// and work once, response_url limits (5 uses, 30 minutes), Block Kit limits answered with
// invalid_blocks / invalid_arguments, and injected failures: ok:false, HTTP 500, 429 with
// Retry-After. It records every call so tests can assert on what Slack was asked to do, and
// also serves Socket Mode (apps.connections.open + a WebSocket) for Socket Mode tests.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkBlocks, checkView } from './blockKitLimits.js';

type Json = Record<string, any>;
export type SlackCall = { method: string; args: Json; at: number; response: Json; status: number };
export type ResponseUrlPost = { id: string; body: Json; at: number };
export type Failure =
  | { error: string; status?: never; retryAfter?: never }
  | { status: 500; error?: never; retryAfter?: never }
  | { status: 429; retryAfter: number; error?: never };
export type FakeUser = {
  id: string;
  name?: string;
  locale?: string;
  tz?: string;
  tzOffset?: number;
  deleted?: boolean;
  isAdmin?: boolean;
  isBot?: boolean;
  email?: string;
};
type StoredView = Json & { id: string; hash: string };
type StoredMessage = { channel: string; ts: string; text?: string; blocks?: unknown[]; user?: string; metadata?: Json };

export const TEAM_ID = 'T0TEAM0001';
export const BOT_USER_ID = 'U0TOKENOPS';
export const GENERAL_CHANNEL = 'C0GENERAL1';

const id = (prefix: string) => prefix + randomBytes(5).toString('hex').toUpperCase();

export class FakeSlack {
  readonly botToken = `xoxb-${randomBytes(8).toString('hex')}`;
  readonly appToken = `xapp-1-${randomBytes(8).toString('hex')}`;
  readonly calls: SlackCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly usergroups = new Map<string, string[]>();
  /** Channels the bot is a member of, with their members. */
  readonly channels = new Map<string, { members: Set<string>; botIsMember: boolean }>();
  readonly views = new Map<string, StoredView>();
  readonly messages = new Map<string, StoredMessage>();
  private failures = new Map<string, Failure[]>();
  private holds = new Map<string, number>();
  private triggers = new Map<string, { expires: number; used: boolean }>();
  private responseUrls = new Map<string, { expires: number; uses: number }>();
  private sockets = new Set<WebSocket>();
  private socketAcks = new Map<string, (payload: Json | undefined) => void>();
  private server!: http.Server;
  private wss!: WebSocketServer;
  private clock = 0;
  port = 0;

  static async start(): Promise<FakeSlack> {
    const fake = new FakeSlack();
    await fake.listen();
    return fake;
  }

  /** The Web API base URL, as SLACK_API_URL. */
  get apiUrl() {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  private async listen() {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        res.writeHead(500).end(String(error));
      });
    });
    this.wss = new WebSocketServer({ server: this.server, path: '/socket' });
    this.wss.on('connection', (socket) => this.onSocket(socket));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.channels.set(GENERAL_CHANNEL, { members: new Set(), botIsMember: false });
  }

  async close() {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- test set-up -------------------------------------------------------------------------

  addUser(user: FakeUser): FakeUser {
    const full = { locale: 'en-US', tz: 'America/Los_Angeles', tzOffset: -28800, name: user.id.toLowerCase(), ...user };
    this.users.set(user.id, full);
    return full;
  }

  addChannel(channelId: string, options: { members?: string[]; botIsMember?: boolean } = {}) {
    this.channels.set(channelId, { members: new Set(options.members ?? []), botIsMember: options.botIsMember ?? true });
  }

  /** The next call of `method` is carried out at once but answered only after `ms`: a client
   *  that dies meanwhile never learns that Slack did it. */
  holdNext(method: string, ms: number) {
    this.holds.set(method, ms);
  }

  /** The next `times` calls of `method` (or 'response_url') fail as given. */
  failNext(method: string, failure: Failure, times = 1) {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  issueTriggerId(): string {
    const trigger = `${Date.now()}.${randomBytes(6).toString('hex')}`;
    this.triggers.set(trigger, { expires: Date.now() + 3_000, used: false });
    return trigger;
  }

  issueResponseUrl(): string {
    const key = randomBytes(8).toString('hex');
    this.responseUrls.set(key, { expires: Date.now() + 30 * 60_000, uses: 0 });
    return `http://127.0.0.1:${this.port}/response/${key}`;
  }

  /**
   * A message in the HTTP answer to a slash command, as Slack shows it: like a post to the
   * command's response_url (without using one of its five uses). Invalid blocks are refused.
   */
  receiveAckMessage(responseUrl: string, body: Json): void {
    const problems = body.blocks ? checkBlocks(body.blocks, 'message') : [];
    if (problems.length) throw new Error(`Slack would refuse this ack: invalid_blocks ${problems.join('; ')}`);
    this.responses.push({ id: responseUrl.slice(responseUrl.lastIndexOf('/') + 1), body, at: Date.now() });
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Resolves when `predicate` holds for the recorded traffic; rejects after `timeoutMs`. */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`fake Slack: condition not met within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Everything the app sent to Slack, as text: for scanning for secrets. */
  transcript(): string {
    return JSON.stringify({ calls: this.calls.map((c) => [c.method, c.args]), responses: this.responses });
  }

  // ---- HTTP --------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    if (url.pathname.startsWith('/response/')) return this.handleResponseUrl(url.pathname.slice(10), raw, res);
    if (!url.pathname.startsWith('/api/')) return send(res, 404, { ok: false, error: 'unknown_method' });
    const method = url.pathname.slice(5);
    const args = parseArgs(raw, String(req.headers['content-type'] ?? ''));
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '') || args.token;
    const { status, body, headers } = this.answer(method, args, token);
    this.calls.push({ method, args, at: Date.now(), response: body, status });
    const hold = this.holds.get(method);
    if (hold) {
      this.holds.delete(method);
      await new Promise((resolve) => setTimeout(resolve, hold));
    }
    if (!res.destroyed) send(res, status, body, headers);
  }

  private answer(method: string, args: Json, token: string | undefined): { status: number; body: Json; headers?: Json } {
    const failure = this.failures.get(method)?.shift();
    if (failure?.status === 429) {
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(failure.retryAfter) } };
    }
    if (failure?.status === 500) return { status: 500, body: { ok: false, error: 'internal_error' } };
    if (failure?.error) return { status: 200, body: { ok: false, error: failure.error } };

    const expected = method === 'apps.connections.open' ? this.appToken : this.botToken;
    if (!token) return { status: 200, body: { ok: false, error: 'not_authed' } };
    if (token !== expected) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    const handler = this.methods[method];
    if (!handler) return { status: 200, body: { ok: false, error: 'unknown_method' } };
    const body = handler(args);
    return { status: 200, body: body.ok === false ? body : { ok: true, ...body } };
  }

  private handleResponseUrl(key: string, raw: string, res: ServerResponse) {
    const failure = this.failures.get('response_url')?.shift();
    if (failure) return send(res, failure.status ?? 404, { ok: false, error: failure.error ?? 'internal_error' });
    const entry = this.responseUrls.get(key);
    if (!entry) return send(res, 404, { ok: false, error: 'invalid_url' });
    if (entry.expires < Date.now()) return send(res, 404, { ok: false, error: 'expired_url' });
    if (entry.uses >= 5) return send(res, 404, { ok: false, error: 'used_url' });
    const body = JSON.parse(raw || '{}') as Json;
    const problems = body.blocks ? checkBlocks(body.blocks, 'message') : [];
    if (!body.text && !body.blocks && !body.delete_original) return send(res, 400, { ok: false, error: 'no_text' });
    if (problems.length) return send(res, 400, { ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } });
    entry.uses += 1;
    this.responses.push({ id: key, body, at: Date.now() });
    send(res, 200, { ok: true });
  }

  private nextTs() {
    this.clock += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.clock).padStart(6, '0')}`;
  }

  private userError(userId: unknown): Json | undefined {
    const user = this.users.get(String(userId));
    if (!user) return { ok: false, error: 'user_not_found' };
    if (user.deleted) return { ok: false, error: 'user_disabled' };
    return undefined;
  }

  private messageProblems(args: Json): Json | undefined {
    if (!args.text && !args.blocks && !args.attachments) return { ok: false, error: 'no_text' };
    if (!args.blocks) return undefined;
    const problems = checkBlocks(args.blocks, 'message');
    return problems.length ? { ok: false, error: 'invalid_blocks', errors: problems, response_metadata: { messages: problems } } : undefined;
  }

  private viewProblems(view: unknown): Json | undefined {
    const problems = checkView(view);
    return problems.length ? { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } } : undefined;
  }

  private takeTrigger(trigger: unknown): Json | undefined {
    const entry = this.triggers.get(String(trigger));
    if (!entry) return { ok: false, error: 'invalid_trigger_id' };
    if (entry.used || entry.expires < Date.now()) return { ok: false, error: 'expired_trigger_id' };
    entry.used = true;
    return undefined;
  }

  private storeView(view: Json, previous?: StoredView): StoredView {
    const stored: StoredView = {
      ...view,
      id: previous?.id ?? id('V'),
      hash: `${Date.now()}.${randomBytes(4).toString('hex')}`,
      team_id: TEAM_ID,
      state: { values: {} },
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      root_view_id: previous?.root_view_id ?? previous?.id ?? null,
      app_id: 'A0TOKENOPS',
      bot_id: 'B0TOKENOPS',
    };
    stored.root_view_id ??= stored.id;
    this.views.set(stored.id, stored);
    return stored;
  }

  private readonly methods: Record<string, (args: Json) => Json> = {
    'auth.test': () => ({
      url: 'https://fake-workspace.slack.com/',
      team: 'Fake Workspace',
      user: 'tokenops',
      team_id: TEAM_ID,
      user_id: BOT_USER_ID,
      bot_id: 'B0TOKENOPS',
      is_enterprise_install: false,
    }),
    'apps.connections.open': () => ({ url: `ws://127.0.0.1:${this.port}/socket` }),
    'users.info': (args) => {
      const user = this.users.get(String(args.user));
      if (!user) return { ok: false, error: 'user_not_found' };
      return {
        user: {
          id: user.id,
          team_id: TEAM_ID,
          name: user.name,
          real_name: user.name,
          deleted: Boolean(user.deleted),
          is_admin: Boolean(user.isAdmin),
          is_owner: false,
          is_primary_owner: false,
          is_restricted: false,
          is_ultra_restricted: false,
          is_bot: Boolean(user.isBot),
          tz: user.tz,
          tz_offset: user.tzOffset,
          ...(args.include_locale === true || args.include_locale === 'true' ? { locale: user.locale } : {}),
          profile: { real_name: user.name, display_name: user.name, ...(user.email ? { email: user.email } : {}) },
        },
      };
    },
    'usergroups.users.list': (args) => {
      const members = this.usergroups.get(String(args.usergroup));
      return members ? { users: members } : { ok: false, error: 'no_such_subteam' };
    },
    'conversations.open': (args) => {
      const users = String(args.users ?? '').split(',').filter(Boolean);
      if (users.length !== 1) return { ok: false, error: users.length ? 'not_implemented' : 'users_list_not_supplied' };
      const problem = this.userError(users[0]);
      if (problem) return problem;
      const channel = `D${users[0]!.slice(1)}`;
      this.channels.set(channel, { members: new Set([users[0]!]), botIsMember: true });
      return { channel: { id: channel, is_im: true, user: users[0] } };
    },
    'chat.postMessage': (args) => {
      const channel = this.channels.get(String(args.channel));
      if (!channel) return { ok: false, error: 'channel_not_found' };
      if (!channel.botIsMember) return { ok: false, error: 'not_in_channel' };
      const problem = this.messageProblems(args);
      if (problem) return problem;
      const ts = this.nextTs();
      const message = { channel: String(args.channel), ts, text: args.text, blocks: args.blocks, user: BOT_USER_ID, metadata: args.metadata };
      this.messages.set(`${message.channel}/${ts}`, message);
      return { channel: message.channel, ts, message: { type: 'message', ...message, bot_id: 'B0TOKENOPS' } };
    },
    'chat.postEphemeral': (args) => {
      const channel = this.channels.get(String(args.channel));
      if (!channel) return { ok: false, error: 'channel_not_found' };
      const problem = this.userError(args.user) ?? this.messageProblems(args);
      if (problem) return problem;
      if (!channel.members.has(String(args.user))) return { ok: false, error: 'user_not_in_channel' };
      return { message_ts: this.nextTs() };
    },
    'conversations.history': (args) => {
      if (!this.channels.has(String(args.channel))) return { ok: false, error: 'channel_not_found' };
      const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
      const messages = [...this.messages.values()]
        .filter((m) => m.channel === args.channel)
        .reverse()
        .slice(0, Number(args.limit ?? 100))
        .map(({ metadata, ...m }) => ({ type: 'message', ...m, ...(withMetadata && metadata ? { metadata } : {}) }));
      return { messages, has_more: false };
    },
    'chat.getPermalink': (args) => {
      const message = this.messages.get(`${String(args.channel)}/${String(args.message_ts)}`);
      if (!message) return { ok: false, error: 'message_not_found' };
      return { channel: message.channel, permalink: `https://fake-workspace.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}` };
    },
    'chat.update': (args) => {
      const key = `${String(args.channel)}/${String(args.ts)}`;
      const message = this.messages.get(key);
      if (!message) return { ok: false, error: 'message_not_found' };
      const problem = this.messageProblems(args);
      if (problem) return problem;
      Object.assign(message, { text: args.text, blocks: args.blocks });
      return { channel: message.channel, ts: message.ts, text: args.text, message: { ...message } };
    },
    'views.open': (args) => {
      const problem = this.takeTrigger(args.trigger_id ?? args.interactivity_pointer) ?? this.viewProblems(args.view);
      return problem ?? { view: this.storeView(args.view) };
    },
    'views.push': (args) => {
      const problem = this.takeTrigger(args.trigger_id ?? args.interactivity_pointer) ?? this.viewProblems(args.view);
      return problem ?? { view: this.storeView(args.view) };
    },
    'views.update': (args) => {
      const previous = [...this.views.values()].find(
        (view) => view.id === args.view_id || (args.external_id && view.external_id === args.external_id),
      );
      if (!previous) return { ok: false, error: 'not_found' };
      if (args.hash && args.hash !== previous.hash) return { ok: false, error: 'hash_conflict' };
      return this.viewProblems(args.view) ?? { view: this.storeView(args.view, previous) };
    },
    'views.publish': (args) => {
      const problem = this.userError(args.user_id) ?? this.viewProblems(args.view);
      if (problem) return problem;
      const previous = [...this.views.values()].find((view) => view.type === 'home' && view.user_id === args.user_id);
      if (args.hash && previous && args.hash !== previous.hash) return { ok: false, error: 'hash_conflict' };
      return { view: this.storeView({ ...args.view, user_id: args.user_id }, previous) };
    },
  };

  // ---- Socket Mode -------------------------------------------------------------------------

  private onSocket(socket: WebSocket) {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Json;
      this.socketAcks.get(message.envelope_id)?.(message.payload);
    });
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0TOKENOPS' }, debug_info: { host: 'fake' } }));
  }

  get socketConnections() {
    return this.sockets.size;
  }

  /** Sends an envelope (e.g. slash_commands) over Socket Mode; resolves with the app's ack payload. */
  sendEnvelope(type: string, payload: Json, timeoutMs = 3_000): Promise<Json | undefined> {
    const socket = [...this.sockets][0];
    if (!socket) return Promise.reject(new Error('fake Slack: no Socket Mode connection'));
    const envelopeId = randomBytes(8).toString('hex');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('fake Slack: envelope not acknowledged')), timeoutMs);
      this.socketAcks.set(envelopeId, (ackPayload) => {
        clearTimeout(timer);
        // As over HTTP, a command's answer in the ack is shown like a response_url post.
        if (type === 'slash_commands' && (ackPayload?.text || ackPayload?.blocks)) this.receiveAckMessage(String(payload.response_url), ackPayload);
        resolve(ackPayload);
      });
      socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' }));
    });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web API client sends forms whose complex values are JSON strings; Slack decodes them. */
function parseArgs(raw: string, contentType: string): Json {
  if (contentType.includes('application/json')) return JSON.parse(raw || '{}') as Json;
  const args: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function send(res: ServerResponse, status: number, body: Json, headers: Json = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
