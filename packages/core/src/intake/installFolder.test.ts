import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installFolder } from './installFolder.js';

let root: string;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function folder(path: string, version: string) {
  await mkdir(path, { recursive: true });
  await writeFile(join(path, 'package.json'), JSON.stringify({ version }));
}

describe('installFolder', () => {
  it('moves a new folder in', async () => {
    root = await mkdtemp(join(tmpdir(), 'hub-install-'));
    await folder(join(root, 'staged'), '1.0.0');
    await mkdir(join(root, 'addons'));
    expect(await installFolder(join(root, 'staged'), join(root, 'addons', 'm'), { replace: false, module: 'm' })).toEqual({ replaced: false });
    expect(existsSync(join(root, 'staged'))).toBe(false);
    expect(JSON.parse(await readFile(join(root, 'addons', 'm', 'package.json'), 'utf8')).version).toBe('1.0.0');
  });

  it('refuses to replace without replace', async () => {
    root = await mkdtemp(join(tmpdir(), 'hub-install-'));
    await folder(join(root, 'staged'), '2.0.0');
    await folder(join(root, 'addons', 'm'), '1.0.0');
    await expect(installFolder(join(root, 'staged'), join(root, 'addons', 'm'), { replace: false, module: 'm' })).rejects.toMatchObject({ code: 'HUB_ARCHIVE_EXISTS', status: 409 });
    expect(JSON.parse(await readFile(join(root, 'addons', 'm', 'package.json'), 'utf8')).version).toBe('1.0.0');
  });

  it('replaces, leaving no hidden folder behind', async () => {
    root = await mkdtemp(join(tmpdir(), 'hub-install-'));
    await folder(join(root, 'staged'), '2.0.0');
    await folder(join(root, 'addons', 'm'), '1.0.0');
    expect(await installFolder(join(root, 'staged'), join(root, 'addons', 'm'), { replace: true, module: 'm' })).toEqual({ replaced: true });
    expect(JSON.parse(await readFile(join(root, 'addons', 'm', 'package.json'), 'utf8')).version).toBe('2.0.0');
    expect(await readdir(join(root, 'addons'))).toEqual(['m']);
  });

  it('puts the old folder back when the new one cannot be renamed in', async () => {
    root = await mkdtemp(join(tmpdir(), 'hub-install-'));
    // Target inside the staged folder: rename(staged, staged/m) fails with EINVAL after the old m was moved aside.
    const staged = join(root, 'staged');
    await folder(join(staged, 'm'), '1.0.0');
    await expect(installFolder(staged, join(staged, 'm'), { replace: true, module: 'm' })).rejects.toMatchObject({ code: 'EINVAL' });
    expect(JSON.parse(await readFile(join(staged, 'm', 'package.json'), 'utf8')).version).toBe('1.0.0');
    expect(await readdir(staged)).toEqual(['m']);
  });
});
