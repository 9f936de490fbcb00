import { describe, expect, it } from 'vitest';
import { isHubError } from '@hub/kit';
import type { DiscoveredModule } from '../hub/types.js';
import { resolveInstallSet } from './resolveInstallSet.js';

/** 'a:b,c; b; *auto:a' (* = autoInstall, @range after the name = host range) */
function mods(spec: string): DiscoveredModule[] {
  return spec.split(';').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [head, deps = ''] = s.split(':');
    const autoInstall = head!.startsWith('*');
    const [name, hostRange] = head!.replace('*', '').trim().split('@');
    return {
      name: name!, packageName: `@hub/module-${name}`, version: '1.0.0', application: false, autoInstall,
      depends: deps.split(',').map((d) => d.trim()).filter(Boolean), ...(hostRange ? { hostRange } : {}),
      entry: `/m/${name}/index.js`, dir: `/m/${name}`, source: 'dependency',
    } satisfies DiscoveredModule;
  });
}
const run = (spec: string, requested: string[], installed: string[] = []) =>
  resolveInstallSet({ modules: mods(spec), installed: new Set(installed), requested, kitVersion: '0.1.0' })
    .map((e) => `${e.name}(${e.reason[0]})`).join(' ');

describe('resolveInstallSet', () => {
  it.each<[string, string[], string[], string]>([
    ['base; contacts:base', ['contacts'], [], 'base(d) contacts(r)'],
    ['base; contacts:base', ['contacts'], ['base'], 'contacts(r)'],
    ['base; contacts:base; sales:contacts,product; product:base', ['sales'], ['base'], 'contacts(d) product(d) sales(r)'],
    ['base; contacts:base; sales:contacts', ['sales', 'base'], [], 'base(r) contacts(d) sales(r)'],
    ['base; a:base; b:base; *ab:a,b', ['a'], ['base'], 'a(r)'],
    ['base; a:base; b:base; *ab:a,b', ['a'], ['base', 'b'], 'a(r) ab(a)'],
    ['base; a:base; b:base; *ab:a,b', ['a', 'b'], ['base'], 'a(r) b(r) ab(a)'],
    ['base; a:base; *x:a; *y:x', ['a'], ['base'], 'a(r) x(a) y(a)'],
    ['base; *x:base', ['base'], [], 'base(r) x(a)'],
    ['base; *x:base', ['base'], ['base'], 'base(r) x(a)'],
    ['base; *x:base', ['base'], ['base', 'x'], 'base(r)'],
    ['base; a:base; *x@^9.0.0:a', ['a'], ['base'], 'a(r)'],
    ['base; *lonely', ['base'], [], 'base(r)'],
    ['a:gone', ['a'], ['gone'], 'a(r)'],
  ])('%s + install %j (installed %j) -> %s', (spec, requested, installed, expected) => {
    expect(run(spec, requested, installed)).toBe(expected);
  });

  it.each<[string, string[], string, RegExp]>([
    ['base', ['nope'], 'HUB_MODULE_NOT_FOUND', /"nope"/],
    ['base', ['Bad-Name'], 'HUB_MODULE_NAME_INVALID', /Bad-Name/],
    ['base', ['admin'], 'HUB_MODULE_NAME_INVALID', /reserved/],
    ['a:ghost', ['a'], 'HUB_DEPENDENCY_MISSING', /"a" depends on module "ghost"/],
    ['a:b; b:ghost', ['a'], 'HUB_DEPENDENCY_MISSING', /"b" depends on module "ghost"/],
    ['a:b; b:c; c:a', ['a'], 'HUB_DEPENDENCY_CYCLE', /a -> b -> c -> a/],
    ['base; a@^1.0.0:base', ['a'], 'HUB_HOST_RANGE_MISMATCH', /"a" supports @hub\/kit \^1\.0\.0, but this host runs @hub\/kit 0\.1\.0/],
    ['base@>=2; a:base', ['a'], 'HUB_HOST_RANGE_MISMATCH', /"base"/],
  ])('%s + install %j throws %s', (spec, requested, code, message) => {
    try {
      run(spec, requested);
      expect.unreachable();
    } catch (e) {
      expect(isHubError(e)).toBe(true);
      expect(e).toMatchObject({ code });
      expect((e as Error).message).toMatch(message);
      expect((e as { hint?: string }).hint).toBeTruthy();
    }
  });

  it('hints how to add a missing dependency', () => {
    expect(() => run('a:ghost', ['a'])).toThrow(expect.objectContaining({ hint: expect.stringContaining('pnpm add @hub/module-ghost') }));
  });
});
