// Every answer a test receives from tokenops through fetch is checked against the OpenAPI
// document (src/http/openapi.ts) with a JSON Schema validator: an undocumented status, media
// type or body fails the request, and the test file. Loaded for every test file (vitest.config.ts).
import { afterAll } from 'vitest';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { openApiDocument } from '../../src/http/openapi.js';

type Media = { schema?: object };
type Response = { content?: Record<string, Media>; headers?: Record<string, unknown> };
type Operation = { responses: Record<string, Response> };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

const document = openApiDocument() as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    method: method.toUpperCase(),
    path,
    pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`),
    operation,
  })),
);
// Exact paths win over templates (/v1/tokens/verify over /v1/tokens/{id}).
operations.sort((a, b) => Number(a.path.includes('{')) - Number(b.path.includes('{')));

const validators = new Map<object, ValidateFunction>();
const validatorOf = (schema: object) => {
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = ajv.compile(schema)));
  return validate;
};

/** Headers of HTTP itself, not of this API: every other header an answer carries is documented. */
const GENERIC_HEADERS = new Set([
  'content-type',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'cache-control',
  'x-accel-buffering',
]);

/** Answers that did not match the document, for the file's end. */
const mismatches: string[] = [];

/** What is wrong with `response` for this operation, or undefined when it matches. */
export async function mismatch(method: string, url: URL, response: globalThis.Response): Promise<string | undefined> {
  const candidates = operations.filter((op) => op.pattern.test(url.pathname));
  if (!candidates.length) return undefined; // not ours (the Slack emulator, a playground page)
  const found = candidates.find((op) => op.method === method);
  const where = `${method} ${url.pathname} → ${response.status}`;
  if (!found) return response.status === 405 ? undefined : `${where}: undocumented method`;
  const documented = found.operation.responses[String(response.status)] ?? found.operation.responses.default;
  if (!documented) return `${where}: undocumented status`;
  const opaque = Boolean(documented.content?.['*/*']); // Bolt's answers to Slack
  const undocumented: string[] = [];
  if (!opaque)
    response.headers.forEach(
      (_, name) => void (!GENERIC_HEADERS.has(name) && !documented.headers?.[name] && undocumented.push(name)),
    );
  if (undocumented.length) return `${where}: undocumented header(s) ${undocumented.join(', ')}`;
  if (!documented.content) return undefined;
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (type === 'text/event-stream' || documented.content['*/*']) return undefined;
  const media = documented.content[type];
  if (!media) return `${where}: undocumented media type ${type || '(none)'}`;
  if (!media.schema) return undefined;
  const text = await response.clone().text();
  const values = type === 'application/x-ndjson' ? text.split('\n').filter(Boolean) : [text];
  const validate = validatorOf(media.schema);
  for (const value of values) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return `${where}: not JSON: ${value.slice(0, 200)}`;
    }
    if (!validate(parsed)) return `${where}: ${ajv.errorsText(validate.errors)} in ${value.slice(0, 300)}`;
  }
  return undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const realFetch = globalThis.fetch;
globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
  const response = await realFetch(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  if (!LOOPBACK.has(url.hostname) || method === 'HEAD') return response;
  const problem = await mismatch(method, url, response);
  if (problem) {
    mismatches.push(problem);
    throw new Error(`answer does not match the OpenAPI document: ${problem}`);
  }
  return response;
};

afterAll(() => {
  if (mismatches.length) throw new Error(`answers that do not match the OpenAPI document:\n${mismatches.join('\n')}`);
});
