// One place where each endpoint is declared: the same zod schemas (and the document module's
// JSON Schemas) validate the request AND produce the OpenAPI 3.1 document served at /api/docs.
import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { RequestHandler } from 'express';
import { z, type ZodError, type ZodTypeAny } from 'zod';
import { ApiError, type FieldProblem } from '../errors/problem';
import type { Role } from '../models/records';

extendZodWithOpenApi(z);

export const registry = new OpenAPIRegistry();
/** Paths already in the registry (createApp may run more than once in one process, e.g. in tests). */
const registered = new Set<string>();
registry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'API key: Authorization: Bearer vbk_...' });

export interface Validated {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

declare module 'express-serve-static-core' {
  interface Request {
    valid?: Validated;
  }
}

export interface EndpointSpec {
  method: 'get' | 'post' | 'patch';
  /** OpenAPI-style path under /api/v1, e.g. /diplomas/{id}. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Roles allowed; omitted = public. */
  roles?: Role[];
  params?: z.AnyZodObject;
  query?: z.AnyZodObject;
  /** Request headers (documented only; checked by the route's own middleware). */
  headers?: z.AnyZodObject;
  /** JSON body validated by zod. */
  body?: ZodTypeAny;
  /** Other request bodies (documented only; validated by the handler, e.g. the document module's own schema). */
  otherBodies?: RouteConfig['request'] extends infer R ? R extends { body?: infer B } ? B : never : never;
  idempotent?: boolean;
  responses: RouteConfig['responses'];
}

export function zodProblems(error: ZodError, location: 'body' | 'query' | 'path'): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: location === 'body' ? `/${issue.path.join('/')}` : String(issue.path[0] ?? location),
    message: issue.message,
  }));
}

/** Registers the endpoint in the OpenAPI document and returns its request validator. */
export function endpoint(spec: EndpointSpec): RequestHandler {
  const idempotencyHeader = spec.idempotent
    ? z.object({ 'idempotency-key': z.string().min(1).max(200).optional().openapi({ description: 'Makes retries safe: the same key with the same body returns the first answer' }) })
    : undefined;
  const headers = idempotencyHeader && spec.headers ? idempotencyHeader.merge(spec.headers) : idempotencyHeader ?? spec.headers;
  const key = `${spec.method} ${spec.path}`;
  if (!registered.has(key)) {
    registered.add(key);
    registry.registerPath({
    method: spec.method,
    path: `/api/v1${spec.path}`,
    summary: spec.summary,
    description: spec.description,
    tags: [spec.tag],
    ...(spec.roles ? { security: [{ apiKey: [] }], 'x-roles': spec.roles } : {}),
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(headers ? { headers } : {}),
      ...(spec.body ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
      ...(spec.otherBodies ? { body: spec.otherBodies } : {}),
    },
    responses: spec.responses,
    });
  }
  return (req, _res, next) => {
    const params = spec.params ? spec.params.safeParse(req.params) : { success: true as const, data: {} };
    if (!params.success) return next(new ApiError(400, 'VALIDATION_FAILED', 'Invalid path parameter', zodProblems(params.error, 'path')));
    const query = (spec.query ?? z.object({}).strict()).safeParse(req.query ?? {});
    if (!query.success) return next(new ApiError(400, 'VALIDATION_FAILED', 'Invalid query string', zodProblems(query.error, 'query')));
    let body: unknown = req.body;
    if (spec.body) {
      const parsed = spec.body.safeParse(req.body);
      if (!parsed.success) return next(new ApiError(400, 'VALIDATION_FAILED', 'Invalid request body', zodProblems(parsed.error, 'body')));
      body = parsed.data;
    }
    req.valid = { params: params.data, query: query.data, body };
    next();
  };
}

/**
 * Registers a draft-07 JSON Schema with `definitions` as OpenAPI components: each definition
 * becomes `<prefix><Name>` and internal `#/definitions/X` references are rewritten.
 */
export function registerJsonSchema(name: string, schema: Record<string, unknown>, prefix: string): void {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (k === '$schema' || k === '$id' || k === 'definitions') continue;
        out[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/definitions/', `#/components/schemas/${prefix}`) : rewrite(v);
      }
      return out;
    }
    return value;
  };
  const definitions = (schema.definitions ?? {}) as Record<string, unknown>;
  for (const [defName, def] of Object.entries(definitions)) {
    registry.registerComponent('schemas', `${prefix}${defName}`, rewrite(def) as never);
  }
  registry.registerComponent('schemas', name, rewrite(schema) as never);
}

export function openApiDocument(): Record<string, unknown> {
  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'vanbang gateway API',
      version: '1.0.0',
      description: "Vietnam's national digital diploma ledger: issue, correct, reissue, revoke, verify, look up and audit diplomas. Errors are RFC 9457 problem+json with a stable `code`.",
    },
    servers: [{ url: '/' }],
  }) as unknown as Record<string, unknown>;
}
