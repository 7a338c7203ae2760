// Plays Slack's part towards the app: sends correctly signed slash commands, interaction
// payloads and events to /slack/events, each with a fresh trigger_id and a response_url on the
// emulator, as Slack would for the app manifest.yml describes (only its commands and events).
import { createHmac } from 'node:crypto';
import type { SlackEmulator } from './slackEmulator.js';
import { GENERAL_CHANNEL, TEAM_ID } from './slackEmulator.js';
import { eventScope } from './manifest.js';
import { allOptions, checkSuggestions } from './blockKit.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Slack's payloads are untyped JSON
type Json = Record<string, any>;
export type AppResponse = { status: number; body: string; json?: Json; triggerId: string; responseUrl: string };

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export class SlackDriver {
  constructor(
    private readonly appUrl: string,
    private readonly signingSecret: string,
    private readonly fake: SlackEmulator,
  ) {}

  /** Sends a raw form body to /slack/events, signed unless told otherwise. */
  async post(body: string, options: { timestamp?: number; signature?: string; headers?: Json } = {}) {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const response = await fetch(`${this.appUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': options.signature ?? sign(this.signingSecret, timestamp, body),
        ...options.headers,
      },
      body,
    });
    const text = await response.text();
    let json: Json | undefined;
    try {
      json = text ? (JSON.parse(text) as Json) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, body: text, json };
  }

  /** Sends an Events API callback (JSON, signed), as Slack delivers events such as app_home_opened. */
  /** A person posts `text` in a conversation: the message event Slack sends an app that
   *  subscribes to that kind of conversation's messages (and holds its history scope). */
  message(userId: string, channel: string, text: string, more: Json = {}) {
    const kind = channel.startsWith('D') ? 'im' : channel.startsWith('G') ? 'group' : 'channel';
    const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    return this.event(
      { type: 'message', channel, channel_type: kind, user: userId, text, ts, ...more },
      { subscription: kind === 'im' ? 'message.im' : `message.${kind}s` },
    );
  }

  async event(event: Json, options: { retryNum?: number; subscription?: string; eventId?: string } = {}) {
    const { events, scopes } = this.fake.grants;
    const subscription = options.subscription ?? String(event.type);
    const needed = eventScope(subscription);
    // Slack delivers only the events the manifest subscribes to, and only with their scope.
    if (!events.includes(subscription) || (needed && !scopes.includes(needed))) {
      return { status: 0, body: '', delivered: false };
    }
    return this.postEvent(JSON.stringify(this.fake.eventCallback(event, options.eventId)), options.retryNum);
  }

  /** Posts an event callback's body, signed; a retry is the same body with x-slack-retry-num. */
  private async postEvent(body: string, retryNum?: number) {
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(`${this.appUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(this.signingSecret, timestamp, body),
        ...(retryNum ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
      },
      body,
    });
    return { status: response.status, body: await response.text(), delivered: true };
  }

  /**
   * A workflow reaches the app's step `callbackId` with these inputs: Slack starts an execution
   * and sends function_executed. `again`: Slack's retry of that very event (same execution and
   * event_id), as when the app did not acknowledge it in time.
   */
  async functionExecuted(callbackId: string, inputs: Json, options: { again?: string; retryNum?: number } = {}) {
    const body =
      options.again ?? JSON.stringify(this.fake.eventCallback(this.fake.functions.start(callbackId, inputs).event));
    if (!this.fake.grants.events.includes('function_executed'))
      throw new Error('Slack emulator: the manifest has no remote functions');
    const result = await this.postEvent(body, options.retryNum);
    const execution = this.fake.functions.executions.get(String(JSON.parse(body).event.function_execution_id))!;
    return { ...result, execution, again: body };
  }

  /**
   * A person runs the message shortcut `callbackId` on `message` (its channel, ts, text, user):
   * the message_action payload, with a trigger_id for a modal and a response_url in that channel.
   */
  async messageShortcut(
    userId: string,
    callbackId: string,
    message: Json & { ts: string },
    options: { channelId?: string } = {},
  ): Promise<AppResponse> {
    const shortcut = this.fake.grants.shortcuts.find((s) => s.callbackId === callbackId && s.type === 'message');
    if (!shortcut) throw new Error(`Slack emulator: ${callbackId} is not a message shortcut in manifest.yml`);
    const channelId = options.channelId ?? GENERAL_CHANNEL;
    this.present(userId, channelId);
    return this.interaction({
      type: 'message_action',
      token: 'deprecated-verification-token',
      action_ts: String(Date.now() / 1000),
      team: { id: TEAM_ID, domain: 'fake-workspace' },
      user: {
        id: userId,
        username: this.fake.users.get(userId)!.name,
        name: this.fake.users.get(userId)!.name,
        team_id: TEAM_ID,
      },
      channel: { id: channelId, name: this.fake.channels.get(channelId)?.name ?? 'directmessage' },
      is_enterprise_install: false,
      callback_id: callbackId,
      trigger_id: this.fake.issueTriggerId(userId),
      response_url: this.fake.issueResponseUrl({ user: userId, channel: channelId }),
      message_ts: message.ts,
      message: { type: 'message', ...message },
    });
  }

  /** Makes sure Slack knows the user and that they are in the channel they type in. */
  private present(userId: string, channelId: string) {
    if (!this.fake.users.has(userId)) this.fake.addUser({ id: userId });
    if (!this.fake.channels.has(channelId)) this.fake.addChannel(channelId, { botIsMember: false });
    this.fake.channels.get(channelId)!.members.add(userId);
  }

  slashCommandPayload(userId: string, text: string, options: { channelId?: string; command?: string } = {}) {
    const channelId = options.channelId ?? GENERAL_CHANNEL;
    const command = options.command ?? '/token';
    if (!this.fake.grants.commands.some((c) => c.command === command))
      throw new Error(`Slack emulator: ${command} is not a command in manifest.yml`);
    this.present(userId, channelId);
    return {
      token: 'deprecated-verification-token',
      team_id: TEAM_ID,
      team_domain: 'fake-workspace',
      channel_id: channelId,
      channel_name: this.fake.channels.get(channelId)?.name ?? 'directmessage',
      user_id: userId,
      user_name: this.fake.users.get(userId)!.name!,
      command,
      text,
      api_app_id: 'A0TOKENOPS',
      is_enterprise_install: 'false',
      response_url: this.fake.issueResponseUrl({ user: userId, channel: channelId }),
      trigger_id: this.fake.issueTriggerId(userId),
    };
  }

  async command(
    userId: string,
    text: string,
    options: { channelId?: string; command?: string } = {},
  ): Promise<AppResponse> {
    const payload = this.slashCommandPayload(userId, text, options);
    const result = await this.post(new URLSearchParams(payload).toString());
    // An answer in the ack is shown to the user just like one posted to the response_url.
    if (result.status === 200 && result.json && (result.json.text || result.json.blocks))
      this.fake.receiveAckMessage(payload.response_url, result.json);
    return { ...result, triggerId: payload.trigger_id, responseUrl: payload.response_url };
  }

  private async interaction(payload: Json): Promise<AppResponse> {
    const result = await this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    return { ...result, triggerId: payload.trigger_id as string, responseUrl: (payload.response_url as string) ?? '' };
  }

  private user(userId: string) {
    this.present(userId, GENERAL_CHANNEL);
    return {
      id: userId,
      username: this.fake.users.get(userId)!.name,
      name: this.fake.users.get(userId)!.name,
      team_id: TEAM_ID,
    };
  }

  /** A click on a block element in a message (container: the message) or in a view. */
  blockAction(
    userId: string,
    action: Json & { action_id: string; block_id?: string },
    where: { message?: Json; channelId?: string; view?: Json } = {},
  ): Promise<AppResponse> {
    const channelId = where.channelId ?? GENERAL_CHANNEL;
    const base = {
      type: 'block_actions',
      team: { id: TEAM_ID, domain: 'fake-workspace' },
      user: this.user(userId),
      api_app_id: 'A0TOKENOPS',
      token: 'deprecated-verification-token',
      trigger_id: this.fake.issueTriggerId(userId),
      actions: [{ block_id: action.block_id ?? 'block', action_ts: String(Date.now() / 1000), ...action }],
    };
    if (where.view) {
      return this.interaction({ ...base, container: { type: 'view', view_id: where.view.id }, view: where.view });
    }
    const message = where.message ?? { ts: String(Date.now() / 1000), text: '' };
    return this.interaction({
      ...base,
      container: { type: 'message', message_ts: message.ts, channel_id: channelId, is_ephemeral: !message.persisted },
      channel: { id: channelId, name: 'channel' },
      message,
      response_url: this.fake.issueResponseUrl({
        user: userId,
        channel: channelId,
        messageTs: message.ts,
        ephemeral: !message.persisted,
      }),
    });
  }

  /**
   * A person types `value` into the external select `actionId` of a view the app opened: once the
   * text is min_query_length long (Slack's default: 3), Slack asks the app for options
   * (block_suggestion) and shows its answer if it is valid and came within 3 s; resolves with the
   * options shown.
   */
  async blockSuggestion(userId: string, view: Json, actionId: string, value = ''): Promise<Json[]> {
    const blocks = (view.blocks as Json[] | undefined) ?? [];
    const block = blocks.find((b) => (b.element ?? b.accessory)?.action_id === actionId);
    const element = (block?.element ?? block?.accessory) as Json | undefined;
    if (element?.type !== 'external_select') throw new Error(`Slack emulator: ${actionId} is no external_select`);
    if (value.length < Number(element.min_query_length ?? 3))
      throw new Error(`Slack emulator: Slack asks for options only from ${element.min_query_length ?? 3} characters`);
    const started = Date.now();
    const response = await this.interaction({
      type: 'block_suggestion',
      team: { id: TEAM_ID, domain: 'fake-workspace' },
      user: this.user(userId),
      api_app_id: 'A0TOKENOPS',
      token: 'deprecated-verification-token',
      container: { type: 'view', view_id: view.id },
      view: { state: { values: {} }, ...view },
      action_id: actionId,
      block_id: block!.block_id,
      value,
    });
    const problems =
      response.status !== 200
        ? [`HTTP ${response.status}`]
        : Date.now() - started > 3_000
          ? ['no answer within 3 s']
          : checkSuggestions(response.json);
    if (problems.length) throw new Error(`Slack would show no options: ${problems.join('; ')}`);
    return allOptions(response.json!);
  }

  /** Submits a view the app opened, with input values as Slack would send them in view.state. */
  async viewSubmission(userId: string, view: Json, values: Json = {}): Promise<AppResponse> {
    const result = await this.interaction({
      type: 'view_submission',
      team: { id: TEAM_ID, domain: 'fake-workspace' },
      user: this.user(userId),
      api_app_id: 'A0TOKENOPS',
      token: 'deprecated-verification-token',
      trigger_id: this.fake.issueTriggerId(userId),
      view: { ...view, state: { values } },
      response_urls: [],
    });
    if (result.status === 200) this.fake.applyViewResponse(userId, String(view.id), result.json);
    return result;
  }

  /** The user closed a modal whose callback asked to be told (notify_on_close). */
  async viewClosed(userId: string, view: Json): Promise<AppResponse> {
    this.fake.closeView(userId, String(view.id));
    return this.interaction({
      type: 'view_closed',
      team: { id: TEAM_ID, domain: 'fake-workspace' },
      user: this.user(userId),
      api_app_id: 'A0TOKENOPS',
      token: 'deprecated-verification-token',
      view,
      is_cleared: false,
    });
  }
}
