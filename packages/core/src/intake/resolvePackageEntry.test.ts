import { describe, expect, it } from 'vitest';
import { resolvePackageEntry } from './resolvePackageEntry.js';

const files = new Set(['dist/index.js', 'dist/index.cjs', 'lib/index.js', 'index.js', 'main.mjs']);
const isFile = (p: string) => files.has(p);

describe('resolvePackageEntry (discovery entryOf rule + archive check)', () => {
  it.each([
    [{ exports: './dist/index.js' }, 'dist/index.js'],
    [{ exports: { '.': './dist/index.js' } }, 'dist/index.js'],
    [{ exports: { '.': { types: './x.d.ts', import: './dist/index.js', require: './dist/index.cjs' } } }, 'dist/index.js'],
    [{ exports: { '.': [{ import: './dist/index.js' }, './dist/index.cjs'] } }, 'dist/index.js'],
    [{ main: 'dist/index.js' }, 'dist/index.js'],
    [{ main: './main.mjs' }, 'main.mjs'],
    [{}, 'index.js'],
    [{ exports: './dist/index.js', main: 'nope.js' }, 'dist/index.js'],
  ])('%j → %s', (pkg, entry) => {
    expect(resolvePackageEntry(pkg, isFile)).toBe(entry);
  });

  it.each([
    [{ exports: './dist/missing.js' }, 'HUB_ARCHIVE_ENTRY_MISSING'],
    [{ exports: './lib' }, 'HUB_ARCHIVE_ENTRY_MISSING'],
    [{ main: 'nope.js' }, 'HUB_ARCHIVE_ENTRY_MISSING'],
    [{ main: '.' }, 'HUB_ARCHIVE_ENTRY_MISSING'],
    [{ main: '../../etc/passwd' }, 'HUB_ARCHIVE_PACKAGE_JSON_INVALID'],
    [{ exports: '/etc/passwd' }, 'HUB_ARCHIVE_PACKAGE_JSON_INVALID'],
  ])('%j is refused with %s', (pkg, code) => {
    expect(() => resolvePackageEntry(pkg as Record<string, unknown>, isFile)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a missing index.js when there is neither exports nor main', () => {
    expect(() => resolvePackageEntry({}, () => false)).toThrow(expect.objectContaining({ code: 'HUB_ARCHIVE_ENTRY_MISSING' }));
  });
});
