import { describe, expect, it } from 'vitest';
import { versionSkew } from './versionSkew.js';
import { compatibleFromChain, type MigrationLink } from '../state/compatibleFrom.js';

describe('versionSkew', () => {
  // [code, database, compatibleFrom, fenced?]
  it.each([
    ['1.0.0', '1.0.0', undefined, false],
    ['1.0.0', '1.1.0', '1.0.0', false],
    ['1.0.5', '1.1.0', '1.0.0', false],
    ['1.0.0', '2.0.0', '2.0.0', true],
    ['1.0.0', '2.0.0', undefined, true],
    ['1.1.0', '2.0.0', '1.2.0', true],
    ['2.0.0', '1.0.0', '1.0.0', true],
    ['dev', '1.0.0', '1.0.0', true],
  ] as const)('code %s, database %s, compatible from %s: fenced %s', (code, db, from, fenced) => {
    const skew = versionSkew('shop', code, db, from);
    expect(skew !== undefined).toBe(fenced);
    if (skew) {
      expect(skew).toMatchObject({ code: 'HUB_MODULE_VERSION_SKEW', codeVersion: code, databaseVersion: db });
      expect(skew.message).toContain(`its code is ${code}, the database is at ${db}`);
    }
  });

  it('says why: database older than the code, or a breaking upgrade', () => {
    expect(versionSkew('shop', '2.0.0', '1.0.0')!.message).toContain('the database is older than this code');
    expect(versionSkew('shop', '1.0.0', '2.0.0', '2.0.0')!.message).toContain('breaking change');
  });
});

describe('compatibleFromChain', () => {
  const up = (from: string | null, to: string, compatible: boolean | null, action = from === null ? 'install' : 'upgrade'): MigrationLink => ({ action, fromVersion: from, toVersion: to, compatible });
  it.each([
    ['an install only', '1.0.0', [up(null, '1.0.0', null)], '1.0.0'],
    ['one compatible upgrade', '1.1.0', [up(null, '1.0.0', null), up('1.0.0', '1.1.0', true)], '1.0.0'],
    ['two compatible upgrades', '1.2.0', [up(null, '1.0.0', null), up('1.0.0', '1.1.0', true), up('1.1.0', '1.2.0', true)], '1.0.0'],
    ['a breaking upgrade last', '2.0.0', [up(null, '1.0.0', null), up('1.0.0', '1.1.0', true), up('1.1.0', '2.0.0', false)], '2.0.0'],
    ['compatible after a breaking one', '2.1.0', [up(null, '1.0.0', null), up('1.0.0', '2.0.0', false), up('2.0.0', '2.1.0', true)], '2.0.0'],
    ['a compatible sync keeps the floor', '1.1.0', [up(null, '1.0.0', null), up('1.0.0', '1.1.0', true), up('1.1.0', '1.1.0', true, 'sync')], '1.0.0'],
    ['a breaking sync stops it', '1.1.0', [up(null, '1.0.0', null), up('1.0.0', '1.1.0', true), up('1.1.0', '1.1.0', false, 'sync')], '1.1.0'],
    ['unknown compatibility (recorded before) is breaking', '1.1.0', [up(null, '1.0.0', null), up('1.0.0', '1.1.0', null)], '1.1.0'],
    ['after a rollback the installed version leads', '1.0.0', [up(null, '1.0.0', null)], '1.0.0'],
  ] as const)('%s', (_what, installed, chain, floor) => {
    expect(compatibleFromChain(installed, [...chain])).toBe(floor);
  });
});
