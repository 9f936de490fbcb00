import type { ModuleListItem } from './api/types';
import { menuTarget } from './runtime/contract';

export interface MenuEntry {
  key: string;
  label: string;
  to: string;
  module: string;
  sequence: number;
}

/** Menu items of installed, enabled modules that have an admin entry, by sequence then label. */
export function moduleMenus(installed: ModuleListItem[], registered: readonly string[], can: (permission: string) => boolean = () => true): MenuEntry[] {
  const out: MenuEntry[] = [];
  for (const m of installed) {
    if (!m.admin || !registered.includes(m.name)) continue;
    for (const item of m.menus ?? []) {
      if (item.permission && !can(item.permission)) continue;
      const to = menuTarget(m.name, item.path);
      out.push({ key: `${m.name}:${to}`, label: item.name, to, module: m.name, sequence: item.sequence ?? 100 });
    }
  }
  return out.sort((a, b) => a.sequence - b.sequence || a.label.localeCompare(b.label));
}
