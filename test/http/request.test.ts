// What every API handler needs of a request (src/http/request.ts): the key check and what it keeps.
import type { IncomingMessage } from 'node:http';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bearerChecker } from '../../src/http/request.js';

const KEY = 'verify-key-InspectMe-0123456789';
const requestOn = (socket: object, authorization?: string) =>
  ({ rawHeaders: authorization ? ['Authorization', authorization] : [], socket }) as unknown as IncomingMessage;

describe('bearerChecker', () => {
  it('admits the key again on its connection, refuses another, and keeps the key out of util.inspect (a debug log)', () => {
    const authorized = bearerChecker([KEY]);
    const socket = { remoteAddress: '10.0.0.1' };
    expect(authorized(requestOn(socket, `Bearer ${KEY}`))).toBe(true);
    expect(authorized(requestOn(socket, `Bearer ${KEY}`))).toBe(true); // remembered by the connection
    expect(inspect(socket, { depth: 10 })).not.toContain('InspectMe');
    expect(authorized(requestOn(socket, 'Bearer wrong'))).toBe(false);
    expect(authorized(requestOn(socket))).toBe(false);
    expect(authorized(requestOn({ remoteAddress: '10.0.0.2' }, `bearer ${KEY}`))).toBe(true);
  });
});
