// REST routes of the base module under /api/v1/base: users, roles, settings.
import { Router, apiRoute, HubError, z, type ModuleContext } from '@hub/kit';
import type { BaseSchema, BaseServices } from './services.js';

const id = z.object({ id: z.coerce.number().int().positive() });
const user = z.object({
  id: z.number(), email: z.string(), name: z.string().nullable(), isSuperuser: z.boolean(), isActive: z.boolean(), createdAt: z.string(),
});
const role = z.object({ id: z.number(), name: z.string(), description: z.string().nullable(), permissions: z.array(z.string()) });
const permission = z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$/, 'a permission looks like "<module>.<action>"');

export function createBaseRoutes(ctx: ModuleContext<BaseSchema>, services: () => BaseServices): Router {
  const router = Router();
  const tags = ['Base'];

  apiRoute(router, {
    method: 'get', path: '/users', summary: 'List users', tags, permission: 'base.users.read',
    query: z.object({
      limit: z.coerce.number().int().min(1).max(500).default(50),
      offset: z.coerce.number().int().min(0).default(0),
      search: z.string().optional(),
    }),
    response: z.object({ items: z.array(user) }),
  }, async (req, res) => {
    res.json({ items: await services().listUsers(req.valid.query) });
  });

  apiRoute(router, {
    method: 'post', path: '/users', summary: 'Create a user', tags, permission: 'base.users.write', status: 201,
    body: z.object({
      email: z.email(), name: z.string().max(200).nullish(), password: z.string().min(8).max(200).optional(),
      isSuperuser: z.boolean().optional(), isActive: z.boolean().optional(), roleIds: z.array(z.number().int()).optional(),
    }),
    response: user,
  }, async (req, res) => {
    const { roleIds, ...input } = req.valid.body;
    if (input.isSuperuser && !req.hubUser?.isSuperuser) {
      throw new HubError('HUB_PERMISSION_DENIED', 'Only a superuser can create a superuser', { status: 403, module: 'base' });
    }
    const created = await services().createUser(input);
    if (roleIds) await services().setUserRoles(created.id, roleIds);
    res.status(201).json(created);
  });

  apiRoute(router, {
    method: 'get', path: '/users/:id', summary: 'Get a user with roles', tags, permission: 'base.users.read', params: id,
    response: user.extend({ roles: z.array(role) }),
  }, async (req, res) => {
    const found = await services().getUser(req.valid.params.id);
    res.json({ ...found, roles: await services().getUserRoles(found.id) });
  });

  apiRoute(router, {
    method: 'patch', path: '/users/:id', summary: 'Change a user', tags, permission: 'base.users.write', params: id,
    body: z.object({
      email: z.email().optional(), name: z.string().max(200).nullish(), password: z.string().min(8).max(200).optional(),
      isSuperuser: z.boolean().optional(), isActive: z.boolean().optional(),
    }),
    response: user,
  }, async (req, res) => {
    if (req.valid.body.isSuperuser !== undefined && !req.hubUser?.isSuperuser) {
      throw new HubError('HUB_PERMISSION_DENIED', 'Only a superuser can grant or remove superuser rights', { status: 403, module: 'base' });
    }
    res.json(await services().updateUser(req.valid.params.id, req.valid.body));
  });

  apiRoute(router, {
    method: 'delete', path: '/users/:id', summary: 'Delete a user', tags, permission: 'base.users.write', params: id,
  }, async (req, res) => {
    if (req.hubUser?.id === req.valid.params.id) {
      throw new HubError('HUB_USER_SELF_DELETE', 'You cannot delete yourself', { status: 409, module: 'base', hint: 'Log in as another administrator.' });
    }
    await services().deleteUser(req.valid.params.id);
    res.status(204).end();
  });

  apiRoute(router, {
    method: 'put', path: '/users/:id/roles', summary: "Replace a user's roles", tags, permission: 'base.users.write', params: id,
    body: z.object({ roleIds: z.array(z.number().int()) }), response: z.object({ roles: z.array(role) }),
  }, async (req, res) => {
    await services().setUserRoles(req.valid.params.id, req.valid.body.roleIds);
    res.json({ roles: await services().getUserRoles(req.valid.params.id) });
  });

  apiRoute(router, {
    method: 'get', path: '/roles', summary: 'List roles with their permissions', tags, permission: 'base.roles.read',
    response: z.object({ items: z.array(role) }),
  }, async (_req, res) => {
    res.json({ items: await services().listRoles() });
  });

  apiRoute(router, {
    method: 'post', path: '/roles', summary: 'Create a role', tags, permission: 'base.roles.write', status: 201,
    body: z.object({ name: z.string().min(1).max(100), description: z.string().max(500).nullish(), permissions: z.array(permission).default([]) }),
    response: role,
  }, async (req, res) => {
    res.status(201).json(await services().createRole(req.valid.body));
  });

  apiRoute(router, {
    method: 'patch', path: '/roles/:id', summary: 'Change a role (permissions replace the old list)', tags, permission: 'base.roles.write', params: id,
    body: z.object({ name: z.string().min(1).max(100).optional(), description: z.string().max(500).nullish(), permissions: z.array(permission).optional() }),
    response: role,
  }, async (req, res) => {
    res.json(await services().updateRole(req.valid.params.id, req.valid.body));
  });

  apiRoute(router, {
    method: 'delete', path: '/roles/:id', summary: 'Delete a role', tags, permission: 'base.roles.write', params: id,
  }, async (req, res) => {
    await services().deleteRole(req.valid.params.id);
    res.status(204).end();
  });

  apiRoute(router, {
    method: 'get', path: '/settings', summary: 'All settings', tags, permission: 'base.settings.read',
    response: z.record(z.string(), z.unknown()),
  }, async (_req, res) => {
    res.json(await services().listSettings());
  });

  apiRoute(router, {
    method: 'put', path: '/settings/:key', summary: 'Set a setting', tags, permission: 'base.settings.write',
    params: z.object({ key: z.string().regex(/^[a-z][a-z0-9_.-]*$/) }), body: z.object({ value: z.unknown() }),
  }, async (req, res) => {
    await services().setSetting(req.valid.params.key, req.valid.body.value ?? null);
    res.json({ key: req.valid.params.key, value: req.valid.body.value ?? null });
  });

  // The signed-in user's own account: any user, no permission needed (but a login).
  const self = (req: { hubUser?: { id: number } }) => {
    if (!req.hubUser) throw new HubError('HUB_AUTH_REQUIRED', 'Authentication required', { status: 401, module: 'base', hint: 'Sign in first.' });
    return req.hubUser.id;
  };

  apiRoute(router, {
    method: 'patch', path: '/me', summary: 'Change your own name', tags,
    body: z.object({ name: z.string().trim().max(200).nullable() }).strict(), response: user,
  }, async (req, res) => {
    res.json(await services().updateUser(self(req), { name: req.valid.body.name || null }));
  });

  apiRoute(router, {
    method: 'post', path: '/me/password', summary: 'Change your own password (needs the current one)', tags, status: 204,
    body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(8).max(200) }).strict(),
  }, async (req, res) => {
    const id = self(req);
    const me = await services().getUser(id);
    if (!(await services().verifyPassword(me.email, req.valid.body.currentPassword))) {
      throw new HubError('HUB_PASSWORD_WRONG', 'The current password is wrong', { status: 400, module: 'base', hint: 'Type the password you signed in with.' });
    }
    // Other sessions of hers end; the one she is using stays.
    await services().updateUser(id, { password: req.valid.body.newPassword }, { keepSession: (req as { hubTokenId?: number }).hubTokenId });
    res.status(204).end();
  });

  ctx.logger.debug('base routes built');
  return router;
}
