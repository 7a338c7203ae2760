// Management API keys made as a person makes them (/token apikey create in Slack, the key read
// from its one ephemeral DM), and calls to the management API with one.
import { expect } from 'vitest';
import type { TestApp } from './testApp.js';

export const KEY_PATTERN = /tkomk_[0-9A-Za-z]{36}/;

/** Runs `/token apikey …` and returns the ephemeral answer's text. */
export async function apikeyCommand(app: TestApp, userId: string, text: string): Promise<string> {
  const response = await app.slack.command(userId, `apikey ${text}`);
  expect(response.status).toBe(200);
  const answer = await app.fake.waitFor(() => app.fake.responses.find((r) => response.responseUrl.endsWith(r.id)));
  return JSON.stringify(answer.body);
}

/** A new key for `scope`, as delivered in `userId`'s DM; with its display id. */
export async function createKey(
  app: TestApp,
  userId: string,
  scope: string,
  label = 'ci',
): Promise<{ secret: string; id: string }> {
  const before = app.fake.callsTo('chat.postEphemeral').length;
  const answer = await apikeyCommand(app, userId, `create ${scope} ${label}`);
  const dm = app.fake
    .callsTo('chat.postEphemeral')
    .slice(before)
    .find((call) => call.args.user === userId && String(call.args.channel).startsWith('D'));
  const secret = dm && KEY_PATTERN.exec(JSON.stringify(dm.args.blocks))?.[0];
  if (!secret) throw new Error(`no key delivered: ${answer}`);
  return { secret, id: /key_[0-9A-Za-z]{10}/.exec(JSON.stringify(dm.args.blocks))![0] };
}

export type ApiAnswer = { status: number; headers: Headers; body: any; text: string };

/** One call; `body` as a string is sent as it is (malformed JSON, other types). */
export async function api(
  app: Pick<TestApp, 'tokenops'>,
  key: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const response = await fetch(`${app.tokenops.url}${path}`, {
    method,
    headers: {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export const newToken = (owner: string, label: string, more: Record<string, unknown> = {}) => ({
  owner,
  label,
  scopes: ['orders:read'],
  primary_contact: 'U0ACMEADM1',
  ...more,
});

/** POST /v1/tokens with `newToken(owner, label, more)`. */
export const createToken = (
  app: Pick<TestApp, 'tokenops'>,
  key: string,
  owner: string,
  label: string,
  more: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) => api(app, key, 'POST', '/v1/tokens', newToken(owner, label, more), headers);
