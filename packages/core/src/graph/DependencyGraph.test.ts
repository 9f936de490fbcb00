import { describe, expect, it } from 'vitest';
import { isHubError } from '@hub/kit';
import { DependencyGraph } from './DependencyGraph.js';

/** 'a:b,c; b:c; c' -> [{name:'a', depends:['b','c']}, ...] */
function g(spec: string): DependencyGraph {
  const mods = spec.split(';').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [name, deps = ''] = s.split(':');
    return { name: name!.trim(), depends: deps.split(',').map((d) => d.trim()).filter(Boolean) };
  });
  return DependencyGraph.fromModules(mods);
}

describe('DependencyGraph.missing', () => {
  it.each([
    ['a:b; b', []],
    ['a:x; b:y,a', [{ module: 'a', dependency: 'x' }, { module: 'b', dependency: 'y' }]],
    ['a:z,y', [{ module: 'a', dependency: 'y' }, { module: 'a', dependency: 'z' }]],
    ['', []],
  ])('%s', (spec, expected) => {
    expect(g(spec).missing()).toEqual(expected);
  });
});

describe('DependencyGraph.cycles', () => {
  it.each([
    ['a:b; b:c; c', []],
    ['a:b; b:a', [['a', 'b', 'a']]],
    ['a:a', [['a', 'a']]],
    ['x:y; y:z; z:x; w:x', [['x', 'y', 'z', 'x']]],
    ['a:b; b:a; c:d; d:c', [['a', 'b', 'a'], ['c', 'd', 'c']]],
    ['a:b,c; b:a; c:a', [['a', 'b', 'a']]],
    ['a:missing; b:a', []],
  ])('%s', (spec, expected) => {
    expect(g(spec).cycles()).toEqual(expected);
  });
});

describe('DependencyGraph.order', () => {
  it.each<[string, string[] | undefined, string[]]>([
    ['a:b; b:c; c', undefined, ['c', 'b', 'a']],
    ['c; b; a', undefined, ['a', 'b', 'c']],
    ['app:z,a; z; a', undefined, ['a', 'z', 'app']],
    ['d:b,c; b:a; c:a; a', undefined, ['a', 'b', 'c', 'd']],
    ['a:b; b:c; c', ['a', 'c'], ['c', 'a']],
    ['a:b; b:c; c', ['a'], ['a']],
    ['a:x; x; b', ['a', 'b', 'unknown'], ['b', 'a']],
    ['m:b; z; b:z', ['m', 'z'], ['z', 'm']],
    ['a:missing; b', undefined, ['a', 'b']],
    ['a:missing; b', ['a'], ['a']],
  ])('%s (%j)', (spec, names, expected) => {
    expect(g(spec).order(names)).toEqual(expected);
  });

  it.each([
    ['a:b; b:a', undefined, 'a -> b -> a'],
    ['a:b; b:c; c:b', ['a'], 'b -> c -> b'],
  ])('throws HUB_DEPENDENCY_CYCLE on %s', (spec, names, path) => {
    try {
      g(spec).order(names);
      expect.unreachable();
    } catch (e) {
      expect(isHubError(e)).toBe(true);
      expect((e as { code: string }).code).toBe('HUB_DEPENDENCY_CYCLE');
      expect((e as Error).message).toContain(path);
    }
  });

  it('does not throw for a cycle outside the requested names', () => {
    expect(g('a; b:c; c:b').order(['a'])).toEqual(['a']);
  });

  it('orders a long chain of 1000 modules', () => {
    const mods = Array.from({ length: 1000 }, (_, i) => ({ name: `m${i}`, depends: i ? [`m${i - 1}`, `m${Math.floor(i / 2)}`] : [] }));
    const order = DependencyGraph.fromModules(mods).order();
    expect(order).toHaveLength(1000);
    expect(order[0]).toBe('m0');
  });
});

describe('DependencyGraph.dependenciesOf / dependentsOf', () => {
  const graph = 'sales:contacts,product; contacts:base; product:base; base; crm:contacts,ghost; report:sales';
  it.each<[string, boolean, string[]]>([
    ['sales', false, ['contacts', 'product']],
    ['sales', true, ['base', 'contacts', 'product']],
    ['crm', true, ['base', 'contacts', 'ghost']],
    ['base', true, []],
    ['nobody', true, []],
  ])('dependenciesOf(%s, transitive=%s)', (name, transitive, expected) => {
    expect(g(graph).dependenciesOf(name, { transitive })).toEqual(expected);
  });

  it.each<[string, boolean, string[]]>([
    ['base', false, ['contacts', 'product']],
    ['base', true, ['report', 'sales', 'product', 'crm', 'contacts']],
    ['contacts', true, ['report', 'sales', 'crm']],
    ['report', true, []],
  ])('dependentsOf(%s, transitive=%s)', (name, transitive, expected) => {
    expect(g(graph).dependentsOf(name, { transitive })).toEqual(expected);
  });
});
