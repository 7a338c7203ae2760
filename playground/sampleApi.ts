// A sample API protected by @tokenops/verify, as a company would run beside tokenops: GET
// /sample-api/orders needs a token with the scope orders:read and answers with what the
// middleware put on the request. Verified in this process, kept true by tokenops' change stream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createVerifier } from '@tokenops/verify';
import { nodeGuard, type TokenopsRequest } from '@tokenops/verify/node';

export const SAMPLE_API_PATH = '/sample-api/';

export function startSampleApi(tokenopsUrl: string, verifyKey: string) {
  const verifier = createVerifier({ url: tokenopsUrl, apiKey: verifyKey });
  const guard = nodeGuard(verifier, { scopes: ['orders:read'] });
  return {
    async handle(req: TokenopsRequest & IncomingMessage, res: ServerResponse) {
      if (!(await guard(req, res))) return;
      const { tokenId, owner, scopes } = req.tokenops!;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(
        JSON.stringify({
          orders: [{ id: 'ord_1001', total: '42.00' }],
          verifiedBy: '@tokenops/verify',
          token: { tokenId, owner, scopes },
        }),
      );
    },
    close: () => verifier.close(),
  };
}
