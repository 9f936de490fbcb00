// Every lifecycle request is an operation: its steps (the engine's progress events), its outcome,
// kept in memory (bounded, oldest finished first out) and streamed to watchers while it runs.
import { randomUUID } from 'node:crypto';
import type { OperationAction, OperationResult, ProgressEvent } from '@hub/core';

export type OperationStatus = 'running' | 'succeeded' | 'failed';

export interface OperationError {
  error: string;
  code: string;
  hint?: string;
  module?: string;
  details?: unknown;
}

export interface Operation {
  id: string;
  action: OperationAction;
  modules: string[];
  actor: string | null;
  status: OperationStatus;
  steps: ProgressEvent[];
  error: OperationError | null;
  result: OperationResult | null;
  startedAt: string;
  finishedAt: string | null;
}

/** What a watcher receives: a step, or the end of the operation. */
export type OperationEvent = { type: 'step'; step: ProgressEvent } | { type: 'done'; operation: Operation };

export class OperationRegistry {
  private readonly ops = new Map<string, Operation>();
  private readonly watchers = new Map<string, Set<(event: OperationEvent) => void>>();

  constructor(private readonly capacity = 200) {}

  create(action: OperationAction, modules: string[], actor: string | null): Operation {
    const op: Operation = {
      id: randomUUID(), action, modules, actor, status: 'running', steps: [], error: null, result: null,
      startedAt: new Date().toISOString(), finishedAt: null,
    };
    this.ops.set(op.id, op);
    this.evict();
    return op;
  }

  get(id: string): Operation | undefined {
    return this.ops.get(id);
  }

  list(): Operation[] {
    return [...this.ops.values()].reverse();
  }

  progress(id: string, step: ProgressEvent): void {
    const op = this.ops.get(id);
    if (!op || op.status !== 'running') return;
    op.steps.push(step);
    this.emit(id, { type: 'step', step });
  }

  succeed(id: string, result: OperationResult): void {
    this.finish(id, 'succeeded', result, null);
  }

  fail(id: string, error: OperationError): void {
    this.finish(id, 'failed', null, error);
  }

  /** Calls listener for each later event; returns the unsubscribe function. */
  watch(id: string, listener: (event: OperationEvent) => void): () => void {
    let set = this.watchers.get(id);
    if (!set) this.watchers.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0) this.watchers.delete(id);
    };
  }

  private finish(id: string, status: OperationStatus, result: OperationResult | null, error: OperationError | null): void {
    const op = this.ops.get(id);
    if (!op || op.status !== 'running') return;
    op.status = status;
    op.result = result;
    op.error = error;
    op.finishedAt = new Date().toISOString();
    this.emit(id, { type: 'done', operation: op });
    this.watchers.delete(id);
  }

  private emit(id: string, event: OperationEvent): void {
    for (const listener of this.watchers.get(id) ?? []) {
      try { listener(event); } catch { /* a broken watcher must not break the operation */ }
    }
  }

  private evict(): void {
    if (this.ops.size <= this.capacity) return;
    for (const [id, op] of this.ops) {
      if (this.ops.size <= this.capacity) break;
      if (op.status !== 'running') this.ops.delete(id);
    }
  }
}
