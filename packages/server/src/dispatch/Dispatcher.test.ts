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
});
