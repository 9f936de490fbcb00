// @hub/module-base: users, roles, permissions, API tokens and settings. Always installed.
import { defineModule, z } from '@hub/kit';
import * as schema from './schema.js';
import { createBaseServices, type BaseServices } from './services.js';
import { createBaseRoutes } from './routes.js';

/** Reading the host's module manager: plans, schema status and history, backups, operations, audit. */
export const MODULES_READ_PERMISSION = 'base.modules.read';

export const BASE_PERMISSIONS = [
  MODULES_READ_PERMISSION,
  'base.users.read', 'base.users.write',
  'base.roles.read', 'base.roles.write',
  'base.settings.read', 'base.settings.write',
] as const;

const config = z.object({
  /** Lifetime of a login token in hours (MODULES__BASE__SESSION_TTL_HOURS). */
  sessionTtlHours: z.coerce.number().positive().default(12),
});

export default defineModule({
  name: 'base',
  summary: 'Users, roles, permissions, API tokens and settings',
  description: 'The module every hub has: who may log in, what they may do, and host-wide settings.',
  category: 'Technical',
  application: false,
  schema,
  // Even a module that depends on base never reads these (its role gets the other columns only).
  access: { secrets: ['users.password_hash', 'api_tokens.token_hash'] },
  config,
  services: (ctx) => createBaseServices(ctx),
  routes: (ctx) => {
    let services: BaseServices | undefined;
    // Its own services through the host, so wrappers of dependent modules apply; built directly
    // if the host does not hand a module its own services.
    const own = (): BaseServices => {
      try { return ctx.module<BaseServices>('base'); } catch { return createBaseServices(ctx); }
    };
    return createBaseRoutes(ctx, () => (services ??= own()));
  },
  apiPrefix: '/api/v1/base',
  tags: ['Base'],
  permissions: [...BASE_PERMISSIONS],
  menus: [
    { name: 'Users', path: '/users', icon: 'users', sequence: 900, permission: 'base.users.read' },
    { name: 'Roles', path: '/roles', icon: 'shield', sequence: 910, permission: 'base.roles.read' },
    { name: 'My account', path: '/account', icon: 'user', sequence: 990 },
  ],
  // Its views (users, roles, own account and tokens) load at run time like any module's.
  admin: './dist/admin/index.js',
});

export * as schema from './schema.js';
export { users, roles, rolePermissions, userRoles, apiTokens, settings, baseSchema } from './schema.js';
export { createBaseServices, hashToken } from './services.js';
export { AUTH_CHANNEL, onAuthChanged, emitAuthChanged } from './authEvents.js';
export { isValidEmail, normalizeEmail } from './email.js';
export type {
  BaseServices, BaseUser, NewUser, UserPatch, TokenInfo, TokenKind, IssuedToken, TokenSession, RoleInfo, BaseSchema,
} from './services.js';

declare module '@hub/kit' {
  interface HubModuleServices {
    base: BaseServices;
  }
}
