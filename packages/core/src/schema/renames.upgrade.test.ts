// Rename hints for enums, enum values and sequences: renamed in place, rows and positions kept,
// and the upgraded catalog equals a fresh install; a hint naming nothing is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
import { openDatabase } from '../db/index.js';
import type { Database } from '../db/types.js';
import { diffSnapshots } from './diffSnapshots.js';
import { moduleSnapshot } from './moduleSnapshot.js';
import { upgradeTester } from './testing/upgradeTester.js';

describe.each(testDatabases())('enum and sequence rename hints on $kind', ({ create }) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const target = await create();
    drop = target.drop;
    db = await openDatabase({ url: target.url, dataDir: target.dataDir });
  });
  afterAll(async () => { await db?.close(); await drop?.(); });
  const upgrade = upgradeTester(() => db, 'rn');

  it('renames an enum used by a column and an array column: rows keep their values, no data loss', async () => {
    const { diff, rows, s, upgraded } = await upgrade(
      (s) => { const kind = s.enum('kind', ['small', 'large']); return { kind, t: s.table('t', { id: serial('id').primaryKey(), k: kind('k').default('small').notNull(), ks: kind('ks').array() }) }; },
      (s) => { const size = s.enum('size', ['small', 'large']); return { size, t: s.table('t', { id: serial('id').primaryKey(), k: size('k').default('small').notNull(), ks: size('ks').array() }) }; },
      { renames: { kind: 'size' }, seed: `insert into S.t (k, ks) values ('large', '{small,large}');` },
    );
    expect(diff.statements.map((x) => x.sql)).toEqual([`ALTER TYPE "${s}"."kind" RENAME TO "size";`]);
    expect(diff.dataLoss).toEqual([]);
    expect(upgraded.enums).toEqual({ size: ['small', 'large'] });
    expect(rows).toEqual({ t: [{ id: 1, k: 'large', ks: ['small', 'large'] }] });
  });

  it('renames an enum value (and the enum at once): rows holding it read the new label', async () => {
    const { diff, rows, s, upgraded } = await upgrade(
      (s) => { const kind = s.enum('kind', ['small', 'large']); return { kind, t: s.table('t', { id: serial('id').primaryKey(), k: kind('k').default('large') }) }; },
      (s) => { const size = s.enum('size', ['small', 'big']); return { size, t: s.table('t', { id: serial('id').primaryKey(), k: size('k').default('big') }) }; },
      { renames: { kind: 'size', 'kind.large': 'big' }, seed: `insert into S.t (k) values ('large'), ('small');` },
    );
    expect(diff.statements.map((x) => x.sql)).toEqual([`ALTER TYPE "${s}"."kind" RENAME TO "size";`, `ALTER TYPE "${s}"."size" RENAME VALUE 'large' TO 'big';`]);
    expect(diff.dataLoss).toEqual([]);
    expect(upgraded.enums).toEqual({ size: ['small', 'big'] });
    expect(rows).toEqual({ t: [{ id: 1, k: 'big' }, { id: 2, k: 'small' }] });
  });

  it('renames a sequence: it keeps its position', async () => {
    const { diff, positions, s } = await upgrade(
      (s) => ({ q: s.sequence('numbers', { startWith: 100, increment: 10 }), t: s.table('t', { id: serial('id').primaryKey() }) }),
      (s) => ({ q: s.sequence('serials', { startWith: 100, increment: 10 }), t: s.table('t', { id: serial('id').primaryKey() }) }),
      { renames: { numbers: 'serials' }, seed: `select nextval('S.numbers'); select nextval('S.numbers');` },
    );
    expect(diff.statements.map((x) => x.sql)).toEqual([`ALTER SEQUENCE "${s}"."numbers" RENAME TO "serials";`]);
    expect(diff.dataLoss).toEqual([]);
    expect(positions).toEqual({ serials: '110/true', t_id_seq: '1/false' });
  });

  it('without the hint, a renamed sequence is dropped and re-created: flagged as data loss', async () => {
    const { diff, s } = await upgrade(
      (s) => ({ q: s.sequence('numbers') }),
      (s) => ({ q: s.sequence('serials') }),
    );
    expect(diff.dataLoss).toEqual([`drops sequence "${s}"."numbers" and its current value`]);
  });

  it('refuses a hint that names nothing in either schema, with a coded error naming it', async () => {
    const s = pgSchema(`rn_${process.pid}_none`);
    const v1 = await moduleSnapshot({ e: s.enum('kind', ['a']), t: s.table('t', { id: serial('id').primaryKey(), name: text('name') }) }, [s.schemaName]);
    for (const renames of [{ enum1: 'enum2' }, { 't.nothing': 'neither' }, { 'kind.zzz': 'yyy' }] as Record<string, string>[]) {
      const error = await diffSnapshots({ previous: v1, current: v1, renames, moduleName: s.schemaName }).then(() => undefined, (e) => e);
      expect(error).toMatchObject({ code: 'HUB_SCHEMA_RENAME_UNKNOWN', status: 422 });
      expect(error.message).toContain(`'${Object.keys(renames)[0]}' -> '${Object.values(renames)[0]}'`);
    }
    // Hints naming something (old or new name) are fine, even once applied.
    for (const renames of [{ old: 't' }, { 't.old': 'name' }, { kind: 'sort' }, { 'kind.b': 'a' }, { kind: 'sort', 'sort.b': 'a' }] as Record<string, string>[]) {
      await expect(diffSnapshots({ previous: v1, current: v1, renames, moduleName: s.schemaName })).resolves.toMatchObject({ statements: [] });
    }
  });
});
