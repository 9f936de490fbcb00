import { describe, expect, it } from 'vitest';
import { Router, apiRoute, z } from '@hub/kit';
import { buildOpenApi } from './buildOpenApi.js';

describe('buildOpenApi', () => {
  it('documents apiRoute routes under their prefix and tag, with parameters, body and security', () => {
    const router = Router();
    apiRoute(router, {
      method: 'get', path: '/people/:id', summary: 'A person', permission: 'contacts.read',
      params: z.object({ id: z.coerce.number() }), query: z.object({ expand: z.string().optional() }),
      response: z.object({ id: z.number(), name: z.string() }),
    }, (_req, res) => { res.json({}); });
    apiRoute(router, { method: 'post', path: '/people', body: z.object({ name: z.string().min(1) }) }, (_req, res) => { res.json({}); });
    const doc = buildOpenApi({ title: 'Hub', version: '1' }, [{ prefix: '/api/v1/contacts', routers: [router], tags: ['Contacts'], module: 'contacts' }]) as any;
    expect(doc.openapi).toBe('3.1.0');
    const get = doc.paths['/api/v1/contacts/people/{id}'].get;
    expect(get.tags).toEqual(['Contacts']);
    expect(get.parameters).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
      expect.objectContaining({ name: 'expand', in: 'query', required: false }),
    ]));
    expect(get.security).toEqual([{ bearerAuth: [] }]);
    expect(get['x-hub-permissions']).toEqual(['contacts.read']);
    expect(get.responses['200'].content['application/json'].schema.properties.name).toEqual({ type: 'string' });
    const post = doc.paths['/api/v1/contacts/people'].post;
    expect(post.requestBody.content['application/json'].schema.required).toEqual(['name']);
    expect(doc.components.securitySchemes.bearerAuth.scheme).toBe('bearer');
    expect(doc.tags).toEqual([{ name: 'Contacts' }]);
  });
});
