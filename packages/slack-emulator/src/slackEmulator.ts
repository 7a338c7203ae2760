// Slack's side of the app, emulated: the Web API, response_url and Socket Mode, as the app
// installed from manifest.yml sees them. Faithful where our code depends on it: Slack's response
// shapes and error codes, bearer-token auth, OAuth scopes (missing_scope with needed/provided
// unless the manifest grants the method's scope), trigger ids that expire after 3 s and work
// once, response_url limits (5 uses, 30 minutes), Block Kit limits answered with invalid_blocks
// / invalid_arguments, and injected failures: ok:false, HTTP 500, 429 with Retry-After.
// It keeps what each user would see (messages, ephemeral messages, modal stacks, Home tabs) for
// the playground page, and records every call so tests can assert on what Slack was asked to do.
// The tests run it on its own loopback port (`SlackEmulator.start()`); the playground serves
// `handle` under /playground on its own port.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkMessage, checkView } from './blockKit.js';
import { readGrants, scopeFor, type Grants } from './manifest.js';
import { FunctionExecutions } from './functions.js';
import { broadcasts } from './mrkdwn.js';
import { RateTiers, type RateRule } from './rateTiers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Slack's payloads are untyped JSON
type Json = Record<string, any>;
export type SlackCall = { method: string; args: Json; at: number; response: Json; status: number };
export type ResponseUrlPost = { id: string; body: Json; at: number };
export type Failure =
  | { error: string; status?: never; retryAfter?: never }
  | { status: 500; error?: never; retryAfter?: never }
  | { status: 429; retryAfter: number; error?: never };
