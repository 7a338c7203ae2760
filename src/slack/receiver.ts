// Slack's HTTP requests reach Bolt's receiver only as a JSON object: Bolt reads fields of the
// parsed body outside its own error handling, so a signed body that parses to `null`, a
// number or a string would otherwise end in an unhandled rejection. And a request that Bolt will
// refuse as stale says so in the log, naming this instance's clock: when the clock runs ahead,
// every request is refused that way, and nothing else would tell why.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse } from 'node:querystring';
import type { HTTPReceiver } from '@slack/bolt';
import { readBody } from '../http/request.js';
import type { Handler } from '../http/server.js';
import type { Logger } from '../observability/logger.js';

/** Bolt's default, in bytes. */
const BODY_LIMIT = 4 * 1024 * 1024;
/** Bolt refuses a signature timestamp older than this, by this instance's clock. */
const STALE_AFTER_SECONDS = 5 * 60;
const STALE_LOG_EVERY_MS = 60_000;

function parsedBody(raw: Buffer, contentType: string | undefined): unknown {
  const text = raw.toString();
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = parse(text);
    return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
  }
  return JSON.parse(text);
}

export function guardedEventsHandler(receiver: HTTPReceiver, logger: Logger): Handler {
  let staleLoggedAt = -Infinity;
  const reportStale = (req: IncomingMessage) => {
    const behindSeconds = Math.floor(Date.now() / 1000) - Number(req.headers['x-slack-request-timestamp']);
    if (!(behindSeconds > STALE_AFTER_SECONDS) || performance.now() - staleLoggedAt < STALE_LOG_EVERY_MS) return;
    staleLoggedAt = performance.now();
    logger.warn(
      { behindSeconds },
      `refused a Slack request signed ${behindSeconds} s before this instance's clock (Slack allows 5 minutes): a replay, or, if every Slack request is refused, this instance's clock is ahead (see /readyz "clock")`,
    );
  };
  return async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req, BODY_LIMIT);
    if (!raw) return void res.writeHead(413).end();
    reportStale(req);
    let body: unknown;
    try {
      body = parsedBody(raw, req.headers['content-type']);
    } catch {
      body = {}; // not JSON: Bolt answers it (401 unsigned, 400 malformed)
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      logger.warn({ bytes: raw.length }, 'refused a Slack request whose body is not an object');
      return void res.writeHead(400).end();
    }
    // Bolt reads an already buffered body from `rawBody` instead of the spent stream.
    Object.assign(req, { rawBody: raw });
    receiver.requestListener(req, res);
  };
}
