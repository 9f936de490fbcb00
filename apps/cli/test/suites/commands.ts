// Every command of the `hub` binary, run as a subprocess on PGlite and on PostgreSQL, checking
// the JSON output, the exit code and the database afterwards.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { columns, moduleRows, targetEnv, withDb, type Target } from '../db.js';
import { expectExit, expectOneLineError, fixtures, hub, tempHost } from '../helpers.js';

export function commandsSuite(kind: 'pglite' | 'postgres'): void {
describe(`hub module commands on ${kind}`, () => {
  const { create } = testDatabases().find((d) => d.kind === kind)!;
  let target: Target;
  let host: { dir: string; rm: () => void };
  let env: Record<string, string>;
  const run = (args: string[], version = 'v1', extra: Record<string, string> = {}) =>
    hub([...args, '--dir', host.dir], { env: { ...env, ADDONS_PATHS: fixtures(version), ...extra } });

  beforeAll(async () => {
    target = await create();
    host = tempHost();
    env = targetEnv(target, host.dir);
  });
  afterAll(async () => {
    await target?.drop();
    host?.rm();
  });

  it('module list --json lists the discovered modules as available', async () => {
    const r = await run(['module', 'list', '--json']);
    expectExit(r, 0);
    const list = r.json<{ name: string; state: string }[]>();
    expect(list.map((m) => [m.name, m.state]).sort()).toEqual([['labels', 'available'], ['notes', 'available']]);
    const apps = await run(['module', 'list', '--apps', '--json']);
    expect(apps.json().map((m: { name: string }) => m.name)).toEqual(['notes']);
    const cat = await run(['module', 'list', '--category', 'Nope', '--json']);
    expect(cat.json()).toEqual([]);
  });

  it('module info --json; an unknown module is one error line and exit 1', async () => {
    const r = await run(['module', 'info', 'labels', '--json']);
    expectExit(r, 0);
    expect(r.json()).toMatchObject({ name: 'labels', version: '1.0.0', depends: ['notes'], state: 'available' });
    const missing = await run(['module', 'info', 'nope']);
    expectExit(missing, 1);
    expectOneLineError(missing, 'HUB_MODULE_NOT_FOUND');
    const missingJson = await run(['module', 'info', 'nope', '--json']);
    expect(missingJson.json().error.code).toBe('HUB_MODULE_NOT_FOUND');
  });

  it('module validate --json', async () => {
    const r = await run(['module', 'validate', 'notes', '--json']);
    expectExit(r, 0);
    expect(r.json()).toMatchObject({ valid: true, errors: [] });
  });

  it('module plan install prints the SQL and changes nothing', async () => {
    const text = await run(['module', 'plan', 'install', 'labels']);
    expectExit(text, 0);
    expect(text.stdout).toContain('CREATE TABLE "notes"."notes"');
    expect(text.stdout).toContain('CREATE TABLE "labels"."labels"');
    const r = await run(['module', 'plan', 'install', 'labels', '--json']);
    expect(r.json().modules.map((m: { name: string }) => m.name)).toEqual(['notes', 'labels']);
    await withDb(target, async (db) => {
      const schemas = await db.query(`SELECT 1 FROM information_schema.schemata WHERE schema_name IN ('notes', 'labels')`);
      expect(schemas).toHaveLength(0);
    });
  });

  it('module install applies the plan with its dependencies and seed data', async () => {
    const r = await run(['module', 'install', 'labels', '--json']);
    expectExit(r, 0);
    const result = r.json();
    expect(result.action).toBe('install');
    expect(result.plan.modules.map((m: { name: string }) => m.name)).toEqual(['notes', 'labels']);
    await withDb(target, async (db) => {
      expect(await moduleRows(db)).toMatchObject({ notes: { state: 'installed', enabled: true, version: '1.0.0' }, labels: { state: 'installed' } });
      expect((await db.query('SELECT title FROM notes.notes ORDER BY id')).map((x) => x.title)).toEqual(['first', 'second']);
    });
    const installed = await run(['module', 'list', '--installed', '--json']);
    expect(installed.json().map((m: { name: string }) => m.name).sort()).toEqual(['labels', 'notes']);
  });

  it('module graph (--json, mermaid, dot), check-schema and show-migrations', async () => {
    const g = await run(['module', 'graph', '--json']);
    expectExit(g, 0);
    expect(g.json().edges).toEqual([{ from: 'labels', to: 'notes' }]);
    expect((await run(['module', 'graph'])).stdout).toContain('labels --> notes');
    expect((await run(['module', 'graph', '--format', 'dot'])).stdout).toContain('"labels" -> "notes"');
    const s = await run(['module', 'check-schema', '--json']);
    expectExit(s, 0);
    expect(s.json().every((x: { upToDate: boolean }) => x.upToDate)).toBe(true);
    const m = await run(['module', 'show-migrations', 'notes', '--json']);
    expectExit(m, 0);
    expect(m.json()).toMatchObject([{ module: 'notes', toVersion: '1.0.0' }]);
  });

  it('module disable / enable', async () => {
    const d = await run(['module', 'disable', 'labels', '--json']);
    expectExit(d, 0);
    await withDb(target, async (db) => expect((await moduleRows(db)).labels.enabled).toBe(false));
    const e = await run(['module', 'enable', 'labels', '--json']);
    expectExit(e, 0);
    await withDb(target, async (db) => expect((await moduleRows(db)).labels.enabled).toBe(true));
  });

  it.runIf(kind === 'pglite')('module list answers from the state the last command left, without starting the database, as opening it would', async () => {
    await run(['module', 'disable', 'labels', '--json']);
    const control = join(target.dataDir!, 'data/global/pg_control');
    const before = readFileSync(control);
    const fast = await run(['module', 'list', '--json']);
    const fastText = await run(['module', 'list']);
    expectExit(fast, 0);
    // PostgreSQL rewrites its control file at every start: unchanged means it was not started.
    expect(readFileSync(control).equals(before)).toBe(true);
    expect(fast.json().find((m: { name: string }) => m.name === 'labels')).toMatchObject({ state: 'installed', enabled: false });
    rmSync(join(target.dataDir!, 'list-state.json'));
    const opened = await run(['module', 'list', '--json']);
    expect(readFileSync(control).equals(before)).toBe(false);
    expect(opened.json()).toEqual(fast.json());
    expect((await run(['module', 'list'])).stdout).toBe(fastText.stdout);
    expect(fastText.stdout).toMatch(/^labels\s+1\.0\.0\s+installed \(disabled\)/m);
    await run(['module', 'enable', 'labels', '--json']);
  });

  it('module plan upgrade and upgrade (no data loss) add the new column', async () => {
    const p = await run(['module', 'plan', 'upgrade', 'notes'], 'v2');
    expectExit(p, 0);
    expect(p.stdout).toMatch(/ADD COLUMN "pinned"/);
    const r = await run(['module', 'upgrade', 'notes', '--json'], 'v2');
    expectExit(r, 0);
    await withDb(target, async (db) => {
      expect(await columns(db, 'notes', 'notes')).toContain('pinned');
      expect((await moduleRows(db)).notes.version).toBe('1.1.0');
    });
  });

  it('module backup, backup --list and restore --from', async () => {
    const b = await run(['module', 'backup', 'notes', '--json'], 'v2');
    expectExit(b, 0);
    const backup = b.json().backups[0];
    expect(backup.module).toBe('notes');
    expect(existsSync(backup.path)).toBe(true);
    const list = await run(['module', 'backup', 'notes', '--list', '--json'], 'v2');
    expect(list.json().map((x: { id: string }) => x.id)).toContain(backup.id);
    // Restore labels (notes is referenced by labels' foreign key: restoring it is a core limitation).
    await withDb(target, (db) => db.exec(`INSERT INTO labels.labels (note_id, label) VALUES (1, 'kept')`));
    const lb = await run(['module', 'backup', 'labels', '--json'], 'v2');
    expectExit(lb, 0);
    const labelsBackup = lb.json().backups[0];
    await withDb(target, (db) => db.exec(`INSERT INTO labels.labels (note_id, label) VALUES (2, 'after backup')`));
    const refused = await run(['module', 'restore', 'labels', '--from', labelsBackup.path], 'v2');
    expectExit(refused, 2);
    expectOneLineError(refused, 'HUB_CONFIRMATION_REQUIRED');
    const r = await run(['module', 'restore', 'labels', '--from', labelsBackup.path, '--yes', '--json'], 'v2');
    expectExit(r, 0);
    await withDb(target, async (db) => {
      expect((await db.query('SELECT label FROM labels.labels ORDER BY id')).map((x) => x.label)).toEqual(['kept']);
    });
    const byId = await run(['module', 'restore', 'labels', '--from', labelsBackup.id, '--yes', '--json'], 'v2');
    expectExit(byId, 0);
  });

  it('module upgrade that loses data needs --yes off a terminal', async () => {
    const refused = await run(['module', 'upgrade', 'notes'], 'v3');
    expectExit(refused, 2);
    expectOneLineError(refused, 'HUB_CONFIRMATION_REQUIRED');
    await withDb(target, async (db) => expect(await columns(db, 'notes', 'notes')).toContain('priority'));
    const r = await run(['module', 'upgrade', 'notes', '--yes', '--json'], 'v3');
    expectExit(r, 0);
    expect(r.json().backups.length).toBeGreaterThan(0);
    await withDb(target, async (db) => {
      expect(await columns(db, 'notes', 'notes')).not.toContain('priority');
      expect((await moduleRows(db)).notes.version).toBe('1.2.0');
    });
  });

  it('module rollback undoes the last migration (needs --yes off a terminal)', async () => {
    const refused = await run(['module', 'rollback', 'notes'], 'v3');
    expectExit(refused, 2);
    const r = await run(['module', 'rollback', 'notes', '--yes', '--json'], 'v3');
    expectExit(r, 0);
    await withDb(target, async (db) => {
      expect(await columns(db, 'notes', 'notes')).toContain('priority');
      const last = await db.query<{ rolled_back_at: unknown }>(`SELECT rolled_back_at FROM hub.migrations WHERE module = 'notes' ORDER BY id DESC LIMIT 1`);
      expect(last[0]!.rolled_back_at).not.toBeNull();
    });
  });

  it('module check-schema / sync-schema: drift, refusal of data loss, --accept-data-loss --yes', async () => {
    // The rollback left the table as 1.1.0 had it while the code is 1.2.0: priority is extra.
    const check = await run(['module', 'check-schema', 'notes', '--json'], 'v3');
    expectExit(check, 1);
    expect(check.json()).toMatchObject({ module: 'notes', upToDate: false });
    const dry = await run(['module', 'sync-schema', 'notes'], 'v3');
    expectExit(dry, 0);
    expect(dry.stdout).toMatch(/DROP COLUMN "priority"/);
    const noLoss = await run(['module', 'sync-schema', 'notes', '--apply'], 'v3');
    expectExit(noLoss, 1);
    expectOneLineError(noLoss, 'HUB_DATA_LOSS_NOT_ACCEPTED');
    const noYes = await run(['module', 'sync-schema', 'notes', '--apply', '--accept-data-loss'], 'v3');
    expectExit(noYes, 2);
    const r = await run(['module', 'sync-schema', 'notes', '--apply', '--accept-data-loss', '--yes', '--json'], 'v3');
    expectExit(r, 0);
    await withDb(target, async (db) => expect(await columns(db, 'notes', 'notes')).not.toContain('priority'));
    expectExit(await run(['module', 'check-schema', 'notes'], 'v3'), 0);
  });

  it('module uninstall asks, then --cascade --drop-tables --yes removes both modules and their tables', async () => {
    const refused = await run(['module', 'uninstall', 'notes', '--cascade']);
    expectExit(refused, 2);
    expectOneLineError(refused, 'HUB_CONFIRMATION_REQUIRED');
    const r = await run(['module', 'uninstall', 'notes', '--cascade', '--drop-tables', '--force', '--json'], 'v3');
    expectExit(r, 0);
    await withDb(target, async (db) => {
      const mods = await moduleRows(db);
      expect(mods.notes!.state).toBe('uninstalled');
      expect(mods.labels!.state).toBe('uninstalled');
      expect(await columns(db, 'notes', 'notes')).toEqual([]);
    });
  });

  it('usage errors exit 2 with one line', async () => {
    const r = await run(['module', 'plan', 'reinstall', 'notes']);
    expectExit(r, 2);
    expectOneLineError(r, 'HUB_USAGE');
    const u = await run(['module', 'upgrade']);
    expectExit(u, 2);
    expectOneLineError(u, 'HUB_USAGE');
  });
});
}
