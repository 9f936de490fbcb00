// Authentication and user/role/settings services of the base module. Reached by the host and by
// other modules through ctx.module('base').
import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { and, asc, count, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { HubError, type HubUser, type ModuleContext } from '@hub/kit';
import * as schema from './schema.js';
import { apiTokens, rolePermissions, roles, settings, userRoles, users } from './schema.js';
import { AUTH_CHANNEL, emitAuthChanged } from './authEvents.js';
import { isValidEmail, normalizeEmail } from './email.js';

export type BaseSchema = typeof schema;

export interface BaseUser {
  id: number;
  email: string;
  name: string | null;
  isSuperuser: boolean;
  isActive: boolean;
  createdAt: string;
}

export interface NewUser {
  email: string;
  name?: string | null;
  /** Plain password, hashed with bcrypt. Omit for a user who cannot log in with a password. */
  password?: string;
  isSuperuser?: boolean;
  isActive?: boolean;
}

export interface UserPatch {
  email?: string;
  name?: string | null;
  password?: string;
  isSuperuser?: boolean;
  isActive?: boolean;
}

export type TokenKind = 'session' | 'personal';

export interface TokenInfo {
  id: number;
  userId: number;
  name: string;
  /** First characters of the token, for display ("hub_AbC1…"). */
  prefix: string;
  kind: TokenKind;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface IssuedToken {
  /** The bearer token. Shown once; only its sha256 is stored. */
  token: string;
  info: TokenInfo;
}

/** What a valid bearer token stands for. */
export interface TokenSession {
  user: HubUser;
  tokenId: number;
  kind: TokenKind;
  expiresAt: string | null;
}

export interface RoleInfo {
  id: number;
  name: string;
  description: string | null;
  permissions: string[];
}

export interface BaseServices {
  createUser(input: NewUser): Promise<BaseUser>;
  /**
   * Changes a user. A new password revokes the user's login sessions (personal API tokens stay),
   * except the session `keepSession` names (the one changing its own password).
   */
  updateUser(id: number, patch: UserPatch, options?: { keepSession?: number }): Promise<BaseUser>;
  deleteUser(id: number): Promise<void>;
  getUser(id: number): Promise<BaseUser>;
  findUserByEmail(email: string): Promise<BaseUser | null>;
  listUsers(query?: { limit?: number; offset?: number; search?: string }): Promise<BaseUser[]>;
  countUsers(): Promise<number>;
  countSuperusers(): Promise<number>;
  /** The active user with this email and password, or null. Takes the same time either way. */
  verifyPassword(email: string, password: string): Promise<BaseUser | null>;
  /** Permissions the user has through roles (superusers have all, reported as their role permissions). */
  userPermissions(userId: number): Promise<string[]>;
  toHubUser(user: BaseUser): Promise<HubUser>;

  issueToken(userId: number, options: { kind: TokenKind; name?: string; expiresAt?: Date | null }): Promise<IssuedToken>;
  /** Throws HubError 401 (HUB_TOKEN_INVALID, HUB_TOKEN_REVOKED, HUB_TOKEN_EXPIRED, HUB_USER_INACTIVE). */
  verifyToken(token: string): Promise<TokenSession>;
  /** Revokes a token; with userId, only one of that user's. False when there was nothing to revoke. */
  revokeToken(id: number, options?: { userId?: number }): Promise<boolean>;
  listTokens(userId: number, options?: { includeRevoked?: boolean }): Promise<TokenInfo[]>;

  listRoles(): Promise<RoleInfo[]>;
  getRole(id: number): Promise<RoleInfo>;
  createRole(input: { name: string; description?: string | null; permissions?: string[] }): Promise<RoleInfo>;
  updateRole(id: number, patch: { name?: string; description?: string | null; permissions?: string[] }): Promise<RoleInfo>;
  deleteRole(id: number): Promise<void>;
  getUserRoles(userId: number): Promise<RoleInfo[]>;
  setUserRoles(userId: number, roleIds: number[]): Promise<void>;

  getSetting<T = unknown>(key: string): Promise<T | undefined>;
  setSetting(key: string, value: unknown): Promise<void>;
  listSettings(): Promise<Record<string, unknown>>;
}

const TOKEN_PREFIX = 'hub_';
const BCRYPT_ROUNDS = 10;
// Compared against when the email is unknown, so both paths cost one bcrypt comparison.
const DUMMY_HASH = '$2b$10$FxmuHuDtyVBffW4kKtgaTOzGWKxc0pQulOd5.tsE.KQI0Dy4Df.ja';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const iso = (d: Date | string | null | undefined): string | null => (d == null ? null : new Date(d).toISOString());

function toUser(row: typeof users.$inferSelect): BaseUser {
  return { id: row.id, email: row.email, name: row.name, isSuperuser: row.isSuperuser, isActive: row.isActive, createdAt: iso(row.createdAt)! };
}

function toToken(row: typeof apiTokens.$inferSelect): TokenInfo {
  return {
    id: row.id, userId: row.userId, name: row.name, prefix: row.prefix, kind: row.kind as TokenKind,
    createdAt: iso(row.createdAt)!, expiresAt: iso(row.expiresAt), lastUsedAt: iso(row.lastUsedAt), revokedAt: iso(row.revokedAt),
  };
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

const unauthorized = (code: string, message: string) =>
  new HubError(code, message, { status: 401, hint: 'Log in again (POST /api/v1/auth/login) or create a new API token.' });

function checkedEmail(email: string): string {
  if (!isValidEmail(email)) {
    throw new HubError('HUB_EMAIL_INVALID', `"${String(email)}" is not an email address`, {
      status: 400, module: 'base', hint: 'Give an address like name@example.com (the domain needs a dot and a top-level name of two letters or more).',
    });
  }
  return normalizeEmail(email);
}

export function createBaseServices(ctx: ModuleContext<BaseSchema, { sessionTtlHours?: number }>): BaseServices {
  const db = ctx.db;

  /** After a change to who may do what: tell this process now, other instances after commit. */
  async function authChanged(): Promise<void> {
    emitAuthChanged();
    try { await db.execute(sql`select pg_notify(${AUTH_CHANNEL}, '')`); } catch (err) {
      ctx.logger.warn(`could not notify ${AUTH_CHANNEL}: ${(err as Error).message}`);
    }
  }

  // The two queries of every authenticated list request, built once.
  const tokenQuery = db.select({
    token: apiTokens,
    user: users,
    permissions: sql<string[] | null>`(select array_agg(distinct rp.permission order by rp.permission) from base.user_roles ur
      join base.role_permissions rp on rp.role_id = ur.role_id where ur.user_id = ${users.id})`,
  }).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, sql.placeholder('hash'))).prepare('base_verify_token');
  const listUsersQuery = db.select().from(users).orderBy(asc(users.id))
    .limit(sql.placeholder('limit')).offset(sql.placeholder('offset')).prepare('base_list_users');

  async function getUserRow(id: number) {
    const [row] = await db.select().from(users).where(eq(users.id, id));
    if (!row) throw new HubError('HUB_USER_NOT_FOUND', `User ${id} does not exist`, { status: 404, module: 'base' });
    return row;
  }

  async function rolesWithPermissions(roleRows: (typeof roles.$inferSelect)[]): Promise<RoleInfo[]> {
    if (roleRows.length === 0) return [];
    const perms = await db.select().from(rolePermissions).where(inArray(rolePermissions.roleId, roleRows.map((r) => r.id)));
    return roleRows.map((r) => ({
      id: r.id, name: r.name, description: r.description,
      permissions: perms.filter((p) => p.roleId === r.id).map((p) => p.permission).sort(),
    }));
  }

  async function setRolePermissions(tx: typeof db, roleId: number, permissions: string[]) {
    await tx.delete(rolePermissions).where(eq(rolePermissions.roleId, roleId));
    const unique = [...new Set(permissions)];
    if (unique.length > 0) await tx.insert(rolePermissions).values(unique.map((permission) => ({ roleId, permission })));
  }

  const services: BaseServices = {
    async createUser(input) {
      const email = checkedEmail(input.email);
      const passwordHash = input.password ? await bcrypt.hash(input.password, BCRYPT_ROUNDS) : null;
      try {
        const [row] = await db.insert(users).values({
          email, name: input.name ?? null, passwordHash, isSuperuser: input.isSuperuser ?? false, isActive: input.isActive ?? true,
        }).returning();
        return toUser(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw new HubError('HUB_USER_EXISTS', `A user with email "${email}" already exists`, { status: 409, module: 'base' });
        throw err;
      }
    },

    async updateUser(id, patch, options = {}) {
      await getUserRow(id);
      const values: Partial<typeof users.$inferInsert> = {};
      if (patch.email !== undefined) values.email = checkedEmail(patch.email);
      if (patch.name !== undefined) values.name = patch.name;
      if (patch.isSuperuser !== undefined) values.isSuperuser = patch.isSuperuser;
      if (patch.isActive !== undefined) values.isActive = patch.isActive;
      if (patch.password !== undefined) values.passwordHash = await bcrypt.hash(patch.password, BCRYPT_ROUNDS);
      if (Object.keys(values).length === 0) return toUser(await getUserRow(id));
      try {
        const row = await db.transaction(async (tx) => {
          const [updated] = await tx.update(users).set(values).where(eq(users.id, id)).returning();
          // Whoever knew the old password must sign in again: its login sessions end with it.
          if (values.passwordHash !== undefined) {
            const sessions = and(eq(apiTokens.userId, id), eq(apiTokens.kind, 'session'), isNull(apiTokens.revokedAt));
            await tx.update(apiTokens).set({ revokedAt: new Date() })
              .where(options.keepSession === undefined ? sessions : and(sessions, sql`${apiTokens.id} <> ${options.keepSession}`));
          }
          return updated;
        });
        await authChanged();
        return toUser(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw new HubError('HUB_USER_EXISTS', `A user with email "${values.email}" already exists`, { status: 409, module: 'base' });
        throw err;
      }
    },

    async deleteUser(id) {
      await getUserRow(id);
      await db.delete(users).where(eq(users.id, id));
      await authChanged();
    },

    async getUser(id) {
      return toUser(await getUserRow(id));
    },

    async findUserByEmail(email) {
      const [row] = await db.select().from(users).where(eq(users.email, normalizeEmail(email)));
      return row ? toUser(row) : null;
    },

    async listUsers(query = {}) {
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
      if (!query.search) return (await listUsersQuery.execute({ limit, offset: query.offset ?? 0 })).map(toUser);
      const where = or(ilike(users.email, `%${query.search}%`), ilike(users.name, `%${query.search}%`));
      const rows = await db.select().from(users).where(where).orderBy(asc(users.id)).limit(limit).offset(query.offset ?? 0);
      return rows.map(toUser);
    },

    async countUsers() {
      const [row] = await db.select({ n: count() }).from(users);
      return Number(row.n);
    },

    async countSuperusers() {
      const [row] = await db.select({ n: count() }).from(users).where(and(eq(users.isSuperuser, true), eq(users.isActive, true)));
      return Number(row.n);
    },

    async verifyPassword(email, password) {
      const [row] = await db.select().from(users).where(eq(users.email, normalizeEmail(email)));
      const ok = await bcrypt.compare(password, row?.passwordHash ?? DUMMY_HASH);
      return ok && row && row.passwordHash && row.isActive ? toUser(row) : null;
    },

    async userPermissions(userId) {
      const rows = await db.selectDistinct({ permission: rolePermissions.permission })
        .from(userRoles).innerJoin(rolePermissions, eq(rolePermissions.roleId, userRoles.roleId))
        .where(eq(userRoles.userId, userId));
      return rows.map((r) => r.permission).sort();
    },

    async toHubUser(user) {
      return { id: user.id, email: user.email, name: user.name, isSuperuser: user.isSuperuser, permissions: await services.userPermissions(user.id) };
    },

    async issueToken(userId, options) {
      await getUserRow(userId);
      const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const ttlHours = ctx.config?.sessionTtlHours ?? 12;
      const expiresAt = options.expiresAt !== undefined ? options.expiresAt
        : options.kind === 'session' ? new Date(Date.now() + ttlHours * 3_600_000) : null;
      const [row] = await db.insert(apiTokens).values({
        userId, name: options.name ?? (options.kind === 'session' ? 'login' : 'api token'), tokenHash: hashToken(token),
        prefix: token.slice(0, TOKEN_PREFIX.length + 6), kind: options.kind, expiresAt,
      }).returning();
      return { token, info: toToken(row) };
    },

    async verifyToken(token) {
      if (typeof token !== 'string' || !token.startsWith(TOKEN_PREFIX)) throw unauthorized('HUB_TOKEN_INVALID', 'The bearer token is not valid');
      const [row] = await tokenQuery.execute({ hash: hashToken(token) });
      if (!row) throw unauthorized('HUB_TOKEN_INVALID', 'The bearer token is not valid');
      if (row.token.revokedAt) throw unauthorized('HUB_TOKEN_REVOKED', 'The bearer token has been revoked');
      const now = Date.now();
      if (row.token.expiresAt && new Date(row.token.expiresAt).getTime() <= now) throw unauthorized('HUB_TOKEN_EXPIRED', 'The bearer token has expired');
      if (!row.user.isActive) throw unauthorized('HUB_USER_INACTIVE', 'The user of this token is deactivated');
      // last_used_at is informative: written at most once a minute per token, without waiting.
      const last = row.token.lastUsedAt ? new Date(row.token.lastUsedAt).getTime() : 0;
      if (now - last > 60_000) {
        db.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(apiTokens.id, row.token.id))
          .catch((err: unknown) => ctx.logger.warn(`could not record token use: ${(err as Error).message}`));
      }
      const permissions = row.user.isSuperuser ? [] : (row.permissions ?? []);
      return {
        user: { id: row.user.id, email: row.user.email, name: row.user.name, isSuperuser: row.user.isSuperuser, permissions },
        tokenId: row.token.id, kind: row.token.kind as TokenKind, expiresAt: iso(row.token.expiresAt),
      };
    },

    async revokeToken(id, options = {}) {
      const where = options.userId === undefined
        ? and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))
        : and(eq(apiTokens.id, id), eq(apiTokens.userId, options.userId), isNull(apiTokens.revokedAt));
      const rows = await db.update(apiTokens).set({ revokedAt: new Date() }).where(where).returning({ id: apiTokens.id });
      if (rows.length > 0) await authChanged();
      return rows.length > 0;
    },

    async listTokens(userId, options = {}) {
      const where = options.includeRevoked ? eq(apiTokens.userId, userId) : and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt));
      const rows = await db.select().from(apiTokens).where(where).orderBy(asc(apiTokens.id));
      return rows.map(toToken);
    },

    async listRoles() {
      return rolesWithPermissions(await db.select().from(roles).orderBy(asc(roles.name)));
    },

    async getRole(id) {
      const rows = await db.select().from(roles).where(eq(roles.id, id));
      if (rows.length === 0) throw new HubError('HUB_ROLE_NOT_FOUND', `Role ${id} does not exist`, { status: 404, module: 'base' });
      return (await rolesWithPermissions(rows))[0];
    },

    async createRole(input) {
      try {
        const id = await db.transaction(async (tx) => {
          const [row] = await tx.insert(roles).values({ name: input.name, description: input.description ?? null }).returning();
          await setRolePermissions(tx as unknown as typeof db, row.id, input.permissions ?? []);
          return row.id;
        });
        return services.getRole(id);
      } catch (err) {
        if (isUniqueViolation(err)) throw new HubError('HUB_ROLE_EXISTS', `A role named "${input.name}" already exists`, { status: 409, module: 'base' });
        throw err;
      }
    },

    async updateRole(id, patch) {
      await services.getRole(id);
      await db.transaction(async (tx) => {
        const values: Partial<typeof roles.$inferInsert> = {};
        if (patch.name !== undefined) values.name = patch.name;
        if (patch.description !== undefined) values.description = patch.description;
        if (Object.keys(values).length > 0) await tx.update(roles).set(values).where(eq(roles.id, id));
        if (patch.permissions) await setRolePermissions(tx as unknown as typeof db, id, patch.permissions);
      });
      await authChanged();
      return services.getRole(id);
    },

    async deleteRole(id) {
      await services.getRole(id);
      await db.delete(roles).where(eq(roles.id, id));
      await authChanged();
    },

    async getUserRoles(userId) {
      const rows = await db.select({ role: roles }).from(userRoles).innerJoin(roles, eq(roles.id, userRoles.roleId))
        .where(eq(userRoles.userId, userId)).orderBy(asc(roles.name));
      return rolesWithPermissions(rows.map((r) => r.role));
    },

    async setUserRoles(userId, roleIds) {
      await getUserRow(userId);
      const unique = [...new Set(roleIds)];
      if (unique.length > 0) {
        const found = await db.select({ id: roles.id }).from(roles).where(inArray(roles.id, unique));
        const missing = unique.filter((id) => !found.some((r) => r.id === id));
        if (missing.length) throw new HubError('HUB_ROLE_NOT_FOUND', `Roles ${missing.join(', ')} do not exist`, { status: 404, module: 'base' });
      }
      await db.transaction(async (tx) => {
        await tx.delete(userRoles).where(eq(userRoles.userId, userId));
        if (unique.length) await tx.insert(userRoles).values(unique.map((roleId) => ({ userId, roleId })));
      });
      await authChanged();
    },

    async getSetting<T>(key: string) {
      const [row] = await db.select().from(settings).where(eq(settings.key, key));
      return row ? (row.value as T) : undefined;
    },

    async setSetting(key, value) {
      await db.insert(settings).values({ key, value: value as object, updatedAt: new Date() })
        .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` } });
    },

    async listSettings() {
      const rows = await db.select().from(settings).orderBy(asc(settings.key));
      return Object.fromEntries(rows.map((r) => [r.key, r.value]));
    },
  };
  return services;
}
