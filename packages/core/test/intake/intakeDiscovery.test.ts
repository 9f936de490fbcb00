// An archive taken in is an ordinary addons module afterwards: discovery lists it, with the
// version of the last upload, without any restart or cache to clear.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverModules, intakeArchive } from '../../src/index.js';
import { moduleFiles, npmPack, under, yazlZip } from '../../src/intake/testing/archives.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hub-intake-discovery-'));
  await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'host', private: true, dependencies: {} }));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('intake then discovery', () => {
  it('lists uploaded zip and tgz modules as addons, and sees an upgrade at once', async () => {
    const addonsDir = join(root, '.hub', 'addons');
    const zip = join(root, 'crm.zip');
    await writeFile(zip, await yazlZip(under('crm', moduleFiles('crm', '1.0.0'))));
    const tgz = join(root, 'tasks.tgz');
    await writeFile(tgz, await npmPack(moduleFiles('tasks', '2.1.0')));
    await intakeArchive(zip, { addonsDir });
    await intakeArchive(tgz, { addonsDir });

    let found = await discoverModules({ hostDir: root, addonsPaths: [addonsDir] });
    expect(found.problems).toEqual([]);
    const byName = Object.fromEntries(found.modules.map((m) => [m.name, m]));
    expect(byName.crm).toMatchObject({ packageName: '@hub/module-crm', version: '1.0.0', source: 'addons', dir: join(addonsDir, 'crm') });
    expect(byName.tasks).toMatchObject({ packageName: '@hub/module-tasks', version: '2.1.0', source: 'addons' });
    expect(existsSync(byName.crm.entry)).toBe(true);
    expect(existsSync(byName.tasks.entry)).toBe(true);

    await writeFile(zip, await yazlZip(under('crm', moduleFiles('crm', '1.1.0'))));
    const upgraded = await intakeArchive(zip, { addonsDir, replace: true, installedVersion: () => '1.0.0' });
    expect(upgraded).toMatchObject({ replaced: true, previousVersion: '1.0.0', version: '1.1.0' });
    found = await discoverModules({ hostDir: root, addonsPaths: [addonsDir] });
    expect(found.modules.find((m) => m.name === 'crm')?.version).toBe('1.1.0');
    // The default temporary folder (next to addonsDir) is gone.
    expect(existsSync(join(root, '.hub', '.hub-intake'))).toBe(false);
  });
});
