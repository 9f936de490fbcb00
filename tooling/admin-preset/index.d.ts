import type { UserConfig, Plugin } from 'vite';
import type { App } from 'vue';
import type { RouteRecordRaw, Router } from 'vue-router';

export declare const SHARED_DEPENDENCIES: readonly string[];
export declare function inlineCss(): Plugin;
export declare function sharedToUrls(adminBase?: string): Plugin;
export declare function hubAdminPreset(
  options?: { root?: string; entry?: string; outDir?: string; plugins?: Plugin[]; shared?: 'url' | 'bare'; adminBase?: string },
  overrides?: UserConfig,
): UserConfig;
export default hubAdminPreset;

/** What the admin hands a module's admin entry (also provided to every view: inject('hub')). */
export interface AdminContext {
  /** The module's name. */
  module: string;
  /** Where its routes are mounted: '/m/<module>'. */
  basePath: string;
  /** fetch() against the hub with the signed-in user's bearer token; throws on non-2xx with the server's {error, hint}. */
  api<T = unknown>(path: string, init?: RequestInit): Promise<T>;
  router: Router;
  /** Whether the signed-in user has the permission (superusers have all). Hides what the server would refuse; the server still checks. */
  can(permission: string): boolean;
}

/** The default export of a module's admin entry (dist/admin/index.js). */
export interface AdminEntry {
  /** Routes relative to /m/<module>: path '' is the module's home, 'people/:id' → /m/<module>/people/:id. */
  routes?: RouteRecordRaw[];
  /** Optional: called once when the entry is loaded (register components, stores...). */
  install?(app: App, ctx: AdminContext): void | Promise<void>;
}
