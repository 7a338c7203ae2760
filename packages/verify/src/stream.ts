// The client of GET /v1/tokens/changes: tells the cache which tokens changed, and says until when
// cached answers may be served. Each heartbeat carries `asOf`, when tokenops' change feed poll
// started (every change committed before it is already in the stream); served is allowed until
// that moment plus the bound, on this process's monotonic clock. The two clocks are never
// compared directly: the smallest apparent delay on a connection (local time of arrival minus
// asOf) stands for clock offset plus network time, and any heartbeat arriving later than that is
// taken as that much older. A paused process, a stalled link or a stalled feed all show as
// silence or as late heartbeats, and the cache stops serving. A connection serves only once its
// asOf has moved: the first heartbeat of a stalled feed would otherwise look fresh (nothing to be
// later than yet), and a reconnect to it would serve what changed during the stall. Silence
// beyond the bound also drops the connection and reconnects, resuming with Last-Event-ID. A
// connection without one (the first, or any before an event arrived) is told nothing of what
// changed before it, so it drops the cache as a reset does: answers fetched while no stream was
// open may be older than a change it will never hear of.
import http from 'node:http';
import https from 'node:https';

export type StreamEvents = { change(tokenId: string): void; reset(): void };

const RECONNECT_MS = [0, 100, 250, 500, 1_000, 2_000];

export class ChangeStream {
  /** performance.now() until which cached answers may be served. */
  servingUntil = 0;
  /** Date.now() − performance.now() as of the last heartbeat: the wall clock without reading it
   *  (a cache hit reads one clock), off only by a clock step in the bound since. */
  wallOffset = Date.now() - performance.now();
  private lastEventId: string | undefined;
  private request: http.ClientRequest | undefined;
  private failures = 0;
  private closed = false;
  private watchdog: NodeJS.Timeout;
  private heardAt = 0;
  /** The smallest (arrival − asOf) on this connection, ms. */
  private base = Infinity;
  /** The connection's first asOf, until a later one shows its feed polling. */
  private firstAsOf: number | undefined;
  private polling = false;

  /** `url`: the stream's own, GET /v1/tokens/changes below tokenops' base URL. */
  constructor(private readonly options: { url: URL; apiKey: string; boundMs: number; events: StreamEvents }) {
    this.connect();
    this.watchdog = setInterval(() => {
      if (this.request && performance.now() - this.heardAt > options.boundMs) this.request.destroy(); // stalled: reconnect
    }, 100);
    this.watchdog.unref();
  }

  /** Whether cached answers may be served now. */
  get current(): boolean {
    return performance.now() < this.servingUntil;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.watchdog);
    this.request?.destroy();
  }

  private connect() {
    const { url } = this.options;
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.apiKey}`,
      accept: 'text/event-stream',
    };
    const { lastEventId } = this;
    if (lastEventId) headers['last-event-id'] = lastEventId;
    this.base = Infinity;
    this.firstAsOf = undefined;
    this.polling = false;
    this.heardAt = performance.now();
    const request = (url.protocol === 'https:' ? https : http).get(url, { headers, agent: false }, (response) => {
      if (response.statusCode !== 200) return void request.destroy();
      this.failures = 0;
      if (!lastEventId) this.options.events.reset();
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        this.heardAt = performance.now();
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          this.onEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      });
      response.on('error', () => undefined);
    });
    request.on('error', () => undefined);
    request.on('close', () => {
      if (this.request !== request || this.closed) return;
      this.request = undefined;
      const delay = RECONNECT_MS[Math.min(this.failures++, RECONNECT_MS.length - 1)]!;
      setTimeout(() => !this.closed && this.connect(), delay).unref();
    });
    this.request = request;
  }

  private onEvent(block: string) {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue; // comments and blank fields
      const value = line.slice(colon + 1).trimStart();
      const field = line.slice(0, colon);
      if (field === 'id') this.lastEventId = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data = value;
    }
    if (event === 'change') this.options.events.change((JSON.parse(data) as { tokenId: string }).tokenId);
    else if (event === 'reset') this.options.events.reset();
    else if (event === 'heartbeat') this.onHeartbeat((JSON.parse(data) as { asOf: number }).asOf);
  }

  private onHeartbeat(asOf: number) {
    if (!asOf) return; // tokenops' feed has not polled yet
    const now = performance.now();
    this.wallOffset = Date.now() - now;
    const apparent = performance.timeOrigin + now - asOf;
    this.base = Math.min(this.base, apparent);
    if (!this.polling) {
      this.firstAsOf ??= asOf;
      if (asOf === this.firstAsOf) return;
      this.polling = true;
    }
    const polledAt = now - (apparent - this.base);
    this.servingUntil = Math.max(this.servingUntil, polledAt + this.options.boundMs);
  }
}
