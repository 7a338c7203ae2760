import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/http/openapi.js';
import { mismatch } from '../support/openapiCheck.js';
import { useTestApp } from '../support/testApp.js';

const app = useTestApp();

describe('GET /openapi.json', () => {
  it('serves the OpenAPI 3.1 document built from the endpoint contracts, naming every route the server has', async () => {
    const response = await fetch(`${app.tokenops.url}/openapi.json`);
    expect(response.status).toBe(200);
    const served = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(served).toEqual(openApiDocument());
    expect(served.openapi).toBe('3.1.0');
    expect(Object.keys(served.paths)).toEqual(
      expect.arrayContaining([
        '/v1/tokens/verify',
        '/v1/tokens',
        '/v1/tokens/{id}',
        '/v1/tokens/{id}/revoke',
        '/v1/audit',
        '/healthz',
        '/readyz',
        '/metrics',
      ]),
    );
  });

  it('marks a body required only where one must be sent: revoke, enable and the other changes take none', () => {
    const paths = openApiDocument().paths as Record<string, Record<string, { requestBody?: { required: boolean } }>>;
    for (const action of ['revoke', 'disable', 'enable', 'extend', 'reset'])
      expect(paths[`/v1/tokens/{id}/${action}`]!.post!.requestBody!.required, action).toBe(false);
    expect(paths['/v1/tokens']!.post!.requestBody!.required).toBe(true);
    expect(paths['/v1/tokens/verify']!.post!.requestBody!.required).toBe(true);
  });

  it('the check every test answer goes through refuses answers the document does not describe', async () => {
    const url = new URL('http://127.0.0.1/v1/tokens/verify');
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    expect(await mismatch('POST', url, json(200, { valid: false, code: 'NOT_FOUND' }))).toBeUndefined();
    expect(await mismatch('POST', url, json(200, { valid: false, code: 'MAYBE' }))).toMatch(/code/);
    expect(await mismatch('POST', url, json(200, { valid: false, code: 'NOT_FOUND', extra: 1 }))).toMatch(/additional/);
    expect(await mismatch('POST', url, json(418, { error: 'teapot' }))).toMatch(/undocumented status/);
    expect(await mismatch('PUT', url, json(200, {}))).toMatch(/undocumented method/);
    expect(await mismatch('GET', new URL('http://127.0.0.1/api/chat.postMessage'), json(200, {}))).toBeUndefined();
  });
});
