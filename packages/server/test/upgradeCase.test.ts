// The upgrade helper module authors use: previous release + prepare, upgrade, check, schema equal to a fresh install.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { upgradeCase } from '../src/testing/index.js';

const fixtures = fileURLToPath(new URL('./fixtures/upgrade', import.meta.url));
const memo = (current: string) => ({
  module: 'memo', modulesDir: fixtures, previous: `${fixtures}/memo-1.0.0`, current: `${fixtures}/${current}`,
  async prepare(ctx: { query: (sql: string) => Promise<unknown[]>; version: string }) {
    await ctx.query(`INSERT INTO memo.memos (body) VALUES ('Groceries: milk'), ('Call Ada')`);
    return { version: ctx.version };
  },
  async check(ctx: { query: <T>(sql: string) => Promise<T[]>; version: string }, prepared: { version: string }) {
    expect(prepared.version).toBe('1.0.0');
    expect(ctx.version).toBe('2.0.0');
    const rows = await ctx.query<{ title: string | null }>('SELECT title FROM memo.memos ORDER BY id');
    expect(rows.map((r) => r.title)).toEqual(['Groceries:', 'Call']);
  },
});

describe.each(testDatabases())('upgradeCase on $kind', ({ create }) => {
  it('installs the previous release, prepares, upgrades, checks and compares with a fresh install', async () => {
    const result = await upgradeCase({ ...memo('memo-2.0.0'), create });
    expect(result).toMatchObject({ from: '1.0.0', to: '2.0.0' });
    expect(result.plan.modules[0]!.hooks).toEqual(['migrations[2.0.0].post']);
  });

  it('fails in check when the version step that fills the new column is missing', async () => {
    const error = await upgradeCase({ ...memo('memo-2.0.0-missing-step'), create }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^check\(ctx\) after upgrading "memo" 1\.0\.0 -> 2\.0\.0: /);
    expect((error as Error).message).toContain('Groceries:');
  });
});
