import { describe, expect, it } from 'vitest';
import { pgSchema, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { defineModule, isHubModule, isHubError, z } from '../src/index.js';

const crm = pgSchema('crm');
const people = crm.table('people', { id: serial('id').primaryKey(), name: text('name').notNull() });

describe('defineModule', () => {
  it('returns the definition branded and frozen', () => {
    const m = defineModule({ name: 'crm', schema: { crm, people }, permissions: ['crm.read'] });
    expect(isHubModule(m)).toBe(true);
    expect(m.name).toBe('crm');
    expect(Object.isFrozen(m)).toBe(true);
  });

  it.each([
    ['Crm', 'does not match'],
    ['1crm', 'does not match'],
    ['crm-x', 'does not match'],
    ['hub', 'reserved'],
    ['public', 'reserved'],
    ['modules', 'reserved'],
    ['install', 'reserved'],
    ['pg_stats', 'pg_'],
    ['node_modules', 'Node or npm'],
    ['fs', 'Node or npm'],
    ['child_process', 'Node or npm'],
    ['npm', 'Node or npm'],
    ['package', 'Node or npm'],
    ['constructor', 'Node or npm'],
    ['', 'missing'],
  ])('refuses the name %j', (name, why) => {
    let err: unknown;
    try { defineModule({ name }); } catch (e) { err = e; }
    expect(isHubError(err)).toBe(true);
    expect((err as Error).message).toContain(why);
    expect((err as { code: string }).code).toBe('HUB_MODULE_DEFINITION_INVALID');
  });

  it('refuses a table outside any pgSchema, naming the module and field', () => {
    const loose = pgTable('loose', { id: serial('id').primaryKey() });
    expect(() => defineModule({ name: 'crm', schema: { loose } })).toThrow(/Module "crm": schema.loose: table "loose" is not inside pgSchema\("crm"\)/);
  });

  it('refuses an enum in another schema', () => {
    const other = pgSchema('other');
    const status = other.enum('status', ['a', 'b']);
    expect(() => defineModule({ name: 'crm', schema: { status } })).toThrow(/schema.status: enum "status"/);
  });

  it('refuses malformed menus and permissions', () => {
    expect(() => defineModule({ name: 'crm', menus: [{ name: 'People', path: 'people' }] })).toThrow(/menus\[0\].path/);
    expect(() => defineModule({ name: 'crm', menus: [{ name: '', path: '/people' }] })).toThrow(/menus\[0\].name/);
    expect(() => defineModule({ name: 'crm', permissions: ['sales.read'] })).toThrow(/not of the form "crm.<action>"/);
    expect(() => defineModule({ name: 'crm', permissions: ['crm.read', 'crm.read'] })).toThrow(/listed twice/);
  });

  it('refuses non-function hooks and bad migration keys', () => {
    expect(() => defineModule({ name: 'crm', hooks: { postInit: 'x' as never } })).toThrow(/hooks.postInit: must be a function/);
    expect(() => defineModule({ name: 'crm', migrations: { 'v2': { post: async () => {} } } })).toThrow(/migrations\["v2"\]/);
  });

  it('accepts a config schema', () => {
    const m = defineModule({ name: 'crm', config: z.object({ currency: z.string().default('EUR') }) });
    expect(m.config).toBeDefined();
  });
});

describe('defineModule access', () => {
  it('accepts grants on another schema and secrets of its own tables', () => {
    const m = defineModule({ name: 'crm', access: { grants: { 'contacts.people': ['update'], 'inventory.*': ['select'] }, secrets: ['keys.secret_hash'] } });
    expect(m.access?.grants?.['contacts.people']).toEqual(['update']);
  });
  it.each([
    [{ grants: { people: ['update'] } }, 'schema.table'],
    [{ grants: { 'hub.modules': ['update'] } }, 'never granted'],
    [{ grants: { 'public.x': ['select'] } }, 'never granted'],
    [{ grants: { 'crm.things': ['select'] } }, 'own schema'],
    [{ grants: { 'contacts.people': ['create'] } }, 'non-empty array'],
    [{ grants: { 'contacts.people': [] } }, 'non-empty array'],
    [{ secrets: ['password_hash'] }, 'table.column'],
    [{ owner: true }, 'not a known field'],
  ])('refuses %j', (access, message) => {
    expect(() => defineModule({ name: 'crm', access: access as never })).toThrow(message);
  });
});

describe('names special to Node and npm', () => {
  it('reserves every built-in module of this Node that a module name could spell', async () => {
    const { builtinModules } = await import('node:module');
    const { RESERVED_NODE_NAMES, MODULE_NAME_PATTERN } = await import('../src/index.js');
    const spellable = builtinModules.filter((n) => MODULE_NAME_PATTERN.test(n));
    expect(spellable.filter((n) => !RESERVED_NODE_NAMES.includes(n))).toEqual([]);
  });
});
