// Verification answers are written together at the end of the event loop's turn that decided
// them, not each at once. A write on a busy instance otherwise wakes its client between two
// requests' work, and each wake-up costs the writer more than the write (on loopback, where a
// sidecar or the bench's client runs, the writer's syscall does the receiver's work too). Written
// back to back, one wake-up serves many answers (bench/RESULTS.md, 2026-12-05 12:35: 45–48 %
// less CPU per warm verification under load). The wait is one turn: with one request in it,
// setImmediate runs as soon as its I/O is done; under load, after the turn's other answers.
import type { ServerResponse } from 'node:http';

const JSON_TYPE = 'application/json; charset=utf-8';

let responses: ServerResponse[] = [];
let bodies: string[] = [];

function writeAll(): void {
  const [answered, texts] = [responses, bodies];
  responses = [];
  bodies = [];
  for (let i = 0; i < answered.length; i++) {
    const body = texts[i]!;
    // The head is written here too: the route's duration (server.ts) is taken when it is.
    answered[i]!.writeHead(200, ['content-type', JSON_TYPE, 'content-length', String(Buffer.byteLength(body))]);
    answered[i]!.end(body);
  }
}

/** Answers 200 with the JSON `body` once this turn's other I/O callbacks have run. */
export function sendJsonThisTurn(res: ServerResponse, body: string): void {
  if (responses.push(res) === 1) setImmediate(writeAll);
  bodies.push(body);
}
