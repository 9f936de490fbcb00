import { describe, expect, it } from 'vitest';
import {
  Router, apiRoute, publicAccess, requirePermission, permissionsOf, isPublicAccess, isHubError, ROUTE_SPEC, routeDocs,
} from '../src/index.js';

describe('route declarations', () => {
  it('apiRoute refuses a route that is public and needs a permission at once, naming the route', () => {
    const router = Router();
    let err: unknown;
    try { apiRoute(router, { method: 'get', path: '/x', public: true, permission: 'm.read' }, () => undefined); } catch (e) { err = e; }
    expect(isHubError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'HUB_ROUTE_INVALID', message: expect.stringContaining('GET /x') });
    expect(routeDocs(router)).toHaveLength(0);
  });

  it('apiRoute writes its spec on the Express route, where the host reads it', () => {
    const router = Router();
    apiRoute(router, { method: 'post', path: '/items', permission: ['m.write'] }, () => undefined);
    const layer = (router as unknown as { stack: { route: Record<symbol, unknown> }[] }).stack[0];
    expect(layer.route[ROUTE_SPEC]).toMatchObject({ method: 'post', path: '/items', permission: ['m.write'] });
  });

  it('requirePermission names its permissions; publicAccess is recognised', () => {
    expect(permissionsOf(requirePermission('a.read', 'a.write'))).toEqual(['a.read', 'a.write']);
    expect(permissionsOf(() => undefined)).toBeUndefined();
    expect(isPublicAccess(publicAccess())).toBe(true);
    expect(isPublicAccess(requirePermission('a.read'))).toBe(false);
  });

  it('a non-public apiRoute refuses an anonymous request by itself too (401), as a second line behind the host', async () => {
    const router = Router();
    apiRoute(router, { method: 'get', path: '/x' }, (_req, res) => { res.json({ ok: true }); });
    const errors: unknown[] = [];
    await new Promise<void>((resolve) => {
      const req = { method: 'GET', url: '/x', headers: {} } as never;
      const res = { json: () => resolve() } as never;
      router(req, res, (err?: unknown) => { errors.push(err); resolve(); });
    });
    expect(errors[0]).toMatchObject({ code: 'HUB_AUTH_REQUIRED', status: 401 });
  });
});
