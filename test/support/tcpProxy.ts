// A TCP proxy in front of PostgreSQL or Redis, to put faults between one instance and the
// service without disturbing other test files: `cut()` (refuse and close, as if it had stopped),
// `reset()` (RST every open connection), `latency(ms)` (delay every chunk both ways),
// `blackhole()` (accept and keep connections but forward nothing: a stalled link), and
// `silence(match)` (drop, without closing, just the connections whose client has sent something
// matching: a subscriber connection forgotten by a NAT), `loseAnswersAfter(match)` (a request
// that arrives but whose answer never comes back: a COMMIT made, its acknowledgement lost),
// `resetOn(match)` (the connection that sends a request matching is reset before it arrives: a
// connection lost mid-transaction), and `record()`, which keeps everything clients send from then
// on, to count what reached the service.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

type Connection = { client: net.Socket; upstream: net.Socket; sent: string; silenced: boolean; answersLost: boolean };

export async function startTcpProxy(target: { host: string; port: number }) {
  const connections = new Set<Connection>();
  let open = true;
  let delayMs = 0;
  let blackholed = false;
  let recording: Buffer[] | undefined;
  let losing: { match: RegExp; thenBlackhole: boolean } | undefined;
  let resetting: RegExp | undefined;

  const forward = (connection: Connection, from: net.Socket, to: net.Socket, fromClient: boolean) => {
    let releaseAt = 0; // keeps chunks in order when the latency changes
    from.on('data', (chunk: Buffer) => {
      if (fromClient && connection.sent.length < 4_096) connection.sent += chunk.toString('latin1');
      if (blackholed || connection.silenced || (!fromClient && connection.answersLost)) return;
      if (fromClient && resetting?.test(chunk.toString('latin1'))) {
        resetting = undefined;
        for (const socket of [connection.client, connection.upstream]) socket.resetAndDestroy();
        return;
      }
      if (fromClient) recording?.push(chunk); // what reaches the service
      if (fromClient && losing?.match.test(chunk.toString('latin1'))) {
        to.write(chunk); // it arrives; nothing comes back on this connection any more
        connection.answersLost = true;
        blackholed = losing.thenBlackhole;
        losing = undefined;
        return;
      }
      if (!delayMs) return void to.write(chunk);
      releaseAt = Math.max(Date.now() + delayMs, releaseAt);
      setTimeout(() => !to.destroyed && to.write(chunk), releaseAt - Date.now());
    });
    from.on('end', () => to.end());
    from.on('close', () => {
      to.destroy();
      connections.delete(connection);
    });
    from.on('error', () => undefined);
  };

  const server = net.createServer((client) => {
    if (!open) return client.destroy();
    const connection: Connection = {
      client,
      upstream: net.connect(target.port, target.host),
      sent: '',
      silenced: false,
      answersLost: false,
    };
    connections.add(connection);
    forward(connection, client, connection.upstream, true);
    forward(connection, connection.upstream, client, false);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const each = (action: (socket: net.Socket) => void) => {
    for (const { client, upstream } of connections) for (const socket of [client, upstream]) action(socket);
  };
  return {
    port: (server.address() as AddressInfo).port,
    /** Refuses new connections and closes the open ones. */
    cut() {
      open = false;
      each((socket) => socket.destroy());
    },
    /** Resets every open connection (the peer sees ECONNRESET); new ones are accepted. */
    reset() {
      each((socket) => socket.resetAndDestroy());
    },
    latency(ms: number) {
      delayMs = ms;
    },
    /** Keeps every connection open and accepts new ones, but forwards nothing. */
    blackhole() {
      blackholed = true;
    },
    /** Silently drops the open connections whose client sent text matching `match`. */
    silence(match: RegExp): number {
      let count = 0;
      for (const connection of connections) {
        if (!match.test(connection.sent)) continue;
        connection.silenced = true;
        count++;
      }
      return count;
    },
    /** Starts keeping what clients send; `recorded()` is all of it since (as latin1 text). */
    record() {
      recording = [];
    },
    recorded: () => Buffer.concat(recording ?? []).toString('latin1'),
    /** The next client chunk matching `match` reaches the server, but no answer on its connection
     *  comes back; `thenBlackhole`: from then on nothing is forwarded at all (see blackhole). */
    loseAnswersAfter(match: RegExp, options: { thenBlackhole?: boolean } = {}) {
      losing = { match, thenBlackhole: options.thenBlackhole ?? false };
    },
    /** Resets the next connection whose client sends a chunk matching `match`, that chunk unsent. */
    resetOn(match: RegExp) {
      resetting = match;
    },
    /** Accepts and forwards again without delay (silenced connections stay dead). */
    restore() {
      open = true;
      delayMs = 0;
      blackholed = false;
      losing = undefined;
      resetting = undefined;
    },
    close: () => {
      each((socket) => socket.destroy());
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type TcpProxy = Awaited<ReturnType<typeof startTcpProxy>>;
