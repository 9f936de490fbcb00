import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Dispatcher, type MountedModule } from './Dispatcher.js';
import { ModuleStats } from '../metrics/ModuleMetrics.js';

const mod = (name: string, prefix: string): MountedModule => ({
  name, version: '1.0.0', prefix, tags: [name], overrides: [], stats: new ModuleStats(name), readOnly: false, dryRun: false,
});

describe('Dispatcher.lookup', () => {
  const d = new Dispatcher(pino({ level: 'silent' }));
  d.setModules([mod('contacts', '/api/v1/contacts'), mod('deep', '/api/v1/contacts/deep'), mod('b', '/api/v2/b')]);
  it.each([
    ['/api/v1/contacts', 'contacts', 16],
    ['/api/v1/contacts/', 'contacts', 16],
    ['/api/v1/contacts/people/3', 'contacts', 16],
    ['/api/v1/contacts/deep/x', 'deep', 21],
    ['/api/v1/contactsx', undefined, 0],
    ['/api/v2/b/c/d/e/f', 'b', 9],
    ['/api/v1', undefined, 0],
    ['/', undefined, 0],
  ])('%s -> %s', (path, name, end) => {
    const hit = d.lookup(path);
    expect(hit?.module.name).toBe(name);
    if (name) expect(hit?.end).toBe(end);
  });
  it('unmounts by swapping the table', () => {
    const d2 = new Dispatcher(pino({ level: 'silent' }));
    d2.setModules([mod('a', '/api/v1/a')]);
    expect(d2.lookup('/api/v1/a/x')).toBeDefined();
    d2.setModules([]);
    expect(d2.lookup('/api/v1/a/x')).toBeUndefined();
  });
  it('takes a module out of service with its overrides of others, keeping the rest and the drains', async () => {
    const { Router } = await import('express');
    const d3 = new Dispatcher(pino({ level: 'silent' }));
    const contacts = { ...mod('contacts', '/api/v1/contacts'), overrides: [{ module: 'loyalty', router: Router() }, { module: 'other', router: Router() }] };
    d3.setModules([contacts, mod('loyalty', '/api/v1/loyalty')], new Set(['contacts']));
    d3.unmount(new Set(['loyalty']));
    expect(d3.lookup('/api/v1/loyalty/x')).toBeUndefined();
    expect(d3.get('contacts')?.overrides.map((o) => o.module)).toEqual(['other']);
    expect(d3.isDraining('contacts')).toBe(true);
    d3.setDraining(new Set());
    expect(d3.isDraining('contacts')).toBe(false);
    expect(d3.lookup('/api/v1/contacts/people')?.module.name).toBe('contacts');
  });
});
