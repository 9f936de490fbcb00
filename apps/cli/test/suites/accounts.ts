// user create, token create and module upload, on a host whose package.json depends on base.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { moduleRows, targetEnv, withDb, type Target } from '../db.js';
import { expectExit, expectOneLineError, fixtures, hub, tempHost } from '../helpers.js';

export function accountsSuite(kind: 'pglite' | 'postgres'): void {
  describe(`hub user/token/upload on ${kind}`, () => {
    const { create } = testDatabases().find((d) => d.kind === kind)!;
    let target: Target;
    let host: { dir: string; rm: () => void };
    let env: Record<string, string>;
    let addons: string;
    const run = (args: string[]) => hub([...args, '--dir', host.dir], { env: { ...env, ADDONS_PATHS: addons } });

    beforeAll(async () => {
      target = await create();
      host = tempHost({ base: true });
      addons = mkdtempSync(join(tmpdir(), 'hub-cli-addons-'));
      env = targetEnv(target, host.dir);
    });
    afterAll(async () => {
      await target?.drop();
      host?.rm();
      rmSync(addons, { recursive: true, force: true });
    });

    it('installs base from the host dependencies', async () => {
      const r = await run(['module', 'install', 'base', '--json']);
      expectExit(r, 0);
      await withDb(target, async (db) => expect((await moduleRows(db)).base?.state).toBe('installed'));
    });

    it('user create --superuser --json', async () => {
      const r = await run(['user', 'create', '--email', 'admin@example.com', '--password', 'secret-pass-1', '--superuser', '--json']);
      expectExit(r, 0);
      expect(r.json()).toMatchObject({ email: 'admin@example.com', isSuperuser: true });
      await withDb(target, async (db) => {
        const users = await db.query<{ email: string; is_superuser: boolean }>('SELECT email, is_superuser FROM base.users');
        expect(users).toEqual([{ email: 'admin@example.com', is_superuser: true }]);
      });
      const dup = await run(['user', 'create', '--email', 'admin@example.com', '--password', 'secret-pass-1']);
      expectExit(dup, 1);
      expect(dup.stderr.trim().split('\n')).toHaveLength(1);
      expect(dup.stderr).toMatch(/^error HUB_[A-Z_]+: /);
    });

    it('token create --json gives a personal token stored hashed', async () => {
      const r = await run(['token', 'create', '--email', 'admin@example.com', '--name', 'ci', '--json']);
      expectExit(r, 0);
      const { token } = r.json<{ token: string }>();
      expect(token).toMatch(/^hub_/);
      await withDb(target, async (db) => {
        const rows = await db.query<{ name: string; kind: string }>('SELECT name, kind FROM base.api_tokens');
        expect(rows).toEqual([{ name: 'ci', kind: 'personal' }]);
      });
      const nobody = await run(['token', 'create', '--email', 'nobody@example.com']);
      expectExit(nobody, 1);
      expectOneLineError(nobody, 'HUB_USER_NOT_FOUND');
    });

    it('module upload adds an archive to the addons, then the module is available', async () => {
      const work = mkdtempSync(join(tmpdir(), 'hub-cli-upload-'));
      try {
        cpSync(join(fixtures('upload'), 'memo'), join(work, 'package'), { recursive: true });
        const archive = join(work, 'memo-1.0.0.tgz');
        execFileSync('tar', ['czf', archive, '-C', work, 'package']);
        const r = await run(['module', 'upload', archive, '--json']);
        expectExit(r, 0);
        expect(r.json()).toMatchObject({ name: 'memo', version: '1.0.0' });
        const list = await run(['module', 'list', '--json']);
        expect(list.json().find((m: { name: string }) => m.name === 'memo')).toMatchObject({ state: 'available' });
        const missing = await run(['module', 'upload', join(work, 'nope.tgz')]);
        expectExit(missing, 2);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  });
}
