import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { useServices } from '../services';
import type { HubUser } from '../api/types';

/** The permission base declares for reading the module manager (the server sends the user's permissions). */
export const MODULES_READ_PERMISSION = 'base.modules.read';

/** The signed-in user. The token itself lives in localStorage (the API client reads it). */
export const useSession = defineStore('session', () => {
  const { api, client } = useServices();
  const user = ref<HubUser | null>(null);
  const expiresAt = ref<string | null>(null);
  /** Shown on the login page: why the person is there (e.g. "Your session expired"). */
  const notice = ref<string | null>(null);
  const loggedIn = computed(() => !!client.getToken());
  const isSuperuser = computed(() => user.value?.isSuperuser === true);

  /** Menu filtering only; the server enforces permissions. */
  function can(permission: string): boolean {
    const u = user.value;
    if (!u) return false;
    if (isSuperuser.value) return true;
    return u.permissions.includes(permission) || u.permissions.includes('*');
  }

  /** Reading the module manager (plans, schema, backups, operations, audit): what base's right allows. */
  const readsManager = computed(() => !!user.value && can(MODULES_READ_PERMISSION));

  // When the token's expiry is known, leave for the login page at that moment instead of waiting
  // for the next request to be refused (the 401 path handles the rest).
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  const onExpiry: Array<() => void> = [];
  function watchExpiry() {
    clearTimeout(expiryTimer);
    const at = expiresAt.value ? Date.parse(expiresAt.value) : NaN;
    if (!Number.isFinite(at)) return;
    const ms = Math.min(Math.max(at - Date.now(), 0), 2 ** 31 - 1);
    expiryTimer = setTimeout(() => { if (client.getToken()) { expired(); onExpiry.forEach((f) => f()); } }, ms);
  }

  async function login(email: string, password: string) {
    const r = await api.login(email, password);
    client.setToken(r.token);
    user.value = r.user;
    expiresAt.value = r.expiresAt;
    notice.value = null;
    watchExpiry();
  }

  /** Loads the user of a stored token; false when there is none or it is refused. */
  async function restore(): Promise<boolean> {
    if (!client.getToken()) return false;
    if (user.value) return true;
    user.value = await api.me();
    return true;
  }

  async function logout() {
    try { if (client.getToken()) await api.logout(); } catch { /* the token is dropped anyway */ }
    client.setToken(null);
    user.value = null;
    clearTimeout(expiryTimer);
    notice.value = 'You are signed out.';
  }

  function expired(message = 'Your session expired. Sign in again.') {
    clearTimeout(expiryTimer);
    client.setToken(null);
    user.value = null;
    notice.value = message;
  }

  return { user, expiresAt, notice, loggedIn, isSuperuser, readsManager, can, onExpiry, login, restore, logout, expired };
});
