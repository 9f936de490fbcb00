import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useServices } from '../services';
import type { ModuleDetail, ModuleInfo } from '../api/types';

/** Every module (Apps page) and the installed ones with their menus and admin entry (runtime). */
export const useModules = defineStore('modules', () => {
  const { api } = useServices();
  const all = ref<ModuleInfo[]>([]);
  const installed = ref<ModuleDetail[]>([]);
  const loading = ref(false);
  const error = ref<unknown>(null);
  const loadedOnce = ref(false);

  let inFlight: Promise<void> | null = null;
  /** Refetches the list (concurrent callers share one request), then the installed modules' details. */
  function refresh(): Promise<void> {
    inFlight ??= doRefresh().finally(() => { inFlight = null; });
    return inFlight;
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

  /** Details (menus, admin URL) of installed + enabled modules; the list endpoint may not carry them. */
  async function refreshInstalled(list?: ModuleInfo[]) {
    const source = list ?? (await api.list({ installedOnly: true }));
    const active = source.filter((m) => m.state === 'installed' && m.enabled !== false);
    installed.value = await Promise.all(
      active.map(async (m) => {
        const d = m as ModuleDetail;
        if ('menus' in d && 'admin' in d) return d;
        try { return { ...d, ...(await api.get(m.name)) }; } catch { return d; }
      }),
    );
  }

  return { all, installed, loading, error, loadedOnce, refresh, refreshInstalled };
});
