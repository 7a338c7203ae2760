// GET /openapi.json: the OpenAPI 3.1 document, built once from the endpoint contracts
// (contracts/). Request schemas are what is accepted (zod's input side), answers what is sent.
import { z } from 'zod';
import { errorBody, type Body, type Endpoint } from './contracts/contract.js';
import { endpoints } from './contracts/index.js';
import type { Handler } from './server.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const SECURITY: Record<NonNullable<Endpoint['auth']>, JsonSchema> = {
  verifyKey: { type: 'http', scheme: 'bearer', description: 'one of VERIFY_API_KEYS' },
  managementKey: { type: 'http', scheme: 'bearer', description: 'a management key (/token apikey create)' },
  gitlabKey: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'one of GITLAB_REVOCATION_API_KEYS' },
  githubSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'Github-Public-Key-Signature',
    description: "GitHub's ECDSA signature of the body",
  },
  slackSignature: { type: 'apiKey', in: 'header', name: 'X-Slack-Signature', description: "Slack's request signature" },
};

function response(body: Body): JsonSchema {
  const contentType = body.contentType ?? 'application/json';
  return {
    description: body.description,
    ...(body.headers
      ? {
          headers: Object.fromEntries(
            Object.entries(body.headers).map(([name, description]) => [
              name,
              { description, schema: { type: 'string' } },
            ]),
          ),
        }
      : {}),
    ...(body.schema || body.contentType
      ? { content: { [contentType]: body.schema ? { schema: jsonSchema(body.schema, 'output') } : {} } }
      : {}),
  };
}

function operation(endpoint: Endpoint): JsonSchema {
  const parameters = [
    ...[...endpoint.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    })),
    ...Object.entries(endpoint.query?.shape ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: !(schema as z.ZodType).safeParse(undefined).success,
      schema: jsonSchema(schema as z.ZodType, 'input'),
    })),
    ...Object.entries(endpoint.headers ?? {}).map(([name, header]) => ({
      name,
      in: 'header',
      required: header.required ?? false,
      description: header.description,
      schema: { type: 'string', maxLength: 255 },
    })),
  ];
  const responses = { ...endpoint.responses };
  // Any endpoint may fail unexpectedly; the server then answers this.
  responses['500'] ??= { description: 'internal error', schema: errorBody };
  return {
    summary: endpoint.summary,
    tags: [endpoint.tag],
    operationId: `${endpoint.method}${endpoint.path.replace(/[^a-zA-Z0-9]+(\w)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    ...(endpoint.auth ? { security: [{ [endpoint.auth]: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(endpoint.request
      ? {
          requestBody: {
            // A body every field of which is optional may be left out (the management API reads none as {}).
            required: !endpoint.request.schema?.safeParse({}).success,
            content: {
              [endpoint.request.contentType ?? 'application/json']: endpoint.request.schema
                ? { schema: jsonSchema(endpoint.request.schema, 'input') }
                : {},
            },
          },
        }
      : {}),
    responses: Object.fromEntries(Object.entries(responses).map(([status, body]) => [status, response(body)])),
  };
}

/** The API's version: it changes when an endpoint changes incompatibly. */
const API_VERSION = '1.0.0';

export function openApiDocument(): JsonSchema {
  const paths: Record<string, JsonSchema> = {};
  for (const endpoint of endpoints) (paths[endpoint.path] ??= {})[endpoint.method] = operation(endpoint);
  return {
    openapi: '3.1.0',
    info: {
      title: 'tokenops',
      version: API_VERSION,
      description:
        'Issue and govern API tokens from Slack: verification, leak reports, the management API and the audit export.',
    },
    components: { securitySchemes: SECURITY },
    paths,
  };
}

export function openApiRoute(): Handler {
  const text = JSON.stringify(openApiDocument());
  return (_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'cache-control': 'public, max-age=300',
    });
    res.end(text);
  };
}
