// /api/v1/auth: login, logout, who am I, personal API tokens.
import { Router, type RequestHandler } from 'express';
import { HubError } from '@hub/kit';
import { hostRoutes as api } from '@hub/api';
import type { BaseServices } from '@hub/module-base';
import { hostRoute } from '../http/hostRoute.js';
import type { ServerRequest } from '../http/types.js';

const tags = ['Auth'];

export function authRouter(base: () => Promise<BaseServices>, loginLimiter: RequestHandler): Router {
  const router = Router();
  router.post('/login', loginLimiter);

  hostRoute(router, {
    ...api.login, access: 'public', tags,
    summary: 'Log in with email and password; answers a bearer token',
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
    ...api.logout, access: 'user', tags, summary: 'Revoke the token of this request',
  }, async (req: ServerRequest, res) => {
    await (await base()).revokeToken(req.hubTokenId!);
    res.status(204).end();
  });

  hostRoute(router, {
    ...api.me, access: 'user', tags, summary: 'The logged-in user and the token used',
  }, async (req: ServerRequest, res) => {
    res.json({ user: req.hubUser, tokenId: req.hubTokenId });
  });

  hostRoute(router, {
    ...api.listTokens, access: 'user', tags, summary: "The logged-in user's tokens (without secrets)",
  }, async (req, res) => {
    const includeRevoked = req.valid.query.include_revoked === 'true' || req.valid.query.include_revoked === '1';
    res.json({ items: await (await base()).listTokens(req.hubUser!.id, { includeRevoked }) });
  });

  hostRoute(router, {
    ...api.createToken, access: 'user', tags, summary: 'Create a personal API token; the token is shown once',
  }, async (req, res) => {
    const { name, expiresInDays } = req.valid.body;
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
    res.status(201).json(await (await base()).issueToken(req.hubUser!.id, { kind: 'personal', name, expiresAt }));
  });

  hostRoute(router, {
    ...api.revokeToken, access: 'user', tags,
    summary: "Revoke one of your tokens (a superuser may revoke anyone's)",
  }, async (req, res) => {
    const user = req.hubUser!;
    const done = await (await base()).revokeToken(req.valid.params.id, user.isSuperuser ? {} : { userId: user.id });
    if (!done) throw new HubError('HUB_TOKEN_NOT_FOUND', `No active token ${req.valid.params.id} of yours`, { status: 404 });
    res.status(204).end();
  });

  return router;
}
