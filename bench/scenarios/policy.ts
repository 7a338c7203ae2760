// Verify-time policy (issue 27): warm verification without policy and with 50 CIDRs and a rate
// limit, against bare node:http in the same run, judged on CPU time per answered request of each
// server process measured side by side with bare (lib/sideBySide.ts; five repeats, spread given),
// and interleaved (lib/interleave.ts; three repeats) for information. Also the rate limit's accuracy across three
// instances, and the database writes per second while verifying.
// Alone: `tsx bench/scenarios/policy.ts` prints its rows (bench/RESULTS.md keeps them).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { SlackEmulator } from '@tokenops/slack-emulator';
import { freePort, load, pin, startProcess, stopProcess } from '../lib/processes.js';
import { BATCHED_BARE, comparisonRows, NAIVE_BARE, repeated } from '../lib/interleave.js';
import { sideBySide, sideBySideHow } from '../lib/sideBySide.js';
import { benchDatabase, seedWithSecrets } from '../lib/seed.js';
import { rowsTable, type Row } from '../lib/stats.js';
import { servedSlack } from '../lib/slack.js';
import { HASH, KEY, verifierEnv } from '../lib/env.js';

const SECONDS = 5;
/** Warm verification: repeats of this many 1-s slices of each server in turn (lib/interleave.ts). */
const REPEATS = 3;
/** Rate-limited tokens measured as steady traffic runs them: each slice after 1 s of its load not
 *  counted (a token idle through the other servers' turns has let its leases, reserved 5 s ahead,
 *  lapse: without it, every slice renewed them all, 143 Redis calls per 1,000 requests against
 *  12 in steady traffic, +10 µs a request), then 6 s measured, so that each token renews its
 *  leases about once within the slice, as steady traffic does (every 5–6 s). */
const SHAPE = { leadInSeconds: 1, seconds: 6 };
const SLICES = 3;
/** Repeats of the side-by-side measure the targets are judged on. */
const SIDE_REPEATS = 5;

export type PolicyRow = Row;

/** Row writes (inserted, updated, deleted) in the database so far, and committed transactions. */
async function writes(client: pg.Client): Promise<{ rows: number; commits: number }> {
  const { rows } = await client.query<{ rows: string; commits: string }>(
    `SELECT (SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables)::text AS rows,
            (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())::text AS commits`,
  );
  return { rows: Number(rows[0]!.rows), commits: Number(rows[0]!.commits) };
}

