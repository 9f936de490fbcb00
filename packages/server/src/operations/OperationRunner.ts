// Runs lifecycle requests as operations: recorded with their steps, answered when done (or at
// once with 202), and the dispatcher refreshed before the answer so new routes already answer.
import type { Response } from 'express';
import { HubError, isHubError } from '@hub/kit';
import type { Hub, OperationRequest, OperationResult } from '@hub/core';
import type { Logger } from 'pino';
import type { ModuleMounter } from '../dispatch/ModuleMounter.js';
import type { InstanceRegistry } from '../cluster/InstanceRegistry.js';
import type { OperationError, OperationRegistry, Operation } from './OperationRegistry.js';
import type { ServerRequest } from '../http/types.js';

export interface RunOptions {
  planHash?: string;
  async?: boolean;
  /** Checks run before apply (route conflicts); throw to refuse. */
  preflight?: () => Promise<void>;
}

export function operationError(err: unknown): OperationError {
  if (isHubError(err)) return { error: err.message, code: err.code, hint: err.hint, module: err.module, details: err.details };
  return { error: 'Internal error', code: 'HUB_INTERNAL' };
}

export function publicOperation(op: Operation) {
  return {
    id: op.id, action: op.action, modules: op.modules, actor: op.actor, status: op.status, steps: op.steps,
    error: op.error, result: op.result, startedAt: op.startedAt, finishedAt: op.finishedAt, ...(op.instance ? { instance: op.instance } : {}),
    links: { self: `/api/v1/operations/${op.id}`, events: `/api/v1/operations/${op.id}/events` },
  };
}

export class OperationRunner {
  constructor(
    private readonly hub: Hub,
    private readonly ops: OperationRegistry,
    private readonly mounter: ModuleMounter,
    private readonly logger: Logger,
    private readonly registry?: InstanceRegistry,
    private readonly clusterWaitMs = 5000,
  ) {}

  /**
   * Modules a change takes something away from (uninstall, disable, rollback, restore, an upgrade
   * that loses data or is breaking), plus the modules they extend (overrides, service wrappers)
   * and the modules that depend on them (whose routes call their services, on connections the
   * change closes): those are drained on every instance before the change commits. Adding changes
   * need no drain.
   * After a breaking one, instances with the older code go from the drain to the version fence.
   */
  private async affected(request: OperationRequest): Promise<string[]> {
    if (!this.hub.drain || request.action === 'install' || request.action === 'enable') return [];
    const plan = await this.hub.plan(request);
    const removing = plan.modules.filter((m) => ['uninstall', 'disable', 'rollback', 'restore'].includes(m.action)
      || (['upgrade', 'sync'].includes(m.action) && (m.dataLoss.length > 0 || m.compatibility?.compatible === false))).map((m) => m.name);
    const out = new Set(removing);
    for (const name of removing) {
      const definition = this.mounter.definition(name);
      for (const target of [...Object.keys(definition?.overrides ?? {}), ...Object.keys(definition?.wraps ?? {})]) out.add(target);
    }
    for (const name of this.mounter.dependents(removing)) out.add(name);
    return [...out].sort();
  }

  /** Drains `modules` everywhere and waits until every live instance serves the drain (bounded). */
  private async drainEverywhere(id: string, modules: string[]): Promise<void> {
    const generation = await this.hub.drain!(id, modules);
    await this.mounter.settled();
    if (this.registry && generation) {
      await this.registry.beat();
      const { lagging } = await this.registry.waitForGeneration(generation, this.clusterWaitMs);
      if (lagging.length) this.logger.warn({ lagging, modules }, `instances ${lagging.join(', ')} did not confirm the drain of ${modules.join(', ')} in time`);
    }
  }

