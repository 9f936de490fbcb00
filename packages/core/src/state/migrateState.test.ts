import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Database } from '../db/types.js';
import { openTestDatabase } from '../../test/helpers.js';
import { migrateState, readStateVersion } from './migrateState.js';
import { STATE_STEPS } from './stateSteps.js';
import { insertAudit, readAudit, readModuleRows, replaceOwnership, readOwnership, upsertModuleRow } from './stateStore.js';

describe.each(testDatabases())('hub state on $kind', ({ create }) => {
  let db: Database | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => { await db?.close(); await drop?.(); });

  it('creates schema hub once, then applies only new steps; rows round-trip', async () => {
    const target = await create();
    drop = target.drop;
    db = await openTestDatabase(target);
    expect(await readStateVersion(db)).toBe(0);
    await Promise.all([migrateState(db), migrateState(db)]);
    expect(await readStateVersion(db)).toBe(STATE_STEPS.at(-1)!.version);
    const extra = [...STATE_STEPS, { version: 99, description: 'test step', sql: 'CREATE TABLE hub.extra (x int)' }];
    expect(await migrateState(db, extra)).toBe(99);
    expect(await migrateState(db, extra)).toBe(99);
    expect(await db.query("SELECT version FROM hub.schema_version ORDER BY version")).toEqual([...STATE_STEPS.map((s) => ({ version: s.version })), { version: 99 }]);

    await upsertModuleRow(db, { name: 'm', version: '1.0.0', state: 'installed', enabled: true, snapshot: { tables: { a: 1 } }, manifestHash: 'h' }, true);
    const row = (await readModuleRows(db)).get('m')!;
    expect(row).toMatchObject({ name: 'm', version: '1.0.0', state: 'installed', enabled: true, snapshot: { tables: { a: 1 } }, manifestHash: 'h' });
    expect(row.installedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await insertAudit(db, { actor: 'me', action: 'install', module: 'm', ok: true, operationId: 'op', detail: { n: 1 } });
    expect(await readAudit(db, { module: 'm' })).toEqual([{ id: 1, at: expect.any(String), actor: 'me', action: 'install', module: 'm', ok: true, operationId: 'op', detail: { n: 1 } }]);
    await replaceOwnership(db, 'm', [{ schema: 'm', table: 't', column: null, kind: 'table', module: 'm' }, { schema: 'x', table: 'y', column: 'c', kind: 'column', module: 'm' }]);
    expect((await readOwnership(db, 'm')).map((o) => `${o.schema}.${o.table}.${o.column ?? ''}:${o.kind}`)).toEqual(['m.t.:table', 'x.y.c:column']);
  });
});
