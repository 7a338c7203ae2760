import { z } from 'zod';
import { errorBody, HEADERS, type Endpoint } from './contract.js';

const githubReport = z.array(z.object({ token: z.string(), type: z.string(), url: z.string().optional(), source: z.string().optional() }));
const githubFeedback = z.array(z.object({ token_hash: z.string(), token_type: z.string(), label: z.string() }));
const gitlabReport = z.array(z.object({ type: z.string(), token: z.string(), location: z.string().optional() }));

export const secretScanningEndpoints: Endpoint[] = [
  {
    method: 'post',
    path: '/v1/secret-scanning/github',
    summary: "GitHub secret scanning partner program: leaked tokens",
    tag: 'leaks',
    auth: 'githubSignature',
    request: { schema: githubReport },
    responses: {
      200: { description: "GitHub's feedback array", schema: githubFeedback },
      400: { description: 'not the expected array', schema: errorBody },
      401: { description: 'bad or missing signature', schema: errorBody },
      413: { description: 'body too large', schema: errorBody },
      503: { description: "GitHub's keys could not be fetched", schema: errorBody, headers: HEADERS.retryAfter },
    },
  },
  {
    method: 'get',
    path: '/v1/revocable_token_types',
    summary: "GitLab token revocation API: the token types revoked here",
    tag: 'leaks',
    auth: 'gitlabKey',
    responses: {
      200: { description: 'the types', schema: z.object({ types: z.array(z.string()) }) },
      401: { description: 'wrong key', schema: errorBody },
      429: { description: 'rate limited, or too many wrong keys from this client', schema: errorBody, headers: HEADERS.retryAfter },
    },
  },
  {
    method: 'post',
    path: '/v1/revoke_tokens',
    summary: "GitLab token revocation API: leaked tokens",
    tag: 'leaks',
    auth: 'gitlabKey',
    request: { schema: gitlabReport },
    responses: {
      204: { description: 'every token dealt with' },
      400: { description: 'not the expected array, or a type not revoked here', schema: errorBody },
      401: { description: 'wrong key', schema: errorBody },
      413: { description: 'body too large', schema: errorBody },
      429: { description: 'rate limited, or too many wrong keys from this client', schema: errorBody, headers: HEADERS.retryAfter },
    },
  },
];
