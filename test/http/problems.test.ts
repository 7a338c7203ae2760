// The management API's refusals in words: a caller of the API is told the endpoint to use, never
// a /token command (the text Slack shows for the same refusal), in English and in Japanese.
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DomainError, UnavailableError, type ErrorCode } from '../../src/domain/errors.js';
import { sendDomainProblem } from '../../src/http/management/problems.js';
import { en } from '../../src/i18n/en/index.js';
import type { Language } from '../../src/i18n/index.js';

/** Refusals no API call can give: organizations, roles and webhooks are managed in Slack only,
 *  and `partial` is how Slack words an unknown failure. */
const SLACK_ONLY = new Set(['no_owner', 'no_organization', 'webhook_not_found', 'webhook_disabled', 'partial']);
const codes = Object.keys(en)
  .flatMap((key) => (key.startsWith('error.') ? [key.slice('error.'.length)] : []))
  .filter((code) => !SLACK_ONLY.has(code));

/** The problem document the API answers with for this refusal (by default, one that names its
 *  token), on a call whose path names `pathId`. */
function problem(
  language: Language,
  error: string | DomainError,
  pathId?: string,
): { detail?: string; errors?: Array<{ detail: string }> } {
  let text = '';
  const res = { writeHead: () => res, end: (body: string) => void (text = body) };
  const refusal =
    typeof error === 'string' ? new DomainError(error as ErrorCode, undefined, { id: 'tok_AbCdEf1234' }) : error;
  sendDomainProblem(res as unknown as ServerResponse, language, refusal, pathId);
  return JSON.parse(text);
}
const details = (language: Language, error: string | DomainError, pathId?: string) => {
  const answer = problem(language, error, pathId);
  return [answer.detail, ...(answer.errors ?? []).map((e) => e.detail)].filter((d): d is string => Boolean(d));
};

describe('management API problem details', () => {
  it('name an endpoint, never a /token command, for every refusal the API can give', () => {
    expect(codes.length).toBeGreaterThan(40);
    for (const language of ['en', 'ja'] as const) {
      const slackish = codes.flatMap((code) =>
        details(language, code)
          .filter((detail) => detail.includes('/token '))
          .map((detail) => `${code}: ${detail}`),
      );
      expect(slackish).toEqual([]);
    }
  });

  it('say where to go instead: the extend endpoint for an expired token, the list for an unknown one', () => {
    expect(details('en', 'token_expired')[0]).toContain('Extend it first (POST /v1/tokens/tok_AbCdEf1234/extend)');
    expect(details('ja', 'token_expired')[0]).toContain(
      '先に延長してください（POST /v1/tokens/tok_AbCdEf1234/extend）',
    );
    expect(details('en', 'token_not_found')).toEqual([
      'There is no token with that id that this key may see. GET /v1/tokens lists them.',
    ]);
    expect(details('en', 'outcome_unknown')[0]).toContain('Please check (GET /v1/tokens/tok_AbCdEf1234)');
  });

  it('name the token the call is about, never a literal {id}', () => {
    for (const language of ['en', 'ja'] as const) {
      const literal = codes.flatMap((code) =>
        details(language, code)
          .filter((detail) => detail.includes('{id}'))
          .map((detail) => `${code}: ${detail}`),
      );
      expect(literal).toEqual([]);
    }
    // An error that does not name it: the call's path does; a create's has none.
    expect(details('en', new UnavailableError('outcome_unknown'), 'tok_AbCdEf1234')[0]).toContain(
      'Please check (GET /v1/tokens/tok_AbCdEf1234) before trying again.',
    );
    expect(details('ja', new UnavailableError('outcome_unknown'), 'tok_AbCdEf1234')[0]).toContain(
      'GET /v1/tokens/tok_AbCdEf1234 で状態を確認してください。',
    );
    expect(details('en', new UnavailableError('outcome_unknown'))[0]).toContain(
      'Please check (GET /v1/tokens) before trying again.',
    );
    // The approval a change needs is asked for at its own endpoint.
    for (const [operation, endpoint] of [
      ['reset', 'reset'],
      ['extend', 'extend'],
      [undefined, 'revoke'],
    ] as const) {
      const refusal = new DomainError('approval_required', undefined, {
        id: 'tok_AbCdEf1234',
        ...(operation ? { operation } : {}),
      });
      expect(details('en', refusal)[0]).toContain(`Ask for it with POST /v1/tokens/tok_AbCdEf1234/${endpoint}:`);
      expect(details('ja', refusal)[0]).toContain(
        `POST /v1/tokens/tok_AbCdEf1234/${endpoint} で承認を申請してください`,
      );
    }
  });
});