export async function policyScenario(log: (text: string) => void = () => undefined): Promise<PolicyRow[]> {
  const db = await benchDatabase();
  const fake = await SlackEmulator.start();
  const children: Array<Awaited<ReturnType<typeof startProcess>>> = [];
  const redisPrefix = `benchpolicy${randomBytes(3).toString('hex')}`;
  const env = (port: number) =>
    verifierEnv(db.url, fake, {
      REDIS_PREFIX: redisPrefix,
      LOG_LEVEL: 'info',
      PORT: String(port),
    });
  const rows: PolicyRow[] = [];
  try {
    log('policy: seeding');
    const plain = await seedWithSecrets(db.client, 2_000, { hashSecret: HASH, label: 'plain' });
    const policed = await seedWithSecrets(db.client, 2_000, { hashSecret: HASH, label: 'policed' });
    const [limited] = await seedWithSecrets(db.client, 1, { hashSecret: HASH, label: 'limited' });
    const [leased] = await seedWithSecrets(db.client, 1, { hashSecret: HASH, label: 'leased' });
    // 50 ranges, the client in the last one: every check walks the whole list.
    const ranges = [
      ...Array.from({ length: 25 }, (_, i) => `10.${i}.0.0/16`),
      ...Array.from({ length: 24 }, (_, i) => `2001:db8:${i.toString(16)}::/48`),
      '203.0.113.0/24',
    ];
    await db.client.query(`UPDATE tokens SET allowed_ips = $1, rate_limit = '1000000/s' WHERE label LIKE 'policed%'`, [
      ranges,
    ]);
    await db.client.query(`UPDATE tokens SET rate_limit = '50/s' WHERE label LIKE 'limited%'`);
    // At least 2,000 a window: instances take leases of limit/1000 requests from Redis.
    await db.client.query(`UPDATE tokens SET rate_limit = '6000/min' WHERE label LIKE 'leased%'`);

    const [appPort, barePort, verifyPort, batchedPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    await promisify(execFile)('npm', ['run', 'build:if-stale', '--silent']);
    const app = await startProcess(['dist/main.js', 'web'], env(appPort));
    children.push(app);
    const bare = await startProcess(['bench/lib/bare.ts', String(barePort)]);
    children.push(bare);
    const batched = await startProcess(['bench/lib/bare.ts', String(batchedPort), 'batched']); // the ceiling (run.ts)
    children.push(batched);
    const verifyOnly = await startProcess(['dist/main.js', 'verify'], env(verifyPort)); // src/verifyInstance.ts
    children.push(verifyOnly);
    await Promise.all([pin(app.pid!), pin(bare.pid!), pin(batched.pid!), pin(verifyOnly.pid!)]);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };
    const verifyUrl = `http://127.0.0.1:${appPort}/v1/tokens/verify`;
    const verifyOnlyUrl = `http://127.0.0.1:${verifyPort}/v1/tokens/verify`;
    const plainBodies = plain.map((token) => JSON.stringify({ token }));
    const policedBodies = policed.map((token) => JSON.stringify({ token, ip: '203.0.113.9', scopes: ['orders:read'] }));
    for (const url of [verifyUrl, verifyOnlyUrl])
      for (const body of [...plainBodies, ...policedBodies])
        await fetch(url, { method: 'POST', headers, body }).then((r) => r.text());
    await servedSlack(`http://127.0.0.1:${appPort}`, fake); // as in production (lib/slack.ts)

    const side = (pid: number, url: string, bodies: string[]) => ({
      pid,
      options: { url, connections: 50, bodies, headers },
    });
    log('policy: bare (batched and not), no policy, 50 CIDRs + rate limit in turn (web and verify instances)');
    const ceiling = side(batched.pid!, `http://127.0.0.1:${batchedPort}/`, plainBodies);
    const ours = [
      side(app.pid!, verifyUrl, plainBodies),
      side(app.pid!, verifyUrl, policedBodies),
      side(verifyOnly.pid!, verifyOnlyUrl, plainBodies),
      side(verifyOnly.pid!, verifyOnlyUrl, policedBodies),
    ];
    const [batchedRuns, bareRuns, plainRuns, policedRuns, plainAlone, policedAlone] = await repeated(
      [ceiling, side(bare.pid!, `http://127.0.0.1:${barePort}/`, plainBodies), ...ours],
      REPEATS,
      SLICES,
      SHAPE,
    );
    // The targets are judged side by side (lib/sideBySide.ts); the interleaved rows stay beside them.
    log('policy: the same four, each side by side with bare (per turn)');
    const pairs = await sideBySide(ceiling, ours, SIDE_REPEATS, SHAPE);
    const measured = [
      [plainRuns!, pairs[0]!, 'verify, warm, no policy', 0.75],
      [policedRuns!, pairs[1]!, 'verify, warm, 50 CIDRs + rate limit', 0.6],
      [plainAlone!, pairs[2]!, 'verify, warm, no policy, verify instance', 0.75],
      [policedAlone!, pairs[3]!, 'verify, warm, 50 CIDRs + rate limit, verify instance', 0.6],
    ] as const;
    for (const [, pair, name, target] of measured)
      rows.push(
        ...comparisonRows(name, pair.ours, pair.base, {
          baseline: BATCHED_BARE,
          target,
          how: sideBySideHow(SIDE_REPEATS, SHAPE),
        }),
      );
    for (const [runs, , name, target] of measured)
      rows.push(
        ...comparisonRows(name, runs, batchedRuns!, {
          baseline: BATCHED_BARE,
          target,
          also: { sums: bareRuns!, baseline: NAIVE_BARE },
          shape: SHAPE,
          judged: false,
        }),
      );

    // Usage recording: the database's writes while verifying policed tokens, counts and
    // addresses included (they are written every 30 s), by the web instance alone: the verify
    // instance stops first (writing what it held), its change-feed polls and usage out of the count.
    await stopProcess(verifyOnly);
    log('policy: writes while verifying');
    const before = await writes(db.client);
    const startedAt = performance.now();
    const policedLoad = await load({
      url: verifyUrl,
      connections: 50,
      seconds: SECONDS,
      bodies: policedBodies,
      headers,
    });
    await new Promise((resolve) => setTimeout(resolve, 31_000));
    const after = await writes(db.client);
    const elapsed = (performance.now() - startedAt) / 1000;
    const writesPerSec = (after.rows - before.rows) / elapsed;
    const commitsPerSec = (after.commits - before.commits) / elapsed;
    // Commits counted include the change feed's read-only polls (5 a second).
    rows.push({
      scenario: 'usage recording while verifying',
      measure: 'row writes/s (commits/s)',
      value: `${writesPerSec.toFixed(1)} (${commitsPerSec.toFixed(1)})`,
      baseline: `${policedLoad.reqPerSec} verifications/s`,
      ratio: `${((writesPerSec / policedLoad.reqPerSec) * 10_000).toFixed(0)} at 10k/s if rows grew with requests (they grow with tokens in use: 2,000 here)`,
      target: 'no write per request',
      met: commitsPerSec < 10, // the feed's polls are 5 of them
    });

    // Rate-limit accuracy: tokens loaded through three instances at once, well above their limit.
    log('policy: rate limits across three instances');
    const ports = [appPort, await freePort(), await freePort()];
    for (const port of ports.slice(1)) {
      const instance = await startProcess(['dist/main.js', 'web'], env(port));
      children.push(instance);
      await pin(instance.pid!);
    }
    rows.push(await rateLimitAccuracy(ports, limited!, { limit: 50, windowMs: 1_000, name: '50/s' }, headers));
    rows.push(
      await rateLimitAccuracy(
        ports,
        leased!,
        { limit: 6_000, windowMs: 60_000, name: '6000/min (leases of 6)' },
        headers,
      ),
    );
  } finally {
    await Promise.all(children.map((child) => stopProcess(child)));
    await db.drop();
    await fake.close();
  }
  return rows;
}

