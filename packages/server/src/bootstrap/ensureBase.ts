// First start of a hub: install base if needed, and make a superuser if there is none.
import { randomBytes } from 'node:crypto';
import { HubError, isHubError } from '@hub/kit';
import type { Hub } from '@hub/core';
import { isValidEmail, type BaseServices } from '@hub/module-base';
import type { Logger } from 'pino';

export interface AdminBootstrap {
  /** True when this start created (or promoted) the first superuser. */
  created: boolean;
  email?: string;
  /** Only when created: the password to print once (generated when HUB_ADMIN_PASSWORD was not set). */
  password?: string;
  generated?: boolean;
}

export async function ensureBaseInstalled(hub: Hub, logger: Logger): Promise<void> {
  let info;
  try {
    info = await hub.get('base');
  } catch (err) {
    if (isHubError(err) && err.code === 'HUB_MODULE_NOT_FOUND') {
      throw new HubError('HUB_BASE_MISSING', 'The base module (@hub/module-base) is not among the host\'s modules', {
        status: 500, hint: 'Add "@hub/module-base" to the dependencies of the host package.json and install it.', cause: err,
      });
    }
    throw err;
  }
  if (info.state === 'installed' && info.enabled) return;
  const action = info.state === 'installed' ? 'enable' : 'install';
  logger.info(`base is not ${action === 'install' ? 'installed' : 'enabled'}: doing it now`);
  try {
    await hub.apply({ action, modules: ['base'] }, { actor: 'server' });
  } catch (err) {
    // Another instance may have done it at the same time.
    const now = await hub.get('base');
    if (!(now.state === 'installed' && now.enabled)) throw err;
  }
}

export async function ensureSuperuser(base: BaseServices, env: Record<string, string | undefined>, logger: Logger,
  given: { email?: string; password?: string } = {}): Promise<AdminBootstrap> {
  if ((await base.countSuperusers()) > 0) return { created: false };
  const email = (given.email || env.HUB_ADMIN_EMAIL || 'admin@hub.local').trim().toLowerCase();
  // The same rule as every user base makes (POST /users): refused here before anything is written.
  if (!isValidEmail(email)) {
    throw new HubError('HUB_EMAIL_INVALID', `The first admin's email "${email}" (HUB_ADMIN_EMAIL) is not an email address`, {
      status: 400, hint: 'Set HUB_ADMIN_EMAIL to an address like admin@example.com (the domain needs a dot and a top-level name of two letters or more).',
    });
  }
  const chosen = given.password || env.HUB_ADMIN_PASSWORD || undefined;
  const password = chosen ?? randomBytes(12).toString('base64url');
  const existing = await base.findUserByEmail(email);
  try {
    if (existing) await base.updateUser(existing.id, { isSuperuser: true, isActive: true, password });
    else await base.createUser({ email, password, name: 'Administrator', isSuperuser: true });
  } catch (err) {
    if (isHubError(err) && err.code === 'HUB_USER_EXISTS' && (await base.countSuperusers()) > 0) return { created: false };
    throw err;
  }
  logger.info({ email }, 'created the first superuser');
  return { created: true, email, password, generated: chosen === undefined };
}
