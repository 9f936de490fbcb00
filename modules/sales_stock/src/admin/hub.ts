// What the admin app provides to every module view (inject('hub')): see tooling/admin-preset.
import { inject } from 'vue';

export interface HubAdmin {
  module: string;
  /** Where this module's pages are mounted, e.g. '/m/contacts'. */
  basePath: string;
  /** fetch() against the hub with the signed-in user's token; throws with the server's error. */
  api<T = unknown>(path: string, init?: RequestInit): Promise<T>;
}

export function useHub(): HubAdmin {
  const hub = inject<HubAdmin>('hub');
  if (!hub) throw new Error('sales_stock admin views must run inside the Hub admin app');
  return hub;
}

export const json = (method: string, body: unknown): RequestInit => ({
  method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' },
});
