// The HTTP calls of base's views, one small function each (host routes under /api/v1/auth, base's
// own under /api/v1/base).
import { json, type HubAdmin, type Role, type Token, type User } from './hub';

export const baseApi = (hub: HubAdmin) => ({
  users: (q: { limit: number; offset: number; search?: string }) => {
    const p = new URLSearchParams({ limit: String(q.limit), offset: String(q.offset) });
    if (q.search) p.set('search', q.search);
    return hub.api<{ items: User[] }>(`/api/v1/base/users?${p}`);
  },
  user: (id: number) => hub.api<User & { roles: Role[] }>(`/api/v1/base/users/${id}`),
  createUser: (body: { email: string; name?: string | null; password?: string; roleIds?: number[] }) => hub.api<User>('/api/v1/base/users', json('POST', body)),
  updateUser: (id: number, patch: Partial<Pick<User, 'email' | 'name' | 'isActive' | 'isSuperuser'>> & { password?: string }) =>
    hub.api<User>(`/api/v1/base/users/${id}`, json('PATCH', patch)),
  setRoles: (id: number, roleIds: number[]) => hub.api<{ roles: Role[] }>(`/api/v1/base/users/${id}/roles`, json('PUT', { roleIds })),
  roles: () => hub.api<{ items: Role[] }>('/api/v1/base/roles'),
  createRole: (body: { name: string; description?: string | null; permissions: string[] }) => hub.api<Role>('/api/v1/base/roles', json('POST', body)),
  updateRole: (id: number, patch: { name?: string; description?: string | null; permissions?: string[] }) => hub.api<Role>(`/api/v1/base/roles/${id}`, json('PATCH', patch)),
  deleteRole: (id: number) => hub.api(`/api/v1/base/roles/${id}`, { method: 'DELETE' }),
  /** Permissions each installed module declares (the module list carries them for mounted modules). */
  declared: async () => (await hub.api<{ items: { name: string; state: string; permissions?: string[] }[] }>('/api/v1/modules/?installed_only=true')).items
    .filter((m) => m.permissions?.length).map((m) => ({ module: m.name, permissions: m.permissions! })),
  me: () => hub.api<{ user: { id: number; email: string; name?: string | null; isSuperuser: boolean; permissions: string[] }; tokenId: number }>('/api/v1/auth/me'),
  updateMe: (patch: { name: string | null }) => hub.api<User>('/api/v1/base/me', json('PATCH', patch)),
  changePassword: (currentPassword: string, newPassword: string) => hub.api('/api/v1/base/me/password', json('POST', { currentPassword, newPassword })),
  tokens: () => hub.api<{ items: Token[] }>('/api/v1/auth/tokens'),
  createToken: (name: string, expiresInDays?: number) => hub.api<{ token: string; info: Token }>('/api/v1/auth/tokens', json('POST', { name, expiresInDays })),
  revokeToken: (id: number) => hub.api(`/api/v1/auth/tokens/${id}`, { method: 'DELETE' }),
});
