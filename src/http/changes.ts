// GET /v1/tokens/changes (README: Verifying in your API): transport only. Authenticates the caller as
// POST /v1/tokens/verify does (a verification key), then hands the response to the stream.
import type { Logger } from '../observability/logger.js';
import type { ChangeStream } from '../verification/changeStream.js';
import { bearerChecker, wrongKeyThrottle } from './request.js';
import { sendJson, type Handler } from './server.js';

export function changesRoute(options: { apiKeys: string[]; stream: ChangeStream; logger: Logger }): Handler {
  const authorized = bearerChecker(options.apiKeys);
  const throttled = wrongKeyThrottle();
  return (req, res) => {
    if (!authorized(req)) {
      if (throttled(req, res)) return;
      options.logger.warn(
        { client: req.socket.remoteAddress, keyPresented: req.headers.authorization !== undefined },
        'change stream refused: wrong or missing key',
      );
      res.setHeader('www-authenticate', 'Bearer');
      return sendJson(res, 401, {
        error: 'unauthorized',
        message: 'Send Authorization: Bearer <verification API key>.',
      });
    }
    const lastEventId = req.headers['last-event-id'];
    options.stream.subscribe(res, typeof lastEventId === 'string' ? lastEventId : undefined);
  };
}
