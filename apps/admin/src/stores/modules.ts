import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useServices } from '../services';
import type { ModuleListItem } from '../api/types';

/** Every module (Apps page) and the installed ones with their menus and admin entry (runtime). */
export const useModules = defineStore('modules', () => {
  const { api } = useServices();
  const all = ref<ModuleListItem[]>([]);
  /** Installed, enabled modules with their menus and admin entry. */
  const installed = ref<ModuleListItem[]>([]);
  const loading = ref(false);
  const error = ref<unknown>(null);
  const loadedOnce = ref(false);

  let inFlight: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  /**
   * Refetches the list, then the installed modules' details. A caller that asks while a request is
   * in flight gets one that starts after it (shared by everyone who asked meanwhile): the one in
   * flight may have been answered before the change the caller wants to see.
   */
  function refresh(): Promise<void> {
    if (!inFlight) {
      inFlight = doRefresh().finally(() => { inFlight = null; });
      return inFlight;
    }
    next ??= inFlight.catch(() => {}).then(() => { next = null; return refresh(); });
    return next;
  }

  async function doRefresh() {
    loading.value = true;
    try {
      const list = await api.list();
      all.value = list;
      error.value = null;
      loadedOnce.value = true;
      await refreshInstalled(list);
    } catch (e) {
      error.value = e;
      throw e;
    } finally {
      loading.value = false;
    }
  }

  /**
   * Installed, enabled modules. The list carries menus and the admin entry of mounted modules
   * only; for the others (not mounted on this instance) they come from the module's details.
   */
  async function refreshInstalled(list?: ModuleListItem[]) {
    const source = list ?? (await api.list({ installedOnly: true }));
    const active = source.filter((m) => m.state === 'installed' && m.enabled);
    installed.value = await Promise.all(
      active.map(async (m) => {
        if (m.menus !== undefined) return m;
        try {
          const d = await api.get(m.name);
          return { ...m, menus: d.menus, admin: d.admin, permissions: d.permissions };
        } catch { return m; }
      }),
    );
  }

  return { all, installed, loading, error, loadedOnce, refresh, refreshInstalled };
});
