// GitHub's side of secret scanning, on loopback: the public-keys endpoint (counting fetches) and
// a signer that signs report bodies as GitHub does (ECDSA P-256, SHA-256, DER, base64).
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type SigningKey = { id: string; privateKey: KeyObject; publicKeyPem: string };

export function newSigningKey(id: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { id, privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export function signBody(
  key: SigningKey,
  body: string,
): { 'GITHUB-PUBLIC-KEY-IDENTIFIER': string; 'GITHUB-PUBLIC-KEY-SIGNATURE': string } {
  return {
    'GITHUB-PUBLIC-KEY-IDENTIFIER': key.id,
    'GITHUB-PUBLIC-KEY-SIGNATURE': sign('sha256', Buffer.from(body), {
      key: key.privateKey,
      dsaEncoding: 'der',
    }).toString('base64'),
  };
}

/** Serves `{public_keys: [...]}` like api.github.com/meta/public_keys/secret_scanning. */
export async function startGithubKeyServer(initial: Array<{ id: string; publicKeyPem: string }>) {
  const state = { keys: [...initial], fetches: 0 };
  const server = http.createServer((req, res) => {
    state.fetches++;
    const body = JSON.stringify({
      public_keys: state.keys.map((k, i) => ({ key_identifier: k.id, key: k.publicKeyPem, is_current: i === 0 })),
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/meta/public_keys/secret_scanning`,
    get fetches() {
      return state.fetches;
    },
    setKeys: (keys: Array<{ id: string; publicKeyPem: string }>) => (state.keys = [...keys]),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
