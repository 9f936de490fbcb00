// Test helper: an inline fixture folder that removes itself when the test finishes.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A file body, or `{ symlink: target }` (target relative to the fixture root). Objects other than that are written as JSON. */
export type FixtureFile = string | { symlink: string } | Record<string, unknown>;

export function testdir(files: Record<string, FixtureFile>): string {
  const root = mkdtempSync(join(tmpdir(), 'hub-fixture-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, body] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    if (typeof body === 'string') writeFileSync(full, body);
    else if (typeof body.symlink === 'string' && Object.keys(body).length === 1) symlinkSync(join(root, body.symlink), full, 'dir');
    else writeFileSync(full, JSON.stringify(body, null, 2));
  }
  return root;
}

/** A module package.json. */
export function modulePkg(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { hub, ...rest } = extra as { hub?: Record<string, unknown> };
  return {
    name: `@hub/module-${name}`, version: '1.0.0', type: 'module',
    exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
    peerDependencies: { '@hub/kit': '^0.1.0' },
    ...rest,
    hub: { module: name, ...hub },
  };
}