/**
 * One token, limited to `limit` per `windowMs`, verified through every instance at once (20
 * connections each, far above the limit) for SECONDS. The limiter (src/verification/rateLimiter.ts)
 * is a sliding window of 10 sub-buckets that admits while the last 11 hold less than the limit: no
 * window of its length ever admits more, and a client steadily above the limit gets 10/11 of it at
 * worst, plus the rest of a lease per instance and sub-bucket lost with the leases (limits of
 * 2,000 and more). The ratio is admitted ÷ (limit × windows the load covered), the windows counted
 * from the span the load generators were sending (earliest start to latest end; not the time to
 * start and stop them): above 1.10 is over-admission, under ~0.9 under-admission.
 */
async function rateLimitAccuracy(
  ports: number[],
  secret: string,
  rate: { limit: number; windowMs: number; name: string },
  headers: Record<string, string>,
): Promise<PolicyRow> {
  const before = await answerCounts(ports);
  const loads = await Promise.all(
    ports.map((port) =>
      load({
        url: `http://127.0.0.1:${port}/v1/tokens/verify`,
        connections: 20,
        seconds: SECONDS,
        bodies: [JSON.stringify({ token: secret })],
        headers,
      }),
    ),
  );
  const after = await answerCounts(ports);
  const admitted = after.valid - before.valid;
  const refused = after.limited - before.limited;
  const spanMs = Math.max(...loads.map((l) => l.finishMs)) - Math.min(...loads.map((l) => l.startMs));
  // A load shorter than a window covers one: the whole limit may be admitted at once.
  const windows = Math.max(1, spanMs / rate.windowMs);
  const accuracy = admitted / (rate.limit * windows);
  return {
    scenario: `rate limit ${rate.name}, 3 instances under load`,
    measure: `admitted in ${(spanMs / 1000).toFixed(2)} s of load`,
    value: String(admitted),
    baseline: `limit × ${windows.toFixed(2)} windows; ${refused} refused (10/11 = 0.909 is the limiter's floor)`,
    ratio: accuracy.toFixed(3),
    target: '0.85–1.10',
    met: accuracy >= 0.85 && accuracy <= 1.1,
  };
}

/** VALID and RATE_LIMITED answers counted so far by the instances on these ports (Prometheus, by code only). */
async function answerCounts(ports: number[]): Promise<{ valid: number; limited: number }> {
  const total = { valid: 0, limited: 0 };
  for (const port of ports) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    total.valid += Number(/tokenops_verifications_total\{code="VALID"\} (\d+)/.exec(text)?.[1] ?? 0);
    total.limited += Number(/tokenops_verifications_total\{code="RATE_LIMITED"\} (\d+)/.exec(text)?.[1] ?? 0);
  }
  return total;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await policyScenario((text) => console.error(text));
  console.log(rowsTable(rows));
}
