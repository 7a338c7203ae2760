// Several instances, as a company runs tokenops at scale: three web and two worker processes on
// one database and Redis. Every instance honours a change within the verification guarantee,
// approvals decided on different instances stay first-wins, reminders are delivered exactly once,
// and a web instance stopped under load loses no request it accepted.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { SlackDriver } from '@tokenops/slack-emulator';
import { startProcess, type Instance } from '../support/processes.js';
import { SIGNING_SECRET, useTestApp } from '../support/testApp.js';
import { USERS, tokenInput } from '../support/tenants.js';
import { revocationRequest, seedWithApprovalsChannel } from '../support/approvalChannel.js';

const CHANNEL = 'C0APPROVAL';
const app = useTestApp({ role: 'web', env: { APPROVALS_CHANNEL_ID: CHANNEL } });
let root: Actor;
let web: Instance[] = [];
let workers: Instance[] = [];

beforeAll(async () => {
  root = await seedWithApprovalsChannel(app, CHANNEL);
  await app.tokenops.tenants.grant(root, 'U0ACMEADM2', { role: 'org_admin', slug: 'acme' });
  await app.tokenops.tenants.grant(root, 'U0ACMEADM3', { role: 'org_admin', slug: 'acme' });
  for (const id of [USERS.acmeAdmin, USERS.workspaceAdmin, 'U0ACMEADM2', 'U0ACMEADM3']) app.fake.addUser({ id });
  const env = { APPROVALS_CHANNEL_ID: CHANNEL, REMINDER_SCAN_INTERVAL_SECONDS: '1', SHUTDOWN_DRAIN_SECONDS: '1' };
  web = await Promise.all([0, 1, 2].map(() => startProcess(app, 'web', env)));
  workers = await Promise.all([0, 1].map(() => startProcess(app, 'worker', env)));
}, 90_000);
afterAll(() => Promise.all([...web, ...workers].map((instance) => instance.stop('SIGKILL'))));

const agent = new http.Agent({ keepAlive: true });
/** One verification over a keep-alive connection; `refused`: the instance accepted nothing. */
function verifyOn(instance: Instance, secret: string): Promise<{ status: number; code?: string } | 'refused' | 'lost'> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ token: secret });
    const req = http.request(
      `${instance.url}/v1/tokens/verify`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: 'Bearer test-verify-key-1',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, code: JSON.parse(text).code }));
        res.on('error', () => resolve('lost'));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'lost'));
    req.end(body);
  });
}

async function codeEverywhere(secret: string) {
  return Promise.all(web.map(async (instance) => ((await verifyOn(instance, secret)) as { code?: string }).code));
}

