// What the module list shows a user who may not read the module manager: the installed, mounted
// modules she can use (she holds one of their permissions, or they declare none, or one of their
// menus needs no permission), each with only the menus she may open. Readers of the manager (and
// superusers) see every module and every menu.
import { hasPermission, type HubUser, type ModuleMenu } from '@hub/kit';
import { readsManager } from '../auth/guards.js';

interface Listed { name: string; state: string; mounted: boolean; menus?: ModuleMenu[]; permissions?: string[] }

export function menusFor(user: HubUser | undefined, menus: ModuleMenu[]): ModuleMenu[] {
  return menus.filter((m) => !m.permission || hasPermission(user, m.permission));
}

/** The item as this user may see it, or undefined when it is not hers to see. */
export function visibleItem<T extends Listed>(user: HubUser | undefined, item: T): T | undefined {
  if (readsManager(user)) return item;
  if (item.state !== 'installed' || !item.mounted) return undefined;
  const menus = menusFor(user, item.menus ?? []);
  const permissions = item.permissions ?? [];
  const usable = permissions.length === 0 || permissions.some((p) => hasPermission(user, p)) || menus.length > 0;
  return usable ? { ...item, menus } : undefined;
}
