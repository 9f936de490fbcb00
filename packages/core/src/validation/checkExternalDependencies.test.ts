import { describe, expect, it } from 'vitest';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { checkExternalDependencies, externalDependencyProblems, findOnPath } from './checkExternalDependencies.js';
import { testdir } from '../discovery/testdir.js';

describe('checkExternalDependencies', () => {
  function fixture() {
    const root = testdir({
      'bin1/tool': '#!/bin/sh\necho hi\n',
      'bin1/notexec': 'data',
      'bin2/other': '#!/bin/sh\n',
      'bin2/adir/x': '',
      'mod/package.json': { name: '@hub/module-m', version: '1.0.0' },
      'node_modules/plain/package.json': { name: 'plain', version: '1.0.0', main: 'index.js' },
      'node_modules/plain/index.js': '',
      'node_modules/hidden/package.json': { name: 'hidden', version: '1.0.0', exports: { '.': { import: './i.mjs' } } },
      'node_modules/hidden/i.mjs': '',
      'node_modules/@scope/pkg/package.json': { name: '@scope/pkg', version: '1.0.0', exports: { './sub': './sub.js' } },
    });
    chmodSync(join(root, 'bin1/tool'), 0o755);
    chmodSync(join(root, 'bin2/other'), 0o755);
    return { root, path: [join(root, 'bin1'), '', join(root, 'missing'), join(root, 'bin2')].join(':') };
  }

  it.each<[string, boolean]>([['tool', true], ['other', true], ['notexec', false], ['adir', false], ['nope', false]])('finds %s on PATH: %s', (bin, found) => {
    const { path } = fixture();
    expect(findOnPath(bin, path) !== undefined).toBe(found);
  });

  it('finds real programs on the process PATH', () => {
    expect(findOnPath('sh')).toBeTruthy();
  });

  it('passes when every bin and npm package is there', () => {
    const { root, path } = fixture();
    expect(() => checkExternalDependencies('m', { bin: ['tool', 'other'], npm: ['plain', 'hidden', '@scope/pkg'] }, join(root, 'mod'), { path })).not.toThrow();
  });

  it('reports each missing one with a stable code and a hint', () => {
    const { root, path } = fixture();
    const problems = externalDependencyProblems('m', { bin: ['tool', 'pg_nothing'], npm: ['plain', 'left-pad'] }, join(root, 'mod'), { path });
    expect(problems.map((p) => [p.code, p.module])).toEqual([['HUB_EXTERNAL_BIN_MISSING', 'm'], ['HUB_EXTERNAL_NPM_MISSING', 'm']]);
    expect(problems[0]!.message).toContain('"pg_nothing"');
    expect(problems[0]!.hint).toContain('apt-get install pg_nothing');
    expect(problems[1]!.message).toContain('"left-pad"');
    expect(problems[1]!.hint).toContain('pnpm add left-pad');
    expect(() => checkExternalDependencies('m', { bin: ['pg_nothing'] }, join(root, 'mod'), { path })).toThrow(expect.objectContaining({ code: 'HUB_EXTERNAL_BIN_MISSING' }));
  });
});
