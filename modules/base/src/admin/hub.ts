// What the admin app provides to every module view (inject('hub')): see tooling/admin-preset.
import { inject } from 'vue';

export interface HubAdmin {
  module: string;
  basePath: string;
  api<T = unknown>(path: string, init?: RequestInit): Promise<T>;
  can(permission: string): boolean;
}

export function useHub(): HubAdmin {
  const hub = inject<HubAdmin>('hub');
  if (!hub) throw new Error('base admin views must run inside the Hub admin app');
  return hub;
}

export const json = (method: string, body: unknown): RequestInit => ({
  method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' },
});

export const message = (e: unknown) => (e as Error)?.message ?? String(e);

/** The server's 400 field errors by field name. */
export function fieldErrors(e: unknown): Record<string, string> {
  const fields = (e as { details?: { fields?: { path: string; message: string }[] } })?.details?.fields ?? [];
  return Object.fromEntries(fields.map((f) => [f.path, f.message]));
}

export interface User { id: number; email: string; name: string | null; isSuperuser: boolean; isActive: boolean; createdAt: string }
export interface Role { id: number; name: string; description: string | null; permissions: string[] }
export interface Token {
  id: number; userId: number; name: string; prefix: string; kind: 'session' | 'personal';
  createdAt: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null;
}

export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
