// How the CLI finds the host folder and reads the environment (no subprocess needed).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveHostDir } from '../src/lib/hostDir.js';
import { loadSettings, userCwd } from '../src/lib/settings.js';

const root = mkdtempSync(join(tmpdir(), 'hub-cli-settings-'));
const write = (file: string, json: unknown) => { mkdirSync(join(root, file, '..'), { recursive: true }); writeFileSync(join(root, file), JSON.stringify(json)); };
write('repo/package.json', { name: 'mono', private: true });
writeFileSync(join(root, 'repo/pnpm-workspace.yaml'), 'packages: []\n');
write('repo/apps/hub/package.json', { name: '@hub/app', dependencies: { '@hub/core': 'workspace:^' } });
write('repo/modules/notes/package.json', { name: '@hub/module-notes', hub: { module: 'notes' }, dependencies: { '@hub/module-base': '^0.1.0' } });
mkdirSync(join(root, 'repo/modules/notes/src'), { recursive: true });
write('host/package.json', { name: 'my-hub', dependencies: { '@hub/module-base': '^0.1.0' } });
mkdirSync(join(root, 'host/sub'), { recursive: true });
mkdirSync(join(root, 'plain'), { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveHostDir', () => {
  it.each([
    ['the monorepo root', 'repo', 'repo/apps/hub'],
    ['a module inside the monorepo (modules are never hosts)', 'repo/modules/notes/src', 'repo/apps/hub'],
    ['apps/hub itself', 'repo/apps/hub', 'repo/apps/hub'],
    ['a subfolder of a standalone host', 'host/sub', 'host'],
    ['a folder with no host above: cwd', 'plain', 'plain'],
  ])('from %s', (_what, cwd, expected) => {
    expect(resolveHostDir({ cwd: join(root, cwd), env: {} })).toBe(join(root, expected));
  });

  it('--dir, then HUB_HOST_DIR, win', () => {
    expect(resolveHostDir({ cwd: join(root, 'repo'), dir: '../host', env: { HUB_HOST_DIR: 'plain' } })).toBe(join(root, 'host'));
    expect(resolveHostDir({ cwd: root, env: { HUB_HOST_DIR: 'plain' } })).toBe(join(root, 'plain'));
  });
});

describe('loadSettings', () => {
  it('reads the environment like the server; relative paths are relative to the host folder', () => {
    const s = loadSettings({ dir: join(root, 'host') }, { HUB_DATA_DIR: 'var', ADDONS_PATHS: 'a, /abs/b', DATABASE_URL: 'postgres://x/y', HUB_TOKEN: 't' });
    expect(s).toMatchObject({
      hostDir: join(root, 'host'), dataDir: join(root, 'host/var'), databaseUrl: 'postgres://x/y', token: 't',
      addonsPaths: [join(root, 'host/var/addons'), join(root, 'host/a'), '/abs/b'],
    });
    expect(loadSettings({ dir: join(root, 'host'), token: 'flag' }, { HUB_TOKEN: 'env' }).token).toBe('flag');
  });

  it('uses INIT_CWD only under `pnpm hub`', () => {
    expect(userCwd({ INIT_CWD: '/somewhere', npm_lifecycle_event: 'hub' })).toBe('/somewhere');
    expect(userCwd({ INIT_CWD: '/somewhere', npm_lifecycle_event: 'test' })).toBe(process.cwd());
  });
});
