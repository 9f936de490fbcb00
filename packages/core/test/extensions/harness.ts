// A host whose addons folder links modules of this repository (modules/contacts,
// modules/contacts_loyalty) and fixtures of this folder; relinking one and reopening the hub is an
// upgrade. The hub is the real engine on a test database.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHub } from '../../src/hub/createHub.js';
import type { Hub } from '../../src/hub/types.js';
import { quietLogger, seedPglite, type TestTarget } from '../helpers.js';

export const repoModules = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../modules');
export const extensionFixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));

export function extensionHost(target: TestTarget) {
  const dir = mkdtempSync(join(tmpdir(), 'hub-extensions-'));
  const addons = join(dir, 'addons');
  mkdirSync(addons);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'test-host', private: true, version: '0.0.0', dependencies: {} }));
  const hubs: Hub[] = [];
  return {
    dir,
    /** { name: absolute path } or names of modules/ of this repository. */
    link(modules: Record<string, string> | string[]) {
      const entries = Array.isArray(modules) ? modules.map((m) => [m, join(repoModules, m)] as const) : Object.entries(modules);
      for (const [name, path] of entries) {
        rmSync(join(addons, name), { force: true });
        symlinkSync(path, join(addons, name), 'dir');
      }
    },
    async open(): Promise<Hub> {
      if (!target.url && target.dataDir) await seedPglite(join(target.dataDir, 'data'));
      const hub = await createHub({
        hostDir: dir, addonsPaths: [addons], env: {}, logger: quietLogger,
        ...(target.url ? { databaseUrl: target.url, dataDir: join(dir, '.hub') } : { dataDir: target.dataDir }),
      });
      hubs.push(hub);
      return hub;
    },
    async close(): Promise<void> {
      for (const hub of hubs.splice(0).reverse()) await hub.close();
    },
    async cleanup(): Promise<void> {
      await this.close();
      await target.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Columns of contacts.people in order. */
export async function peopleColumns(hub: Hub): Promise<string[]> {
  const rows = await hub.db.query<{ c: string }>(`SELECT column_name AS c FROM information_schema.columns
    WHERE table_schema = 'contacts' AND table_name = 'people' ORDER BY ordinal_position`);
  return rows.map((r) => r.c);
}
