import { z } from 'zod';
import { failure, HEADERS, type Endpoint } from './contract.js';

const githubReport = z.array(
  z.object({ token: z.string(), type: z.string(), url: z.string().optional(), source: z.string().optional() }),
);
const githubFeedback = z.array(z.object({ token_hash: z.string(), token_type: z.string(), label: z.string() }));
const gitlabReport = z.array(z.object({ type: z.string(), token: z.string(), location: z.string().optional() }));

export const secretScanningEndpoints: Endpoint[] = [
  {
    method: 'post',
    path: '/v1/secret-scanning/github',
    summary: 'GitHub secret scanning partner program: leaked tokens',
    tag: 'leaks',
    auth: 'githubSignature',
    request: { schema: githubReport },
    responses: {
      200: { description: "GitHub's feedback array", schema: githubFeedback },
      400: failure('not the expected array'),
      401: failure('bad or missing signature'),
      413: failure('body too large'),
      503: failure("GitHub's keys could not be fetched", HEADERS.retryAfter),
    },
  },
  {
    method: 'get',
    path: '/v1/revocable_token_types',
    summary: 'GitLab token revocation API: the token types revoked here',
    tag: 'leaks',
    auth: 'gitlabKey',
    responses: {
      200: { description: 'the types', schema: z.object({ types: z.array(z.string()) }) },
      401: failure('wrong key'),
      429: failure('rate limited, or too many wrong keys from this client', HEADERS.retryAfter),
    },
  },
  {
    method: 'post',
    path: '/v1/revoke_tokens',
    summary: 'GitLab token revocation API: leaked tokens',
    tag: 'leaks',
    auth: 'gitlabKey',
    request: { schema: gitlabReport },
    responses: {
      204: { description: 'every token dealt with' },
      400: failure('not the expected array, or a type not revoked here'),
      401: failure('wrong key'),
      413: failure('body too large'),
      429: failure('rate limited, or too many wrong keys from this client', HEADERS.retryAfter),
    },
  },
];
