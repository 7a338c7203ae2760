// A sample API protected by the verifier, as its own process (for faults that need one: SIGSTOP).
// `npx tsx sampleApi.ts <tokenops url> <verification key>`; prints its URL once listening. GET /
// answers 200 with the token's id, or the middleware's refusal.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier } from '../../src/index.js';
import { nodeGuard, type TokenopsRequest } from '../../src/node.js';

const [url, apiKey] = process.argv.slice(2) as [string, string];
const verifier = createVerifier({ url, apiKey });
const guard = nodeGuard(verifier);
const server = http.createServer(async (req: TokenopsRequest, res) => {
  if (!(await guard(req, res))) return;
  res.end(JSON.stringify({ tokenId: req.tokenops!.tokenId, fromCache: verifier.stats().fromCache }));
});
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => {
  verifier.close();
  server.close(() => process.exit(0));
});
