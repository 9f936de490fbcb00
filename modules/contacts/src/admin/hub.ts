// What the admin app provides to every module view (inject('hub')): see tooling/admin-preset.
import { inject } from 'vue';

export interface HubAdmin {
  module: string;
  /** Where this module's pages are mounted, e.g. '/m/contacts'. */
  basePath: string;
  /** fetch() against the hub with the signed-in user's token; throws with the server's error. */
  api<T = unknown>(path: string, init?: RequestInit): Promise<T>;
  /** Whether the signed-in user has a permission (to hide what the server would refuse). */
  can(permission: string): boolean;
}

export function useHub(): HubAdmin {
  const hub = inject<HubAdmin>('hub');
  if (!hub) throw new Error('contacts admin views must run inside the Hub admin app');
  return hub;
}

export const json = (method: string, body: unknown): RequestInit => ({
  method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' },
});

/** The server's 400 field errors ({ details: { fields: [{ path, message }] } }) by field name. */
export function fieldErrors(e: unknown): Record<string, string> {
  const fields = (e as { details?: { fields?: { path: string; message: string }[] } })?.details?.fields ?? [];
  return Object.fromEntries(fields.map((f) => [f.path, f.message]));
}

export const message = (e: unknown) => (e as Error)?.message ?? String(e);
