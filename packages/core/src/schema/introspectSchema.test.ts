import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { openDatabase } from '../db/index.js';
import type { Database } from '../db/types.js';
import { introspectSchema } from './introspectSchema.js';

const ddl = (s: string, order: 'ab' | 'ba') => {
  const enumDdl = `create type "${s}".kind as enum ('x', 'y', 'z');`;
  const parent = `create table "${s}".parent (id serial primary key, code varchar(10) not null unique, kind "${s}".kind default 'x');`;
  const child = order === 'ab'
    ? `create table "${s}".child (id bigint generated always as identity primary key, parent_id integer references "${s}".parent(id) on delete cascade, amount numeric(12, 2) default 0, total numeric generated always as (amount * 2) stored);`
    : `create table "${s}".child (total numeric generated always as (amount * 2) stored, amount numeric(12, 2) default 0, parent_id integer references "${s}".parent(id) on delete cascade, id bigint generated always as identity primary key);`;
  const rest = `create index child_parent_idx on "${s}".child (parent_id); create sequence "${s}".numbers start 5 increment 5;
    create view "${s}".parents as select id, code from "${s}".parent;`;
  return `create schema "${s}"; ${enumDdl} ${parent} ${child} ${rest}`;
};

describe.each(testDatabases())('introspectSchema on $kind', ({ create }) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const target = await create();
    drop = target.drop;
    db = await openDatabase({ url: target.url, dataDir: target.dataDir });
  });
  afterAll(async () => { await db?.close(); await drop?.(); });

  it('describes tables, columns, constraints, indexes, enums, sequences and views', async () => {
    await db.exec(ddl('i1', 'ab'));
    const s = await introspectSchema(db, 'i1');
    expect(s.exists).toBe(true);
    expect(s.enums).toEqual({ kind: ['x', 'y', 'z'] });
    expect(s.tables.parent.columns).toEqual({
      id: { type: 'integer', notNull: true, default: "nextval('i1.parent_id_seq'::regclass)", identity: null, generated: null },
      code: { type: 'character varying(10)', notNull: true, default: null, identity: null, generated: null },
      kind: { type: 'i1.kind', notNull: false, default: "'x'::i1.kind", identity: null, generated: null },
    });
    expect(s.tables.child.columns.id).toMatchObject({ type: 'bigint', identity: 'always' });
    expect(s.tables.child.columns.total).toMatchObject({ generated: '(amount * (2)::numeric)', default: null });
    expect(s.tables.parent.constraints).toEqual({ parent_pkey: 'PRIMARY KEY (id)', parent_code_key: 'UNIQUE (code)' });
    expect(s.tables.child.constraints.child_parent_id_fkey).toBe('FOREIGN KEY (parent_id) REFERENCES i1.parent(id) ON DELETE CASCADE');
    expect(Object.keys(s.tables.child.indexes).sort()).toEqual(['child_parent_idx', 'child_pkey']);
    expect(s.sequences.numbers).toMatchObject({ start: '5', increment: '5', ownedBy: null, cycle: false });
    expect(s.sequences.parent_id_seq.ownedBy).toBe('parent.id');
    expect(s.sequences.child_id_seq.ownedBy).toBe('child.id');
    expect(Object.keys(s.views)).toEqual(['parents']);
  });

  it('is independent of creation and column order, and sees differences', async () => {
    await db.exec(ddl('i2', 'ab').replaceAll('"i2"', '"ia"'));
    await db.exec(ddl('i2', 'ba').replaceAll('"i2"', '"ib"'));
    const a = await introspectSchema(db, 'ia');
    const b = await introspectSchema(db, 'ib');
    const rename = (x: unknown, s: string) => JSON.parse(JSON.stringify(x).replaceAll(`${s}.`, 'S.').replaceAll(`"${s}"`, '"S"'));
    expect(rename(b, 'ib')).toEqual(rename(a, 'ia'));
    await db.exec('create index parent_kind_idx on ib.parent (kind)');
    expect(rename(await introspectSchema(db, 'ib'), 'ib')).not.toEqual(rename(a, 'ia'));
  });

  it('reports a missing schema as empty', async () => {
    expect(await introspectSchema(db, 'nope')).toEqual({ schema: 'nope', exists: false, tables: {}, enums: {}, sequences: {}, views: {} });
  });
});