describe('three web and two worker instances', () => {
  it('every web instance honours a change made elsewhere within 1 s', async () => {
    const { token, secret } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Seen everywhere'));
    expect(await codeEverywhere(secret)).toEqual(['VALID', 'VALID', 'VALID']); // cached on each
    const changedAt = Date.now();
    await app.tokenops.tokens.disable(root, token.displayId);
    let codes: Array<string | undefined> = [];
    while (Date.now() - changedAt < 1_500) {
      codes = await codeEverywhere(secret);
      if (codes.every((code) => code === 'DISABLED')) break;
    }
    expect(codes).toEqual(['DISABLED', 'DISABLED', 'DISABLED']);
    expect(Date.now() - changedAt).toBeLessThan(1_000);
  });

  it('an approval clicked on three instances at once is decided once', async () => {
    const { token, secret } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Raced approval'));
    const posted = app.fake.callsTo('chat.postMessage').length;
    await new SlackDriver(web[0]!.url, SIGNING_SECRET, app.fake).command(
      USERS.acmeAdmin,
      `revoke ${token.displayId} rotating`,
    );
    const { ts, requestId } = await revocationRequest(app.fake, CHANNEL, posted);
    const clicks = [
      ['U0ACMEADM2', 'revocation_approve'],
      ['U0ACMEADM3', 'revocation_reject'],
      [USERS.workspaceAdmin, 'revocation_approve'],
    ] as const;
    const responses = await Promise.all(
      clicks.map(([user, action], i) =>
        new SlackDriver(web[i]!.url, SIGNING_SECRET, app.fake).blockAction(
          user,
          { action_id: action, type: 'button', value: requestId },
          { message: { ts, persisted: true }, channelId: CHANNEL },
        ),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const decisions = () =>
      app.sql(
        `SELECT action FROM audit_events WHERE action IN ('revocation.approve', 'revocation.reject') AND snapshot->>'requestId' = $1`,
        [requestId],
      );
    for (let i = 0; i < 50 && !(await decisions()).length; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the later clicks have been handled too
    expect(await decisions()).toHaveLength(1);
    const { state } = (
      (await app.sql(`SELECT state FROM revocation_requests WHERE id = $1::uuid`, [requestId])) as Array<{
        state: string;
      }>
    )[0]!;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await codeEverywhere(secret)).toEqual(Array(3).fill(state === 'approved' ? 'REVOKED' : 'VALID'));
  });

  it('two workers deliver each reminder to each recipient exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { token } = await app.tokenops.tokens.create(
        root,
        tokenInput('org:acme', `Due ${i}`, { primaryContact: USERS.acmeAdmin }),
      );
      await app.sql(
        `UPDATE tokens SET expires_at = now() + interval '3 days', next_reminder_at = now() WHERE display_id = $1`,
        [token.displayId],
      );
      ids.push(token.displayId);
    }
    const seen = (userId: string, id: string) =>
      [...app.fake.messages.values()].filter(
        (m) => m.channel === `D${userId.slice(1)}` && JSON.stringify(m).includes(id),
      ).length;
    await app.fake.waitFor(
      () => ids.every((id) => seen(USERS.acmeAdmin, id) && seen(USERS.workspaceAdmin, id)),
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // every worker scanned again meanwhile
    expect(ids.map((id) => [seen(USERS.acmeAdmin, id), seen(USERS.workspaceAdmin, id)])).toEqual(ids.map(() => [1, 1]));
  }, 60_000);

  it('a web instance stopped under load answers every request it accepted, then leaves', async () => {
    const { secret } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Under load'));
    const [leaving, ...staying] = web as [Instance, Instance, Instance];
    const outcomes: Array<'ok' | 'refused' | 'lost' | string> = [];
    let running = true;
    // A load balancer as they work: round robin over the instances whose /readyz answers 200
    // (checked every 100 ms); a refused connection (nothing accepted) is tried on another one.
    const inService = new Set<Instance>(web);
    const health = (async () => {
      while (running) {
        for (const instance of web)
          if (
            (await fetch(`${instance.url}/readyz`).then(
              (r) => r.status,
              () => 0,
            )) !== 200
          )
            inService.delete(instance);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const loops = [0, 1, 2, 3].map(async (lane) => {
      for (let i = lane; running; i++) {
        const pool = web.filter((instance) => inService.has(instance));
        let answer = await verifyOn(pool[i % pool.length]!, secret);
        if (answer === 'refused') {
          outcomes.push('refused');
          answer = await verifyOn(staying[i % 2]!, secret);
        }
        outcomes.push(
          typeof answer === 'string'
            ? answer
            : answer.status === 200 && answer.code === 'VALID'
              ? 'ok'
              : `${answer.status} ${answer.code}`,
        );
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stopped = leaving.stop('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const readyDuringDrain = (await fetch(`${leaving.url}/readyz`)).status;
    expect(await stopped).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    running = false;
    await Promise.all([...loops, health]);
    expect(readyDuringDrain).toBe(503);
    expect(outcomes.filter((o) => o !== 'ok' && o !== 'refused')).toEqual([]);
    expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThan(100);
    expect(inService.has(leaving)).toBe(false);
  }, 30_000);
});
