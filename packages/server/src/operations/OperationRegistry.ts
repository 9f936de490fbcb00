// Every lifecycle request is an operation: its steps (the engine's progress events), its outcome,
// kept in memory (bounded, oldest finished first out) and streamed to watchers while it runs. With
// a store (PostgreSQL), they are also written to hub.operations, and operations of other instances
// are read and followed from there.
import { randomUUID } from 'node:crypto';
import type { OperationAction, OperationResult, ProgressEvent } from '@hub/core';
import type { OperationStore } from './OperationStore.js';

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
  /** The instance that runs it (known when operations are shared through the database). */
  instance?: string;
}

/** What a watcher receives: a step, or the end of the operation. */
export type OperationEvent = { type: 'step'; step: ProgressEvent } | { type: 'done'; operation: Operation };

export class OperationRegistry {
  private readonly ops = new Map<string, Operation>();
  private readonly watchers = new Map<string, Set<(event: OperationEvent) => void>>();

  private created = 0;

  constructor(
    private readonly capacity = 200,
    private readonly store?: OperationStore,
    /** How often a watcher of another instance's operation reads it again. */
    private readonly pollEveryMs = 100,
  ) {}

  create(action: OperationAction, modules: string[], actor: string | null): Operation {
    const op: Operation = {
      id: randomUUID(), action, modules, actor, status: 'running', steps: [], error: null, result: null,
      startedAt: new Date().toISOString(), finishedAt: null, ...(this.store ? { instance: this.store.instance } : {}),
    };
    this.ops.set(op.id, op);
    this.store?.created(op);
    this.evict();
    if (this.store && ++this.created % 50 === 0) this.store.prune(this.capacity).catch(() => { /* pruned next time */ });
    return op;
  }

  /** An operation of this process. */
  get(id: string): Operation | undefined {
    return this.ops.get(id);
  }

  /** An operation of this process, or of any instance on the database when shared. */
  async find(id: string): Promise<Operation | undefined> {
    return this.ops.get(id) ?? (await this.store?.read(id));
  }

  list(): Operation[] {
    return [...this.ops.values()].reverse();
  }

  /** The latest operations of every instance when shared (this process's own as it knows them), newest first. */
  async all(): Promise<Operation[]> {
    if (!this.store) return this.list();
    const stored = await this.store.list(this.capacity);
    const out = stored.map((op) => this.ops.get(op.id) ?? op);
    const seen = new Set(out.map((op) => op.id));
    // Its own, not written yet.
    for (const op of this.list()) if (!seen.has(op.id)) out.push(op);
    return out.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0)).slice(0, this.capacity);
  }

  /** Resolves once what this process knows of the operation is in the database (when shared). */
  async flushed(id: string): Promise<void> {
    await this.store?.flushed(id);
  }

  progress(id: string, step: ProgressEvent): void {
    const op = this.ops.get(id);
    if (!op || op.status !== 'running') return;
    op.steps.push(step);
    this.store?.stepped(id, step);
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

  /**
   * Follows an operation from its step `from` on: this process's through watch(), another
   * instance's by reading it again every pollEveryMs until it ends. Returns the stop function.
   */
  follow(op: Operation, from: number, listener: (event: OperationEvent) => void): () => void {
    if (this.ops.get(op.id) === op || !this.store) return this.watch(op.id, listener);
    let sent = from;
    let stopped = false;
    const tick = async () => {
      if (stopped) return;
      const now = await this.store!.read(op.id).catch(() => undefined);
      if (stopped) return;
      if (now) {
        for (const step of now.steps.slice(sent)) listener({ type: 'step', step });
        sent = Math.max(sent, now.steps.length);
        if (now.status !== 'running') { stopped = true; listener({ type: 'done', operation: now }); return; }
      }
      timer = setTimeout(() => { void tick(); }, this.pollEveryMs);
    };
    let timer = setTimeout(() => { void tick(); }, this.pollEveryMs);
    return () => { stopped = true; clearTimeout(timer); };
  }

  private readonly finishedListeners = new Set<(op: Operation) => void>();

  /** Called after every operation of this process ends, whatever its outcome. */
  onFinished(listener: (op: Operation) => void): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  private finish(id: string, status: OperationStatus, result: OperationResult | null, error: OperationError | null): void {
    const op = this.ops.get(id);
    if (!op || op.status !== 'running') return;
    op.status = status;
    op.result = result;
    op.error = error;
    op.finishedAt = new Date().toISOString();
    this.store?.finished(op);
    this.emit(id, { type: 'done', operation: op });
    this.watchers.delete(id);
    for (const listener of this.finishedListeners) {
      try { listener(op); } catch { /* a listener must not break the operation */ }
    }
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
