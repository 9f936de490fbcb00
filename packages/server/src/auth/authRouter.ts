// /api/v1/auth: login, logout, who am I, personal API tokens.
import { Router, type RequestHandler } from 'express';
import { HubError, z } from '@hub/kit';
import type { BaseServices } from '@hub/module-base';
import { hostRoute } from '../http/hostRoute.js';
import type { ServerRequest } from '../http/types.js';

const tags = ['Auth'];
const hubUser = z.object({ id: z.number(), email: z.string(), name: z.string().nullish(), isSuperuser: z.boolean(), permissions: z.array(z.string()) });
const tokenInfo = z.object({
  id: z.number(), userId: z.number(), name: z.string(), prefix: z.string(), kind: z.enum(['session', 'personal']),
  createdAt: z.string(), expiresAt: z.string().nullable(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(),
});

export function authRouter(base: () => Promise<BaseServices>, loginLimiter: RequestHandler): Router {
  const router = Router();
  router.post('/login', loginLimiter);

  hostRoute(router, {
    method: 'post', path: '/login', access: 'public', tags, status: 200,
    summary: 'Log in with email and password; answers a bearer token',
    body: z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1000), name: z.string().max(100).optional() }),
    response: z.object({ token: z.string(), user: hubUser, expiresAt: z.string().nullable() }),
  }, async (req, res) => {
    const services = await base();
    const user = await services.verifyPassword(req.valid.body.email, req.valid.body.password);
    if (!user) {
      throw new HubError('HUB_LOGIN_FAILED', 'Wrong email or password', { status: 401, hint: 'Check both; repeated failures are rate-limited.' });
    }
    const issued = await services.issueToken(user.id, { kind: 'session', name: req.valid.body.name ?? 'login' });
    res.json({ token: issued.token, user: await services.toHubUser(user), expiresAt: issued.info.expiresAt });
  });

  hostRoute(router, {
    method: 'post', path: '/logout', access: 'user', tags, summary: 'Revoke the token of this request', status: 204,
  }, async (req: ServerRequest, res) => {
    await (await base()).revokeToken(req.hubTokenId!);
    res.status(204).end();
  });

  hostRoute(router, {
    method: 'get', path: '/me', access: 'user', tags, summary: 'The logged-in user and the token used',
    response: z.object({ user: hubUser, tokenId: z.number() }),
  }, async (req: ServerRequest, res) => {
    res.json({ user: req.hubUser, tokenId: req.hubTokenId });
  });

  hostRoute(router, {
    method: 'get', path: '/tokens', access: 'user', tags, summary: "The logged-in user's tokens (without secrets)",
    query: z.object({ include_revoked: z.enum(['true', 'false', '1', '0']).optional() }),
    response: z.object({ items: z.array(tokenInfo) }),
  }, async (req, res) => {
    const includeRevoked = req.valid.query.include_revoked === 'true' || req.valid.query.include_revoked === '1';
    res.json({ items: await (await base()).listTokens(req.hubUser!.id, { includeRevoked }) });
  });

  hostRoute(router, {
    method: 'post', path: '/tokens', access: 'user', tags, summary: 'Create a personal API token; the token is shown once',
    body: z.object({ name: z.string().min(1).max(100), expiresInDays: z.number().int().min(1).max(3650).optional() }),
    response: z.object({ token: z.string(), info: tokenInfo }),
  }, async (req, res) => {
    const { name, expiresInDays } = req.valid.body;
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
    res.status(201).json(await (await base()).issueToken(req.hubUser!.id, { kind: 'personal', name, expiresAt }));
  });

  hostRoute(router, {
    method: 'delete', path: '/tokens/:id', access: 'user', tags, status: 204,
    summary: "Revoke one of your tokens (a superuser may revoke anyone's)",
    params: z.object({ id: z.coerce.number().int().positive() }),
  }, async (req, res) => {
    const user = req.hubUser!;
    const done = await (await base()).revokeToken(req.valid.params.id, user.isSuperuser ? {} : { userId: user.id });
    if (!done) throw new HubError('HUB_TOKEN_NOT_FOUND', `No active token ${req.valid.params.id} of yours`, { status: 404 });
    res.status(204).end();
  });

  return router;
}
