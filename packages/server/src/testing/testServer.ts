// HTTP test helpers for module packages: the real server over a test hub, a superuser, and a tiny
// fetch client. Module tests import them from @hub/server/testing.
import { createServer, type HubServer } from '../createServer.js';
import type { Hub } from '@hub/core';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };

export interface Answer { status: number; body: any }
export type Call = (method: string, path: string, options?: { token?: string; body?: unknown }) => Promise<Answer>;

export async function startServer(hub: Hub, env: Record<string, string> = {}): Promise<{ server: HubServer; call: Call; admin: string; login: (email: string, password: string) => Promise<string> }> {
  const server = await createServer({ hub, port: 0, admin: ADMIN, env, logger: { level: 'silent' }, defaultMetrics: false });
  const { url } = await server.listen();
  const call: Call = async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url + path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const login = async (email: string, password: string) => {
    const r = await call('POST', '/api/v1/auth/login', { body: { email, password } });
    if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.token as string;
  };
  return { server, call, admin: await login(ADMIN.email, ADMIN.password), login };
}

/** Creates a user whose only role grants `permissions`, and logs her in. */
export async function userWith(call: Call, admin: string, login: (e: string, p: string) => Promise<string>, email: string, permissions: string[]): Promise<string> {
  const role = await call('POST', '/api/v1/base/roles', { token: admin, body: { name: `role-${email}`, permissions } });
  if (role.status !== 201) throw new Error(`role: ${role.status} ${JSON.stringify(role.body)}`);
  const user = await call('POST', '/api/v1/base/users', { token: admin, body: { email, password: 'user-password-1', name: email } });
  if (user.status !== 201) throw new Error(`user: ${user.status} ${JSON.stringify(user.body)}`);
  const roles = await call('PUT', `/api/v1/base/users/${user.body.id}/roles`, { token: admin, body: { roleIds: [role.body.id] } });
  if (roles.status !== 200) throw new Error(`roles: ${roles.status} ${JSON.stringify(roles.body)}`);
  return login(email, 'user-password-1');
}

/** Installs a module through the manager API and throws unless it succeeded. */
export async function install(call: Call, admin: string, name: string): Promise<any> {
  const r = await call('POST', `/api/v1/modules/install/${name}`, { token: admin });
  if (r.status !== 200) throw new Error(`install ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.operation;
}
