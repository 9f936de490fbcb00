// The module admin entry contract (documented in tooling/admin-preset/README.md).
import type { App, InjectionKey } from 'vue';
import type { RouteRecordRaw, Router } from 'vue-router';

export interface AdminContext {
  module: string;
  basePath: string;
  api<T = unknown>(path: string, init?: RequestInit): Promise<T>;
  router: Router;
  /** Whether the signed-in user has the permission (superusers have all): to hide what the server would refuse. */
  can(permission: string): boolean;
}

export interface AdminEntry {
  routes?: RouteRecordRaw[];
  install?(app: App, ctx: AdminContext): void | Promise<void>;
}

/** Views of a module inject('hub') to get their AdminContext. */
export const HubContextKey = 'hub' as unknown as InjectionKey<AdminContext>;

export function moduleBase(name: string) {
  return `/m/${name}`;
}

/** Menu path of a manifest → admin path: relative to /m/<module> unless it already starts with it. */
export function menuTarget(module: string, path: string | undefined): string {
  const base = moduleBase(module);
  const p = (path ?? '').trim();
  if (p === base || p.startsWith(`${base}/`)) return p;
  if (!p || p === '/') return base;
  return `${base}/${p.replace(/^\/+/, '')}`;
}

export function checkEntry(mod: unknown, name: string): AdminEntry {
  const entry = (mod && typeof mod === 'object' && 'default' in mod ? (mod as { default: unknown }).default : mod) as AdminEntry;
  if (!entry || typeof entry !== 'object') throw new Error(`The admin entry of "${name}" has no default export object ({ routes } or { install }).`);
  if (entry.routes !== undefined && !Array.isArray(entry.routes)) throw new Error(`The admin entry of "${name}" exports "routes" that is not an array.`);
  if (!entry.routes && typeof entry.install !== 'function') throw new Error(`The admin entry of "${name}" exports neither "routes" nor "install(app, ctx)".`);
  return entry;
}
