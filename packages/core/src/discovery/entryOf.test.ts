import { describe, expect, it } from 'vitest';
import { entryOf } from './entryOf.js';

describe('entryOf', () => {
  it.each<[object, string]>([
    [{ exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } }, main: './main.js' }, '/m/dist/index.js'],
    [{ exports: { '.': { default: './d.js' } } }, '/m/d.js'],
    [{ exports: { '.': { import: { types: './x.d.ts', default: './esm.js' }, require: './cjs.js' } } }, '/m/esm.js'],
    [{ exports: './only.js' }, '/m/only.js'],
    [{ exports: { import: './cond.js' } }, '/m/cond.js'],
    [{ exports: { '.': './dot.js', './package.json': './package.json' } }, '/m/dot.js'],
    [{ exports: { './sub': './sub.js' }, main: 'lib/main.js' }, '/m/lib/main.js'],
    [{ main: './lib/main.js' }, '/m/lib/main.js'],
    [{}, '/m/index.js'],
  ])('%j', (pkg, expected) => {
    expect(entryOf(pkg, '/m')).toBe(expected);
  });
});
