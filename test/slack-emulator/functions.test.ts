// Workflow Builder steps and message shortcuts as Slack delivers them, checked with the real Web
// API client and a receiver that verifies Slack's signature, and over Socket Mode.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { quietLogger as quiet } from '../support/quietLogger.js';
import WebSocket from 'ws';
import { GENERAL_CHANNEL, SlackDriver, SlackEmulator, readGrants, sign } from '@tokenops/slack-emulator';

const SECRET = 'emulator-test-signing-secret';
type Received = { headers: http.IncomingHttpHeaders; body: string };

let fake: SlackEmulator;
let client: WebClient;
let server: http.Server;
let driver: SlackDriver;
const received: Received[] = [];

beforeAll(async () => {
  fake = await SlackEmulator.start();
  client = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, logger: quiet, retryConfig: { retries: 0 } });
  fake.addUser({ id: 'U0DEV00001' });
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  driver = new SlackDriver(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, SECRET, fake);
});
afterAll(async () => {
  server.close();
  await fake.close();
});

const inputs = { requester: 'U0DEV00001', owner: 'org:acme', label: 'ci', scopes: 'read', reason: 'CI needs it' };

describe('function_executed', () => {
  it('reads the steps from manifest.yml and subscribes the app to function_executed', () => {
    const grants = readGrants();
    expect(Object.keys(grants.functions).sort()).toEqual(['extend_token', 'request_token', 'revoke_token']);
    expect(grants.events).toContain('function_executed');
    expect(grants.shortcuts).toContainEqual({ callbackId: 'report_leak', type: 'message', name: expect.any(String) });
  });

  it('is sent signed to the event URL as an event_callback, with the inputs, the execution id and a step token', async () => {
    const { status, execution, again } = await driver.functionExecuted('request_token', inputs);
    expect(status).toBe(200);
    const delivery = received.at(-1)!;
    const timestamp = Number(delivery.headers['x-slack-request-timestamp']);
    expect(delivery.headers['x-slack-signature']).toBe(sign(SECRET, timestamp, delivery.body));
    const body = JSON.parse(delivery.body);
    expect(body).toMatchObject({
      type: 'event_callback',
      event: {
        type: 'function_executed',
        inputs,
        function_execution_id: execution.id,
        bot_access_token: execution.token,
      },
    });
    expect(body.event.function).toMatchObject({
      callback_id: 'request_token',
      input_parameters: expect.arrayContaining([
        {
          name: 'requester',
          type: 'slack#/types/user_id',
          is_required: true,
          title: 'Requester',
          description: expect.any(String),
        },
      ]),
    });
    expect(execution).toMatchObject({ state: 'running', inputs });
    // Slack's retry: the same body, with the retry headers.
    await driver.functionExecuted('request_token', inputs, { again, retryNum: 1 });
    expect(received.at(-1)!.body).toBe(delivery.body);
    expect(received.at(-1)!.headers['x-slack-retry-num']).toBe('1');
  });

  it('refuses a step the manifest does not declare, and a missing required input', async () => {
    await expect(driver.functionExecuted('make_coffee', {})).rejects.toThrow(/not a function/);
    await expect(driver.functionExecuted('request_token', { ...inputs, reason: '' })).rejects.toThrow(/without reason/);
  });

  it('is sent over Socket Mode as an events_api envelope, resolved when acknowledged', async () => {
    const { url } = await client.apps.connections.open({ token: fake.appToken });
    const socket = new WebSocket(url!);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.envelope_id) {
        expect(message).toMatchObject({
          type: 'events_api',
          payload: { event: { type: 'function_executed', function: { callback_id: 'extend_token' } } },
        });
        socket.send(JSON.stringify({ envelope_id: message.envelope_id }));
      }
    });
    await new Promise((resolve) => socket.once('open', resolve));
    const execution = await fake.executeFunction('extend_token', {
      actor: 'U0DEV00001',
      token_id: 'tok_1',
      duration: '30d',
    });
    expect(execution.state).toBe('running');
    socket.close();
  });
});

describe('functions.completeSuccess and functions.completeError', () => {
  it('complete a running execution once, with outputs checked against the manifest', async () => {
    const { execution } = await driver.functionExecuted('extend_token', {
      actor: 'U0DEV00001',
      token_id: 'tok_1',
      duration: '30d',
    });
    await expect(
      client.functions.completeSuccess({ function_execution_id: execution.id, outputs: {} }),
    ).rejects.toMatchObject({ data: { error: 'parameter_validation_failed' } });
    await expect(
      client.functions.completeSuccess({
        function_execution_id: execution.id,
        outputs: { token_id: 'tok_1', secret: 'x' },
      }),
    ).rejects.toMatchObject({ data: { error: 'parameter_validation_failed', errors: ['unknown output: secret'] } });
    expect(
      (
        await client.functions.completeSuccess({
          function_execution_id: execution.id,
          outputs: { token_id: 'tok_1', expires_at: '2027-01-01T00:00:00.000Z' },
        })
      ).ok,
    ).toBe(true);
    expect(execution).toMatchObject({ state: 'completed', outputs: { token_id: 'tok_1' } });
    await expect(
      client.functions.completeError({ function_execution_id: execution.id, error: 'late' }),
    ).rejects.toMatchObject({ data: { error: 'execution_not_in_running_state' } });
    await expect(
      client.functions.completeSuccess({ function_execution_id: 'Fx0NOSUCH01', outputs: { token_id: 'x' } }),
    ).rejects.toMatchObject({ data: { error: 'function_execution_not_found' } });
  });

  it('accept the step token while the execution runs, and refuse it once it ended', async () => {
    const { execution } = await driver.functionExecuted('revoke_token', {
      actor: 'U0DEV00001',
      token_id: 'tok_1',
      reason: 'gone',
    });
    const stepClient = new WebClient(execution.token, {
      slackApiUrl: fake.apiUrl,
      logger: quiet,
      retryConfig: { retries: 0 },
    });
    await expect(
      stepClient.functions.completeError({ function_execution_id: execution.id, error: ' ' }),
    ).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    expect(
      (
        await stepClient.functions.completeError({
          function_execution_id: execution.id,
          error: 'Refused: not permitted',
        })
      ).ok,
    ).toBe(true);
    expect(execution).toMatchObject({ state: 'failed', error: 'Refused: not permitted' });
    await expect(stepClient.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });
});

describe('message shortcuts', () => {
  it('send a message_action with the message, a trigger id and a response_url; only for a shortcut in the manifest', async () => {
    const message = { ts: '1700000000.000100', user: 'U0DEV00001', text: 'hello' };
    await driver.messageShortcut('U0DEV00001', 'report_leak', message);
    const payload = JSON.parse(new URLSearchParams(received.at(-1)!.body).get('payload')!);
    expect(payload).toMatchObject({
      type: 'message_action',
      callback_id: 'report_leak',
      user: { id: 'U0DEV00001' },
      channel: { id: GENERAL_CHANNEL },
      message_ts: message.ts,
      message: { text: 'hello', ts: message.ts },
    });
    expect(
      (
        await client.views.open({
          trigger_id: payload.trigger_id,
          view: { type: 'modal', title: { type: 'plain_text', text: 'Report' }, blocks: [] },
        })
      ).ok,
    ).toBe(true);
    await expect(driver.messageShortcut('U0DEV00001', 'not_a_shortcut', message)).rejects.toThrow(
      /not a message shortcut/,
    );
  });
});