  /** Starts an operation; resolves with its result or rejects with the engine's error. */
  start(request: OperationRequest, actor: string | null, options: RunOptions = {}): { operation: Operation; done: Promise<OperationResult> } {
    const op = this.ops.create(request.action, request.modules, actor);
    const done = (async () => {
      if (options.preflight) await options.preflight();
      const drained = await this.affected(request).catch(() => []);
      if (drained.length) await this.drainEverywhere(op.id, drained);
      const refreshesBefore = this.mounter.requested;
      let result: OperationResult;
      try {
        result = await this.hub.apply(request, {
          actor: actor ?? undefined, planHash: options.planHash, operationId: op.id,
          onProgress: (event) => this.ops.progress(op.id, event), ...(drained.length ? { drainId: op.id } : {}),
        });
      } catch (err) {
        if (drained.length) await this.hub.undrain!(op.id).catch((e) => this.logger.error({ err: e }, 'lifting a drain failed'));
        throw err;
      }
      // The hub's onChange (emitted before apply resolves) queued the remount; wait for it so the
      // answer comes when the routes already answer (and remount here if no event came).
      if (result.changed.length) {
        if (this.mounter.requested === refreshesBefore) await this.mounter.refresh(result.changed);
        else await this.mounter.settled();
      }
      // Success means served where it should be: the answer waits (a few seconds at most) until
      // every live instance serves the new generation; a module the database now says is
      // installed and enabled but that did not mount (its import or routes() threw) on an
      // instance makes the operation fail with why.
      let instances: { id: string; modules: Record<string, { mounted: boolean; problem?: { code: string; message: string } }> }[] =
        [{ id: 'local', modules: this.mounter.readiness() }];
      let lagging: string[] = [];
      if (this.registry && result.changed.length && result.generation) {
        await this.registry.beat();
        ({ instances, lagging } = await this.registry.waitForGeneration(result.generation, this.clusterWaitMs));
      }
      const failures = instances.flatMap((i) => result.changed
        .filter((name) => i.modules[name] && !i.modules[name].mounted && i.modules[name].problem?.code !== 'HUB_MODULE_VERSION_SKEW')
        .map((name) => ({ instance: i.id, module: name, problem: i.modules[name].problem })));
      if (failures.length) {
        const f = failures[0]!;
        throw new HubError('HUB_MODULE_MOUNT_FAILED', `${request.action} committed, but "${f.module}" could not be mounted${instances.length > 1 ? ` on instance ${f.instance}` : ''}: ${f.problem?.message ?? 'unknown error'}`, {
          status: 422, module: f.module,
          hint: 'The database change is committed. Fix the module code and upgrade it, or uninstall it.',
          details: { operationId: op.id, committed: true, failures, changed: result.changed },
        });
      }
      if (lagging.length) this.logger.warn({ lagging, generation: result.generation }, `instances ${lagging.join(', ')} did not report generation ${result.generation} in time`);
      return { ...result, cluster: { generation: result.generation ?? 0, instances: instances.map((i) => i.id), lagging } };
    })();
    done.then((result) => this.ops.succeed(op.id, result), (err) => {
      this.ops.fail(op.id, operationError(err));
      if (!isHubError(err)) this.logger.error({ err, operationId: op.id }, `operation ${request.action} ${request.modules.join(', ')} failed`);
    });
    return { operation: op, done };
  }

  /** Runs and answers: 200 with the operation when done, or 202 at once when options.async. */
  async respond(req: ServerRequest, res: Response, request: OperationRequest, options: RunOptions = {}): Promise<void> {
    const { operation, done } = this.start(request, req.hubUser?.email ?? null, options);
    res.setHeader('x-hub-operation-id', operation.id);
    if (options.async) {
      done.catch(() => undefined);
      // Its row is written before the 202: the operation's link works on every instance at once.
      await this.ops.flushed(operation.id);
      res.status(202).location(`/api/v1/operations/${operation.id}`).json({ operationId: operation.id, status: 'running', links: publicOperation(operation).links });
      return;
    }
    try {
      await done;
    } catch (err) {
      await this.ops.flushed(operation.id);
      if (isHubError(err)) {
        throw new HubError(err.code, err.message, {
          status: err.status, hint: err.hint, module: err.module, cause: err,
          details: err.details === undefined ? { operationId: operation.id } : err.details,
        });
      }
      throw err;
    }
    // Answered once the outcome is in the database too: any instance shows it from then on.
    await this.ops.flushed(operation.id);
    res.json({ operationId: operation.id, operation: publicOperation(operation) });
  }
}
