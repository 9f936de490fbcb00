import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DiscoveredModule } from '../hub/types.js';
import { ModuleLoader } from './ModuleLoader.js';

const fixture = (folder: string, name: string, entry = 'index.js'): DiscoveredModule => {
  const dir = fileURLToPath(new URL(`../../test/fixtures/${folder}/${name}`, import.meta.url));
  return { name, packageName: `@hub/module-${name}`, version: '1.0.0', application: false, autoInstall: false, depends: [], entry: `${dir}/${entry}`, dir, source: 'addons' };
};

describe('ModuleLoader', () => {
  it('imports a module once per (name, version, entry) and checks the brand and the name', async () => {
    const loader = new ModuleLoader();
    const people = fixture('main', 'people');
    const first = await loader.load(people);
    expect(first.definition.name).toBe('people');
    expect(await loader.load(people)).toBe(first);

    const noexport = await loader.load(fixture('invalid', 'noexport')).catch((e) => e);
    expect(noexport).toMatchObject({ code: 'HUB_MODULE_LOAD_FAILED', module: 'noexport' });
    expect(loader.failure('noexport')?.code).toBe('HUB_MODULE_LOAD_FAILED');

    const renamed = await loader.load({ ...fixture('main', 'tags'), name: 'labels' }).catch((e) => e);
    expect(renamed.message).toContain('does not match package.json "hub.module": "labels"');
    const missing = await loader.load(fixture('main', 'people', 'nope.js')).catch((e) => e);
    expect(missing).toMatchObject({ code: 'HUB_MODULE_LOAD_FAILED' });
    expect(missing.hint).toBeTruthy();
  });
});
