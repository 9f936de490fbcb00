import { describe, expectTypeOf, it } from 'vitest';
import { integer, pgSchema, serial, text } from 'drizzle-orm/pg-core';
import { defineModule, z, type ModuleContext } from '../src/index.js';

const crm = pgSchema('crm');
const people = crm.table('people', { id: serial('id').primaryKey(), name: text('name').notNull(), age: integer('age') });
const schema = { crm, people };

describe('defineModule types', () => {
  it('types ctx.config from the zod schema', () => {
    defineModule({
      name: 'crm',
      schema,
      config: z.object({ currency: z.string(), limit: z.coerce.number() }),
      services: (ctx) => {
        expectTypeOf(ctx.config.currency).toEqualTypeOf<string>();
        expectTypeOf(ctx.config.limit).toEqualTypeOf<number>();
        // @ts-expect-error unknown config key
        ctx.config.nope;
        return {};
      },
    });
  });

  it('types ctx.db from the schema', () => {
    defineModule({
      name: 'crm',
      schema,
      services: (ctx) => ({
        async names() {
          const rows = await ctx.db.select().from(people);
          expectTypeOf(rows).toEqualTypeOf<{ id: number; name: string; age: number | null }[]>();
          const found = await ctx.db.query.people.findMany();
          expectTypeOf(found[0]!.name).toEqualTypeOf<string>();
          // @ts-expect-error no such table in the schema
          ctx.db.query.orders;
          return rows.map((r) => r.name);
        },
      }),
    });
  });

  it('rejects wrong field types', () => {
    // @ts-expect-error name must be a string
    defineModule({ name: 42 });
    // @ts-expect-error hooks receive a context, and must be functions
    defineModule({ name: 'crm', hooks: { postInit: 'x' } });
    // @ts-expect-error menus need a path
    defineModule({ name: 'crm', menus: [{ name: 'People' }] });
  });

  it('exposes a context type', () => {
    expectTypeOf<ModuleContext['name']>().toEqualTypeOf<string>();
  });
});
