import type { ModuleInfo } from './api/types';

export interface AppsFilter {
  installedOnly?: boolean;
  applicationOnly?: boolean;
  category?: string | null;
  search?: string;
}

/** The Apps page's filters, applied in the browser (the list is small and filtering is instant). */
export function filterModules(list: ModuleInfo[], f: AppsFilter): ModuleInfo[] {
  const q = (f.search ?? '').trim().toLowerCase();
  return list
    .filter((m) => !f.installedOnly || m.state === 'installed')
    .filter((m) => !f.applicationOnly || m.application)
    .filter((m) => !f.category || (m.category ?? 'Uncategorized') === f.category)
    .filter((m) => !q || [m.name, m.summary, m.description, m.packageName, m.category].some((s) => s?.toLowerCase().includes(q)))
    .sort((a, b) => Number(b.application) - Number(a.application) || a.name.localeCompare(b.name));
}

export function categoriesOf(list: ModuleInfo[]): string[] {
  return [...new Set(list.map((m) => m.category ?? 'Uncategorized'))].sort();
}