export type EmulatedUser = {
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
export type StoredView = Json & { id: string; hash: string };
export type StoredMessage = {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  user?: string;
  metadata?: Json;
};
/** A message only `user` sees (chat.postEphemeral, a command's answer, a response_url post). */
export type EphemeralMessage = StoredMessage & { user: string; ephemeral: true };
/** Where a response_url's posts go: the user and channel of the interaction, and its message. */
type ResponseTarget = { user?: string; channel?: string; messageTs?: string; ephemeral?: boolean };

export const TEAM_ID = 'T0TEAM0001';
export const BOT_USER_ID = 'U0TOKENOPS';
export const GENERAL_CHANNEL = 'C0GENERAL1';
/** Slack refuses a message whose top-level text is longer than this (msg_too_long). */
const MAX_MESSAGE_TEXT = 40_000;

const id = (prefix: string) => prefix + randomBytes(5).toString('hex').toUpperCase();
const truthy = (value: unknown) => value === true || value === 'true';

export class SlackEmulator extends EventEmitter {
  readonly botToken = `xoxb-${randomBytes(8).toString('hex')}`;
  readonly appToken = `xapp-1-${randomBytes(8).toString('hex')}`;
  readonly calls: SlackCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly users = new Map<string, EmulatedUser>();
  readonly usergroups = new Map<string, string[]>();
  /** Channels the bot is a member of, with their members. */
  readonly channels = new Map<string, { members: Set<string>; botIsMember: boolean; name?: string }>();
  readonly views = new Map<string, StoredView>();
  readonly messages = new Map<string, StoredMessage>();
  readonly ephemerals: EphemeralMessage[] = [];
  /** Each user's open modals, the root first. */
  readonly modalStacks = new Map<string, string[]>();
  readonly grants: Grants;
  /** Workflow Builder steps started (function_executed) and how each ended. */
  readonly functions: FunctionExecutions;
  private failures = new Map<string, Failure[]>();
  private holds = new Map<string, number>();
  private drops = new Map<string, (args: Json) => boolean>();
  private stalls = new Map<string, { reached: () => void; released: Promise<void> }>();
  private triggers = new Map<string, { expires: number; used: boolean; user?: string }>();
  private responseUrls = new Map<string, { expires: number; uses: number; target: ResponseTarget }>();
  private sockets = new Set<WebSocket>();
  private unacked = new Map<string, UnackedEnvelope>();
  /** Socket Mode connections opened so far. */
  socketsOpened = 0;
  /** How many times each envelope was sent. */
  readonly envelopeDeliveries = new Map<string, number>();
  private server?: http.Server;
  private wss?: WebSocketServer;
  private clock = 0;
  /** Where the emulator is reached: its own server's URL, or tokenops's /playground. */
  baseUrl = '';
  port = 0;

  /** Slack's rate tiers, when asked for (see rateTiers.ts). */
  private readonly rateTiers?: RateTiers;

  constructor(options: { grants?: Grants; baseUrl?: string; rateTiers?: { scale: number; rule: RateRule } } = {}) {
    super();
    this.grants = options.grants ?? readGrants();
    this.functions = new FunctionExecutions(this.grants);
    this.rateTiers = options.rateTiers && new RateTiers(options.rateTiers.scale, options.rateTiers.rule);
    this.baseUrl = options.baseUrl ?? '';
    this.channels.set(GENERAL_CHANNEL, { members: new Set(), botIsMember: true, name: 'general' }); // where the app was added
  }

  /** An emulator on its own loopback port (tests), with Socket Mode. */
  static async start(
    options: { grants?: Grants; rateTiers?: { scale: number; rule: RateRule } } = {},
  ): Promise<SlackEmulator> {
    const emulator = new SlackEmulator(options);
    await emulator.listen();
    return emulator;
  }

  /** The Web API base URL, as SLACK_API_URL. */
  get apiUrl() {
    return `${this.baseUrl}/api/`;
  }

  private async listen() {
    this.server = http.createServer((req, res) => this.handle(req, res, req.url ?? '/'));
    this.wss = new WebSocketServer({ server: this.server, path: '/socket' });
    this.wss.on('connection', (socket) => this.onSocket(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.baseUrl = `http://127.0.0.1:${this.port}`;
  }

  async close() {
    for (const socket of this.sockets) socket.terminate();
    this.wss?.close();
    this.server?.closeAllConnections();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Something a user could see changed (the playground page refreshes). */
  private changed() {
    this.emit('change');
  }

  // ---- set-up ------------------------------------------------------------------------------

  addUser(user: EmulatedUser): EmulatedUser {
    const full = { locale: 'en-US', tz: 'America/Los_Angeles', tzOffset: -28800, name: user.id.toLowerCase(), ...user };
    this.users.set(user.id, full);
    this.changed();
    return full;
  }

  addChannel(channelId: string, options: { members?: string[]; botIsMember?: boolean; name?: string } = {}) {
    this.channels.set(channelId, {
      members: new Set(options.members ?? []),
      botIsMember: options.botIsMember ?? true,
      name: options.name,
    });
  }

  /** The next call of `method` is carried out at once but answered only after `ms`: a client
   *  that dies meanwhile never learns that Slack did it. */
  holdNext(method: string, ms: number) {
    this.holds.set(method, ms);
  }

  /** The next call of `method` (that `matching` picks, when given) is carried out, then its
   *  connection is cut before the answer (a network failure on the way back): the client cannot
   *  tell whether Slack did it. */
  dropNext(method: string, matching: (args: Json) => boolean = () => true) {
    this.drops.set(method, matching);
  }

  /** The next call of `method` is held up on its way to Slack until `release` is called: calls
   *  made meanwhile are carried out before it. `reached` resolves once it is held. */
  stallNext(method: string): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const arrival = new Promise<void>((resolve) => (reached = resolve));
    this.stalls.set(method, { reached, released: new Promise<void>((resolve) => (release = resolve)) });
    return { reached: arrival, release };
  }

  /** The next `times` calls of `method` (or 'response_url') fail as given. */
  failNext(method: string, failure: Failure, times = 1) {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** A trigger id for an interaction of `user` (whose modals views.open then opens). */
  issueTriggerId(user?: string): string {
    const trigger = `${Date.now()}.${randomBytes(6).toString('hex')}`;
    this.triggers.set(trigger, { expires: Date.now() + 3_000, used: false, user });
    return trigger;
  }

  issueResponseUrl(target: ResponseTarget = {}): string {
    const key = randomBytes(8).toString('hex');
    this.responseUrls.set(key, { expires: Date.now() + 30 * 60_000, uses: 0, target });
    return `${this.baseUrl}/response/${key}`;
  }

  /**
   * A message in the HTTP answer to a slash command, as Slack shows it: like a post to the
   * command's response_url (without using one of its five uses). Invalid blocks are refused.
   */
  receiveAckMessage(responseUrl: string, body: Json): void {
    const problems = checkMessage(body);
    if (problems.length) throw new Error(`Slack would refuse this ack: invalid_blocks ${problems.join('; ')}`);
    const key = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    this.responses.push({ id: key, body, at: Date.now() });
    this.showResponse(this.responseUrls.get(key)?.target ?? {}, body);
  }

  /** Whom a message (chat.postMessage / chat.update arguments) would notify beyond its readers,
   *  as Slack parses it: @here, @channel, @everyone. */
  broadcastsIn(message: Json): string[] {
    const found: string[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!node || typeof node !== 'object') return;
      const object = node as Json;
      if (object.type === 'mrkdwn' && typeof object.text === 'string')
        found.push(...broadcasts(object.text, object.verbatim === true));
      Object.values(object).forEach(visit);
    };
    visit(message.blocks);
    // The top-level text (the notification's words) is parsed like verbatim mrkdwn without link_names.
    if (typeof message.text === 'string') found.push(...broadcasts(message.text, true));
    return found;
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
      if (Date.now() > deadline) throw new Error(`Slack emulator: condition not met within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Everything the app sent to Slack, as text: for scanning for secrets. */
  transcript(): string {
    return JSON.stringify({ calls: this.calls.map((c) => [c.method, c.args]), responses: this.responses });
  }

  /** The DM channel between the app and a user (as conversations.open names it). */
  dmOf(userId: string) {
    return `D${userId.slice(1)}`;
  }

  // ---- what a user sees --------------------------------------------------------------------

  /** Messages of a channel as `user` sees them: everyone's, and the ephemeral ones for them. */
  conversation(channel: string, user: string): Array<StoredMessage | EphemeralMessage> {
    const shared = [...this.messages.values()].filter((m) => m.channel === channel);
    const own = this.ephemerals.filter((m) => m.channel === channel && m.user === user);
    return [...shared, ...own].sort((a, b) => a.ts.localeCompare(b.ts));
  }

  modalStack(user: string): StoredView[] {
    return (this.modalStacks.get(user) ?? [])
      .map((viewId) => this.views.get(viewId))
      .filter((v): v is StoredView => Boolean(v));
  }

  home(user: string): StoredView | undefined {
    return [...this.views.values()].find((view) => view.type === 'home' && view.user_id === user);
  }

  /** Slack's answer to a view_submission's ack: close, update, push or clear the user's modals. */
  applyViewResponse(user: string, viewId: string, ack: Json | undefined) {
    const stack = this.modalStacks.get(user) ?? [];
    const action = ack?.response_action;
    if (action === 'errors') return;
    if (action === 'update') this.storeView(ack!.view, this.views.get(viewId));
    else if (action === 'push') stack.push(this.storeView(ack!.view).id);
    else if (action === 'clear') stack.length = 0;
    else stack.splice(stack.indexOf(viewId), stack.includes(viewId) ? 1 : 0);
    this.modalStacks.set(user, stack);
    this.changed();
  }

  /** The user closed a modal (Cancel or ×): Slack drops it from their stack. */
  closeView(user: string, viewId: string) {
    const stack = this.modalStacks.get(user) ?? [];
    if (stack.includes(viewId)) stack.splice(stack.indexOf(viewId));
    this.changed();
  }

  // ---- HTTP --------------------------------------------------------------------------------

  /** Serves a request; `path` is relative to the emulator's base URL. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string) {
    try {
      const url = new URL(path, 'http://emulator');
      const raw = await readBody(req);
      if (url.pathname.startsWith('/response/')) return this.handleResponseUrl(url.pathname.slice(10), raw, res);
      if (!url.pathname.startsWith('/api/')) return send(res, 404, { ok: false, error: 'unknown_method' });
      const method = url.pathname.slice(5);
      const args = parseArgs(raw, String(req.headers['content-type'] ?? ''));
      const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '') || args.token;
      const stall = this.stalls.get(method);
      if (stall) {
        this.stalls.delete(method);
        stall.reached();
        await stall.released;
      }
      const { status, body, headers } = this.answer(method, args, token);
      this.calls.push({ method, args, at: Date.now(), response: body, status });
      const hold = this.holds.get(method);
      if (hold) {
        this.holds.delete(method);
        await new Promise((resolve) => setTimeout(resolve, hold));
      }
      if (this.drops.get(method)?.(args)) {
        this.drops.delete(method);
        res.socket?.destroy();
      }
      if (!res.destroyed) send(res, status, body, headers);
      if (body.ok) this.changed();
    } catch (error) {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    }
  }

  private answer(
    method: string,
    args: Json,
    token: string | undefined,
  ): { status: number; body: Json; headers?: Json } {
    const wait = this.rateTiers?.take(method, typeof args.channel === 'string' ? args.channel : undefined) ?? 0;
    if (wait > 0)
      return {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String(Math.ceil(wait / 1000)) },
      };
    const failure = this.failures.get(method)?.shift();
    if (failure?.status === 429) {
      return {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String(failure.retryAfter) },
      };
    }
    if (failure?.status === 500) return { status: 500, body: { ok: false, error: 'internal_error' } };
    if (failure?.error) return { status: 200, body: { ok: false, error: failure.error } };

    const appLevel = method === 'apps.connections.open';
    const expected = appLevel ? this.appToken : this.botToken;
    if (!token) return { status: 200, body: { ok: false, error: 'not_authed' } };
    // A step's own token (event.bot_access_token) acts as the bot while its execution runs.
    if (token !== expected && (appLevel || !this.functions.tokenValid(token)))
      return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    const handler = this.methods[method];
    if (!handler) return { status: 200, body: { ok: false, error: 'unknown_method' } };
    const provided = this.grants.scopes.join(',');
    const headers = appLevel ? {} : { 'x-oauth-scopes': provided };
    const needed = appLevel ? undefined : scopeFor(method, args);
    if (needed && !this.grants.scopes.includes(needed)) {
      return {
        status: 200,
        body: { ok: false, error: 'missing_scope', needed, provided },
        headers: { ...headers, 'x-accepted-oauth-scopes': needed },
      };
    }
    const body = handler(args);
    return { status: 200, body: body.ok === false ? body : { ok: true, ...body }, headers };
  }

  private handleResponseUrl(key: string, raw: string, res: ServerResponse) {
    const failure = this.failures.get('response_url')?.shift();
    if (failure) return send(res, failure.status ?? 404, { ok: false, error: failure.error ?? 'internal_error' });
    const entry = this.responseUrls.get(key);
    if (!entry) return send(res, 404, { ok: false, error: 'invalid_url' });
    if (entry.expires < Date.now()) return send(res, 404, { ok: false, error: 'expired_url' });
    if (entry.uses >= 5) return send(res, 404, { ok: false, error: 'used_url' });
    const body = safeJson(raw || '{}') as Json;
    if (typeof body !== 'object' || body === null) return send(res, 400, { ok: false, error: 'invalid_payload' });
    if (!body.text && !body.blocks && !body.delete_original) return send(res, 400, { ok: false, error: 'no_text' });
    const problems = checkMessage(body);
    if (problems.length)
      return send(res, 400, { ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } });
    entry.uses += 1;
    this.responses.push({ id: key, body, at: Date.now() });
    this.showResponse(entry.target, body);
    send(res, 200, { ok: true });
  }

  /** A response_url post as Slack shows it: replaces, deletes, or adds a message. */
  private showResponse(target: ResponseTarget, body: Json) {
    const { user, channel, messageTs } = target;
    if (!channel) return;
    const original = messageTs
      ? target.ephemeral
        ? this.ephemerals.find((m) => m.channel === channel && m.ts === messageTs && m.user === user)
        : this.messages.get(`${channel}/${messageTs}`)
      : undefined;
    if (original && truthy(body.delete_original)) {
      if (target.ephemeral) this.ephemerals.splice(this.ephemerals.indexOf(original as EphemeralMessage), 1);
      else this.messages.delete(`${channel}/${messageTs}`);
    } else if (original && truthy(body.replace_original)) {
      Object.assign(original, { text: body.text, blocks: body.blocks });
    } else if (body.response_type === 'in_channel') {
      const ts = this.nextTs();
      this.messages.set(`${channel}/${ts}`, { channel, ts, text: body.text, blocks: body.blocks, user: BOT_USER_ID });
    } else if (user && (body.text || body.blocks)) {
      this.ephemerals.push({ channel, ts: this.nextTs(), text: body.text, blocks: body.blocks, user, ephemeral: true });
    }
    this.changed();
  }

  /** How many messages have been stamped so far: a message's ts ends with its number. */
  get sequence() {
    return this.clock;
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
    if (String(args.text ?? '').length > MAX_MESSAGE_TEXT) return { ok: false, error: 'msg_too_long' };
    const problems = checkMessage(args);
    return problems.length
      ? { ok: false, error: 'invalid_blocks', errors: problems, response_metadata: { messages: problems } }
      : undefined;
  }

  private viewProblems(view: unknown): Json | undefined {
    const problems = checkView(view);
    return problems.length
      ? { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } }
      : undefined;
  }

  private takeTrigger(trigger: unknown): { problem?: Json; user?: string } {
    const entry = this.triggers.get(String(trigger));
    if (!entry) return { problem: { ok: false, error: 'invalid_trigger_id' } };
    if (entry.used || entry.expires < Date.now()) return { problem: { ok: false, error: 'expired_trigger_id' } };
    entry.used = true;
    return { user: entry.user };
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
      previous_view_id: previous?.previous_view_id ?? null,
      app_id: 'A0TOKENOPS',
      bot_id: 'B0TOKENOPS',
    };
    stored.root_view_id ??= stored.id;
    this.views.set(stored.id, stored);
    return stored;
  }

  /** views.open / views.push: a modal on top of the stack of the user the trigger belongs to. */
  private openModal(args: Json, push: boolean): Json {
    const { problem, user } = this.takeTrigger(args.trigger_id ?? args.interactivity_pointer);
    if (problem) return problem;
    const viewProblem = this.viewProblems(args.view);
    if (viewProblem) return viewProblem;
    const stack = this.modalStacks.get(user ?? '') ?? [];
    if (push && stack.length === 0) return { ok: false, error: 'not_found' };
    if (push && stack.length >= 3) return { ok: false, error: 'push_limit_reached' };
    const previous = push ? this.views.get(stack[stack.length - 1]!) : undefined;
    const stored = this.storeView(args.view);
    if (previous) Object.assign(stored, { root_view_id: previous.root_view_id, previous_view_id: previous.id });
    if (user) this.modalStacks.set(user, push ? [...stack, stored.id] : [stored.id]);
    return { view: stored };
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
    'functions.completeSuccess': (args) =>
      this.functions.complete(args.function_execution_id, { outputs: args.outputs }),
    'functions.completeError': (args) => this.functions.complete(args.function_execution_id, { error: args.error }),
    'apps.connections.open': () => ({ url: `${this.baseUrl.replace(/^http/, 'ws')}/socket` }),
    'users.info': (args) => {
      const user = this.users.get(String(args.user));
      if (!user) return { ok: false, error: 'user_not_found' };
      // The e-mail is in the profile only for apps granted users:read.email.
      const email = user.email && this.grants.scopes.includes('users:read.email') ? { email: user.email } : {};
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
          ...(truthy(args.include_locale) ? { locale: user.locale } : {}),
          profile: { real_name: user.name, display_name: user.name, ...email },
        },
      };
    },
    'usergroups.users.list': (args) => {
      const members = this.usergroups.get(String(args.usergroup));
      return members ? { users: members } : { ok: false, error: 'no_such_subteam' };
    },
    'conversations.open': (args) => {
      const users = String(args.users ?? '')
        .split(',')
        .filter(Boolean);
      if (users.length !== 1) return { ok: false, error: users.length ? 'not_implemented' : 'users_list_not_supplied' };
      const problem = this.userError(users[0]);
      if (problem) return problem;
      const channel = this.dmOf(users[0]!);
      if (!this.channels.has(channel)) this.channels.set(channel, { members: new Set([users[0]!]), botIsMember: true });
      return { channel: { id: channel, is_im: true, user: users[0] } };
    },
    'chat.postMessage': (args) => {
      const channel = this.channels.get(String(args.channel));
      if (!channel) return { ok: false, error: 'channel_not_found' };
      if (!channel.botIsMember) return { ok: false, error: 'not_in_channel' };
      const problem = this.messageProblems(args);
      if (problem) return problem;
      const ts = this.nextTs();
      const message = {
        channel: String(args.channel),
        ts,
        text: args.text,
        blocks: args.blocks,
        user: BOT_USER_ID,
        metadata: args.metadata,
      };
      this.messages.set(`${message.channel}/${ts}`, message);
      return { channel: message.channel, ts, message: { type: 'message', ...message, bot_id: 'B0TOKENOPS' } };
    },
    'chat.postEphemeral': (args) => {
      const channel = this.channels.get(String(args.channel));
      if (!channel) return { ok: false, error: 'channel_not_found' };
      // As Slack: an app shows ephemerals only where it is a member (chat:write.public does not
      // cover them); a DM or private conversation it is not in does not exist for it.
      if (!channel.botIsMember)
        return { ok: false, error: /^[DG]/.test(String(args.channel)) ? 'channel_not_found' : 'not_in_channel' };
      const problem = this.userError(args.user) ?? this.messageProblems(args);
      if (problem) return problem;
      if (!channel.members.has(String(args.user))) return { ok: false, error: 'user_not_in_channel' };
      const ts = this.nextTs();
      this.ephemerals.push({
        channel: String(args.channel),
        ts,
        text: args.text,
        blocks: args.blocks,
        user: String(args.user),
        ephemeral: true,
      });
      return { message_ts: ts };
    },
    'conversations.history': (args) => {
      if (!this.channels.has(String(args.channel))) return { ok: false, error: 'channel_not_found' };
      const withMetadata = truthy(args.include_all_metadata);
      // The range between oldest and latest, their own messages only when inclusive, as Slack's.
      const [oldest, latest, inclusive] = [
        Number(args.oldest ?? 0),
        Number(args.latest ?? Infinity),
        truthy(args.inclusive),
      ];
      const inRange = (ts: number) => (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest);
      const messages = [...this.messages.values()]
        .filter((m) => m.channel === args.channel && inRange(Number(m.ts)))
        .reverse()
        .slice(0, Number(args.limit ?? 100))
        .map(({ metadata, ...m }) => ({ type: 'message', ...m, ...(withMetadata && metadata ? { metadata } : {}) }));
      return { messages, has_more: false };
    },
    'chat.getPermalink': (args) => {
      const message = this.messages.get(`${String(args.channel)}/${String(args.message_ts)}`);
      if (!message) return { ok: false, error: 'message_not_found' };
      // A link that opens: the playground's page on that conversation (Slack's would open the message).
      const query = new URLSearchParams({ channel: message.channel, message: message.ts });
      return { channel: message.channel, permalink: `${this.baseUrl}/?${query}` };
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
    'views.open': (args) => this.openModal(args, false),
    'views.push': (args) => this.openModal(args, true),
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
      if (args.view?.type !== 'home')
        return {
          ok: false,
          error: 'invalid_arguments',
          response_metadata: { messages: ['[ERROR] must be home [json-pointer:/view/type]'] },
        };
      const previous = this.home(String(args.user_id));
      if (args.hash && previous && args.hash !== previous.hash) return { ok: false, error: 'hash_conflict' };
      return { view: this.storeView({ ...args.view, user_id: args.user_id }, previous) };
    },
  };

  /** An Events API callback as Slack wraps an event (the same event_id on each retry of it). */
  eventCallback(event: Json, eventId = `Ev${Date.now()}${randomBytes(3).toString('hex').toUpperCase()}`): Json {
    return {
      token: 'deprecated-verification-token',
      team_id: TEAM_ID,
      api_app_id: 'A0TOKENOPS',
      event: { event_ts: String(Date.now() / 1000), ...event },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true }],
    };
  }

  /** A workflow reaches one of the app's steps: over Socket Mode, the function_executed event
   *  (resolves with the execution once the app acknowledged it). Over HTTP: SlackDriver. */
  async executeFunction(callbackId: string, inputs: Json, options: { timeoutMs?: number; loseAcks?: number } = {}) {
    const { execution, event } = this.functions.start(callbackId, inputs);
    await this.sendEnvelope('events_api', this.eventCallback(event), options);
    return execution;
  }

  // ---- Socket Mode -------------------------------------------------------------------------
  // As Slack does: hello on each connection, envelopes with an envelope_id, and an envelope not
  // acknowledged when its connection ends is sent again, with the same envelope_id, on the next
  // one (events with retry_attempt). Tests drop connections (`dropSocketConnections`) and lose
  // acks (`loseAcks`: the ack arrives, and the connection dies before Slack records it).

  private onSocket(socket: WebSocket) {
    this.sockets.add(socket);
    this.socketsOpened += 1;
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('message', (data) => {
      const message = safeJson(String(data)) as Json;
      const envelope = this.unacked.get(message?.envelope_id);
      if (!envelope) return; // an ack of an envelope already acknowledged, or of none
      if (envelope.loseAcks > 0) {
        envelope.loseAcks -= 1;
        return void socket.terminate();
      }
      this.unacked.delete(message.envelope_id);
      envelope.acked(message.payload);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        connection_info: { app_id: 'A0TOKENOPS' },
        debug_info: { host: 'emulator' },
      }),
    );
    for (const [envelopeId, envelope] of this.unacked) this.deliver(socket, envelopeId, envelope);
  }

  get socketConnections() {
    return this.sockets.size;
  }

  /**
   * Ends every Socket Mode connection: with Slack's `disconnect` message (refresh_requested) and
   * then a close, with a close frame only, or by dropping the TCP connection. Returns how many.
   */
  dropSocketConnections(how: 'disconnect' | 'close' | 'terminate' = 'close'): number {
    const dropped = this.sockets.size;
    for (const socket of this.sockets) {
      if (how === 'disconnect')
        socket.send(
          JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'emulator' } }),
        );
      if (how === 'terminate') socket.terminate();
      else socket.close(1001, 'going away');
    }
    return dropped;
  }

  /**
   * Sends an envelope (e.g. slash_commands) over Socket Mode; resolves with the app's ack payload.
   * Until acknowledged, it is sent again on each new connection. `loseAcks`: that many acks of
   * it die with their connection. `envelopeId`: send again one sent before.
   */
  sendEnvelope(
    type: string,
    payload: Json,
    options: { timeoutMs?: number; loseAcks?: number; envelopeId?: string } = {},
  ): Promise<Json | undefined> {
    const socket = [...this.sockets][0]; // none: sent once the app connects
    const envelopeId = options.envelopeId ?? randomBytes(8).toString('hex');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.unacked.delete(envelopeId);
        reject(new Error('Slack emulator: envelope not acknowledged'));
      }, options.timeoutMs ?? 3_000);
      const envelope = {
        type,
        payload,
        deliveries: this.envelopeDeliveries.get(envelopeId) ?? 0,
        loseAcks: options.loseAcks ?? 0,
        acked: (ackPayload: Json | undefined) => {
          clearTimeout(timer);
          // As over HTTP, a command's answer in the ack is shown like a response_url post.
          if (type === 'slash_commands' && (ackPayload?.text || ackPayload?.blocks))
            this.receiveAckMessage(String(payload.response_url), ackPayload);
          resolve(ackPayload);
        },
      };
      this.unacked.set(envelopeId, envelope);
      if (socket) this.deliver(socket, envelopeId, envelope);
    });
  }

  private deliver(socket: WebSocket, envelopeId: string, envelope: UnackedEnvelope) {
    const attempt = envelope.deliveries++;
    this.envelopeDeliveries.set(envelopeId, envelope.deliveries);
    const retry =
      envelope.type === 'events_api' && attempt > 0 ? { retry_attempt: attempt, retry_reason: 'timeout' } : {};
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type: envelope.type,
        payload: envelope.payload,
        accepts_response_payload: envelope.type !== 'events_api',
        ...retry,
      }),
    );
  }
}

type UnackedEnvelope = {
  type: string;
  payload: Json;
  deliveries: number;
  loseAcks: number;
  acked(payload: Json | undefined): void;
};

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
  if (contentType.includes('application/json')) return (safeJson(raw || '{}') as Json) ?? {};
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
