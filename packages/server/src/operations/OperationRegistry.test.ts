import { describe, expect, it } from 'vitest';
import { OperationRegistry, type OperationEvent } from './OperationRegistry.js';

describe('OperationRegistry', () => {
  it('records steps and the outcome, and tells watchers', () => {
    const reg = new OperationRegistry();
    const op = reg.create('install', ['contacts'], 'admin@x');
    const seen: OperationEvent[] = [];
    reg.watch(op.id, (e) => seen.push(e));
    reg.progress(op.id, { operationId: op.id, message: 'DDL', phase: 'step', module: 'contacts' });
    reg.succeed(op.id, { operationId: op.id } as never);
    reg.progress(op.id, { operationId: op.id, message: 'late', phase: 'step' });
    expect(reg.get(op.id)).toMatchObject({ status: 'succeeded', steps: [{ message: 'DDL' }] });
    expect(seen.map((e) => e.type)).toEqual(['step', 'done']);
  });

  it('keeps at most `capacity` operations, dropping the oldest finished ones', () => {
    const reg = new OperationRegistry(3);
    const running = reg.create('install', ['a'], null);
    const ids = [1, 2, 3, 4].map(() => {
      const op = reg.create('enable', ['b'], null);
      reg.fail(op.id, { error: 'x', code: 'HUB_X' });
      return op.id;
    });
    expect(reg.get(running.id)).toBeDefined();
    expect(reg.get(ids[0])).toBeUndefined();
    expect(reg.get(ids[3])).toBeDefined();
    expect(reg.list()).toHaveLength(3);
  });
});
