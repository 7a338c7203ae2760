// GitHub's secret-scanning public keys: fetched from GITHUB_SECRET_SCANNING_KEYS_URL, cached,
// fetched again when a request names a key we do not know (at most once a minute, so forged
// key ids cannot make us hammer GitHub), and used to check the ECDSA P-256 / SHA-256 signature
// GitHub puts over the raw body (DER, base64).
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { DAY_MS } from '../../domain/time.js';

const keyList = z.object({
  public_keys: z.array(z.object({ key_identifier: z.string().min(1), key: z.string().min(1) })),
});

type SignatureCheck = 'valid' | 'invalid' | 'keys_unavailable';

type GithubKeysOptions = {
  url: string;
  /** Shortest time between two fetches (default one minute). */
  minRefetchMs?: number;
  /** Cached keys are fetched again after this long, in case GitHub withdrew one (default 1 day). */
  maxAgeMs?: number;
  timeoutMs?: number;
};

export class GithubKeys {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = 0;
  private lastAttempt = -Infinity;
  private inFlight?: Promise<void>;

  constructor(private readonly options: GithubKeysOptions) {}

  /** Whether `signature` (base64 DER) by key `keyId` is GitHub's over exactly `body`. */
  async check(body: Buffer, keyId: string | undefined, signature: string | undefined): Promise<SignatureCheck> {
    if (!keyId || !signature || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return 'invalid';
    const stale = Date.now() - this.fetchedAt > (this.options.maxAgeMs ?? DAY_MS);
    if (!this.keys.has(keyId) || stale) await this.refetch();
    const key = this.keys.get(keyId);
    if (!key) return this.fetchedAt ? 'invalid' : 'keys_unavailable';
    try {
      return verify('sha256', body, { key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'))
        ? 'valid'
        : 'invalid';
    } catch {
      return 'invalid'; // not a DER signature at all
    }
  }

  /** One fetch at a time, and none sooner than minRefetchMs after the last one. */
  private refetch(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (Date.now() - this.lastAttempt < (this.options.minRefetchMs ?? 60_000)) return Promise.resolve();
    this.lastAttempt = Date.now();
    this.inFlight = this.fetchKeys().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    let body: unknown;
    try {
      const response = await fetch(this.options.url, {
        headers: { accept: 'application/json', 'user-agent': 'tokenops' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
      if (!response.ok) return; // keep what we have; the next unknown key id tries again
      body = await response.json();
    } catch {
      return;
    }
    const parsed = keyList.safeParse(body);
    if (!parsed.success) return;
    const keys = new Map<string, KeyObject>();
    for (const { key_identifier, key } of parsed.data.public_keys) {
      try {
        const object = createPublicKey(key);
        if (object.asymmetricKeyType === 'ec' && object.asymmetricKeyDetails?.namedCurve === 'prime256v1')
          keys.set(key_identifier, object);
      } catch {
        // a key we cannot read is a key nobody can sign with for us
      }
    }
    this.keys = keys;
    this.fetchedAt = Date.now();
  }
}
