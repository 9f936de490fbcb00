import { describe, expect, it } from 'vitest';
import { layoutNeighbourhood } from './graphLayout';
import { menuTarget, checkEntry } from './runtime/contract';
import { moduleMenus } from './menu';
import type { GraphInfo } from './api/types';

const graph: GraphInfo = {
  nodes: ['base', 'contacts', 'sales', 'sales_stock', 'inventory', 'notes'].map((name) => ({ name, state: 'installed' as const, enabled: true })),
  edges: [
    { from: 'contacts', to: 'base' }, { from: 'sales', to: 'contacts' }, { from: 'sales_stock', to: 'sales' },
    { from: 'sales_stock', to: 'inventory' }, { from: 'inventory', to: 'base' },
  ],
  order: [],
};

describe('dependency graph layout', () => {
  it('keeps the module, its transitive dependencies and dependents, in layers by depth', () => {
    const l = layoutNeighbourhood(graph, 'sales');
    const by = Object.fromEntries(l.nodes.map((n) => [n.name, n]));
    // Not notes (unrelated), nor inventory (a dependency of a dependent, not of sales).
    expect(Object.keys(by).sort()).toEqual(['base', 'contacts', 'sales', 'sales_stock']);
    expect([by.base.layer, by.contacts.layer, by.sales.layer, by.sales_stock.layer]).toEqual([0, 1, 2, 3]);
    expect(by.sales.relation).toBe('focus');
    expect(by.contacts.relation).toBe('dependency');
    expect(by.sales_stock.relation).toBe('dependent');
    expect(l.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(['contacts->base', 'sales->contacts', 'sales_stock->sales']);
    // Arrows run right to left: from a module to what it depends on.
    for (const e of l.edges) expect(e.x1).toBeGreaterThan(e.x2);
  });

  it('survives a cycle and a lone module', () => {
    const cyc: GraphInfo = { nodes: [{ name: 'a', state: 'available', enabled: false }, { name: 'b', state: 'available', enabled: false }], edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }], order: [] };
    expect(layoutNeighbourhood(cyc, 'a').nodes).toHaveLength(2);
    expect(layoutNeighbourhood(graph, 'notes').nodes.map((n) => n.name)).toEqual(['notes']);
  });
});

describe('module entry contract', () => {
  it('menu paths are relative to /m/<module>', () => {
    expect(menuTarget('contacts', '/')).toBe('/m/contacts');
    expect(menuTarget('contacts', '')).toBe('/m/contacts');
    expect(menuTarget('contacts', '/people')).toBe('/m/contacts/people');
    expect(menuTarget('contacts', 'people/1')).toBe('/m/contacts/people/1');
    expect(menuTarget('contacts', '/m/contacts/x')).toBe('/m/contacts/x');
  });

  it('menus: only modules with a registered admin entry, permission-filtered, by sequence', () => {
    const m = (name: string, menus: { name: string; path: string; sequence?: number; permission?: string }[], admin: string | null = `/modules/${name}/admin/index.js`) =>
      ({ name, menus, admin }) as never;
    const items = moduleMenus([m('b', [{ name: 'B', path: '/', sequence: 20 }]), m('a', [{ name: 'A', path: '/', sequence: 10 }, { name: 'Secret', path: '/s', permission: 'a.admin' }]), m('c', [{ name: 'C', path: '/' }], null)], ['a', 'b', 'c'], (p) => p !== 'a.admin');
    expect(items.map((i) => [i.label, i.to])).toEqual([['A', '/m/a'], ['B', '/m/b']]);
  });

  it('an entry must export { routes } or { install }', () => {
    expect(checkEntry({ default: { routes: [] } }, 'x')).toEqual({ routes: [] });
    expect(() => checkEntry({ default: 42 }, 'x')).toThrow(/no default export/);
    expect(() => checkEntry({ default: { routes: 'nope' } }, 'x')).toThrow(/not an array/);
    expect(() => checkEntry({ default: {} }, 'x')).toThrow(/neither/);
  });
});
