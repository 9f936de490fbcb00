// OpenAPI 3.1 from the routes declared with apiRoute (kit): host routes and every mounted
// module's, with zod schemas turned into JSON Schema by zod 4's z.toJSONSchema.
import type { Router } from 'express';
import { routeDocs, z, type RouteSpec } from '@hub/kit';
import { MODULES_READ_PERMISSION } from '@hub/module-base';
import { hostErrorAnswer, type HostApiRoute } from '@hub/api';

export interface ApiSection {
  /** Absolute prefix of the router's paths. */
  prefix: string;
  routers: Router[];
  /** Tags used for routes that name none. */
  tags: string[];
  /** Module that owns the routes (x-hub-module). */
  module?: string;
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

type Json = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  try {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
    delete json.$schema;
    return json;
  } catch {
    return {};
  }
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query', pathNames: string[]): Json[] {
  const out: Json[] = [];
  const seen = new Set<string>();
  if (schema) {
    const json = toSchema(schema, 'input');
    const props = (json.properties ?? {}) as Record<string, Json>;
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, s] of Object.entries(props)) {
      seen.add(name);
      out.push({ name, in: where, required: where === 'path' || required.has(name), schema: s, ...(s.description ? { description: s.description } : {}) });
    }
  }
  if (where === 'path') for (const name of pathNames) if (!seen.has(name)) out.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  return out;
}

/** The error answer of @hub/api, with its code as the enum of ERROR_CODES. */
const ERROR_SCHEMA = toSchema(hostErrorAnswer, 'output');

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function operation(spec: RouteSpec, section: ApiSection, path: string): Json {
  const access = (spec as RouteSpec & { access?: string }).access;
  const secured = access ? access !== 'public' : spec.public !== true;
  const pathNames = [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]);
  const status = String(spec.status ?? (spec.method === 'post' ? 201 : 200));
  const contract = spec as RouteSpec & Partial<Pick<HostApiRoute, 'alsoStatuses' | 'answer' | 'multipart'>>;
  const answer = (description: string) => spec.response
    ? { description, content: { 'application/json': { schema: toSchema(spec.response, 'output') } } }
    : contract.answer === 'events' ? { description, content: { 'text/event-stream': { schema: { type: 'string' } } } }
      : contract.answer === 'file' ? { description, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }
        : { description };
  const responses: Json = { [status]: answer(status === '204' ? 'No content' : 'OK') };
  for (const other of contract.alsoStatuses ?? []) responses[String(other)] = answer(other === 202 ? 'Accepted: runs on (follow links.events)' : 'Same shape');
  if (spec.params || spec.query || spec.body) responses['400'] = errorResponse('Invalid request (details.fields lists the fields)');
  if (secured) responses['401'] = errorResponse('No, bad, revoked or expired token');
  if (secured && (spec.permission || access === 'superuser' || access === 'manager')) responses['403'] = errorResponse('Not allowed');
  const permissions = spec.permission ? ([] as string[]).concat(spec.permission) : access === 'manager' ? [MODULES_READ_PERMISSION] : [];
  return {
    tags: spec.tags?.length ? spec.tags : section.tags,
    ...(spec.summary ? { summary: spec.summary } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    operationId: `${section.module ?? 'host'}_${spec.method}_${path.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '')}`,
    parameters: [...parameters(spec.params, 'path', pathNames), ...parameters(spec.query, 'query', [])],
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input') } } } } : {}),
    ...(contract.multipart ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } } } } } : {}),
    responses,
    security: secured ? [{ bearerAuth: [] }] : [],
    ...(section.module ? { 'x-hub-module': section.module } : {}),
    ...(permissions.length ? { 'x-hub-permissions': permissions } : {}),
    ...(access ? { 'x-hub-access': access } : {}),
  };
}

export function buildOpenApi(info: OpenApiInfo, sections: ApiSection[], tagDescriptions: Record<string, string> = {}): Json {
  const paths: Record<string, Json> = {};
  const tags = new Set<string>();
  for (const section of sections) {
    for (const router of section.routers) {
      for (const spec of routeDocs(router)) {
        const joined = (section.prefix + (spec.path === '/' ? '' : spec.path)) || '/';
        const path = joined.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        const op = operation(spec, section, path);
        for (const t of op.tags as string[]) tags.add(t);
        (paths[path] ??= {})[spec.method] ??= op;
      }
    }
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    tags: [...tags].map((name) => ({ name, ...(tagDescriptions[name] ? { description: tagDescriptions[name] } : {}) })),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'A token from POST /api/v1/auth/login or a personal API token.' } },
      schemas: { Error: ERROR_SCHEMA },
    },
  };
}
