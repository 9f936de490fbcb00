import { describe, expect, it } from 'vitest';
import { defineModule } from '@hub/kit';
import { z } from 'zod';
import type { SqlExecutor } from '../db/types.js';
import type { LoadedModule } from '../hub/types.js';
import { ModuleRuntime } from './ModuleRuntime.js';

const executor = { kind: 'pglite', drizzle: () => ({}) } as unknown as SqlExecutor;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const loaded = (definition: ReturnType<typeof defineModule<any, any, any>>, depends: string[] = []): LoadedModule => ({
  info: { name: definition.name, packageName: `@hub/module-${definition.name}`, version: '1.0.0', application: false, autoInstall: false, depends, entry: '/x', dir: '/x', source: 'addons' },
  definition: definition as never, codeHash: '0',
});

describe('ModuleRuntime', () => {
  const a = defineModule({ name: 'a', services: () => ({ hello: (n: string) => `hello ${n}`, calls: 0 }) });
  const b = defineModule({ name: 'b', wraps: { a: { hello: (original) => (n: string) => `${original(n)}!` } }, services: (ctx) => ({ viaA: (n: string) => ctx.module<{ hello(n: string): string }>('a').hello(n) }) });
  const c = defineModule({ name: 'c', wraps: { a: { hello: (original) => (n: string) => `[${original(n)}]` } } });

  it('builds services once, applying the wraps of the other modules in dependency order', () => {
    const rt = new ModuleRuntime({ executor, modules: [loaded(a), loaded(b, ['a']), loaded(c, ['a', 'b'])], env: {}, logger: quiet });
    const s = rt.servicesOf<{ hello(n: string): string }>('a');
    expect(s.hello('x')).toBe('[hello x!]');
    expect(rt.servicesOf('a')).toBe(s);
    expect(rt.servicesOf<{ viaA(n: string): string }>('b').viaA('y')).toBe('[hello y!]');
  });

  it('gives contexts with config from the environment, and typed errors for missing modules and bad wraps', () => {
    const conf = defineModule({ name: 'conf', config: z.object({ pageSize: z.coerce.number().default(10) }) });
    const rt = new ModuleRuntime({ executor, modules: [loaded(conf)], env: { MODULES__CONF__PAGE_SIZE: '25' }, logger: quiet });
    const ctx = rt.context('conf');
    expect(ctx).toMatchObject({ name: 'conf', version: '1.0.0', config: { pageSize: 25 } });
    expect(() => ctx.module('a')).toThrow(expect.objectContaining({ code: 'HUB_NOT_A_DEPENDENCY' }));
    expect(() => ctx.module('base')).toThrow(expect.objectContaining({ code: 'HUB_NOT_INSTALLED' }));
    const bad = defineModule({ name: 'bad', wraps: { a: { nope: (o) => o } } });
    const rt2 = new ModuleRuntime({ executor, modules: [loaded(a), loaded(bad, ['a'])], env: {}, logger: quiet });
    expect(() => rt2.servicesOf('a')).toThrow(expect.objectContaining({ code: 'HUB_WRAP_TARGET_MISSING' }));
  });
});
