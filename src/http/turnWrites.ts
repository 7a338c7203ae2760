// Verification answers are written together at the end of the event loop's turn that decided
// them, not each at once. A write on a busy instance otherwise wakes its client between two
// requests' work, and each wake-up costs the writer more than the write (on loopback, where a
// sidecar or the bench's client runs, the writer's syscall does the receiver's work too). Written
// back to back, one wake-up serves many answers (bench/RESULTS.md, 2026-12-05 12:35: 45–48 %
// less CPU per warm verification under load). The wait is one turn: with one request in it,
// setImmediate runs as soon as its I/O is done; under load, after the turn's other answers.
import type { ServerResponse } from 'node:http';

const JSON_TYPE = 'application/json; charset=utf-8';

export class TurnWriter {
  private responses: ServerResponse[] = [];
  private bodies: string[] = [];

  /** `failed`: an answer that could not be written (the others still are). */
  constructor(private readonly failed: (res: ServerResponse, error: unknown) => void) {}

  /** Answers 200 with the JSON `body` once this turn's other I/O callbacks have run. */
  send(res: ServerResponse, body: string): void {
    if (this.responses.push(res) === 1) setImmediate(this.writeAll);
    this.bodies.push(body);
  }

  private readonly writeAll = (): void => {
    const { responses, bodies } = this;
    this.responses = [];
    this.bodies = [];
    for (let i = 0; i < responses.length; i++) {
      const res = responses[i]!;
      const body = bodies[i]!;
      try {
        // The head is written here too: the route's duration (server.ts) is taken when it is.
        res.writeHead(200, ['content-type', JSON_TYPE, 'content-length', String(Buffer.byteLength(body))]);
        res.end(body);
      } catch (error) {
        this.failed(res, error);
      }
    }
  };
}
