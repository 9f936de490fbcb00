// The `hub dev` loop: watches the host's own modules (workspace packages and addons folders),
// rebuilds the one that changed, brings its schema along (at once when nothing is lost, after a
// question otherwise) and remounts it in the running server; open admin pages are told to import
// its rebuilt views again. The last good code keeps serving while a build or an import fails;
// the error is printed and shown in the module's details.
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { performance } from 'node:perf_hooks';
import type { Hub, ModuleInfo, Plan } from '@hub/core';
import type { HubServer } from '@hub/server';
import { buildAdmin, buildServer, stopBuilders } from './buildModule.js';
import { renameCandidate } from './schemaQuestion.js';

type Change = { server: boolean; admin: boolean; data: boolean };
/** Asks on the terminal; resolves undefined when nobody can answer (no terminal) or the question was withdrawn. */
export type Ask = (question: string, signal: AbortSignal) => Promise<string | undefined>;

export interface DevLoopOptions {
  hub: Hub;
  server: HubServer;
  print: (text: string) => void;
  ask: Ask;
  /** Quiet period after the last file event before a rebuild, ms. */
  debounceMs?: number;
}

/** Modules whose sources belong to this host: addons folders and workspace packages (not installed from a registry). */
export function ownModules(modules: ModuleInfo[]): ModuleInfo[] {
  return modules.filter((m) => m.dir && (m.source === 'addons' || !m.dir.split(sep).includes('node_modules')));
}

export class DevLoop {
  private readonly watchers: FSWatcher[] = [];
  private readonly pending = new Map<string, { change: Change; timer: NodeJS.Timeout }>();
  private queue: Promise<void> = Promise.resolve();
  private question?: { module: string; abort: AbortController };
  private stopFollowing?: () => void;
  /** Reloads done so far. */
  reloads = 0;
  /** Heap after the first reload, and whether the growth warning was printed. */
  private heapAtFirst?: number;
  private warnedMemory = false;

  constructor(private readonly options: DevLoopOptions) {}

  async start(): Promise<string[]> {
    const { hub } = this.options;
    const modules = ownModules((await hub.list()).filter((m) => m.state === 'installed'));
    for (const m of modules) {
      // chokidar watches folders, so a save that replaces the file (editors, sed -i) is seen too.
      const folders = ['src', 'data'].map((f) => join(m.dir, f)).filter((p) => existsSync(p));
      if (!folders.length) continue;
      const watcher = watch(folders, { ignoreInitial: true });
      watcher.on('all', (_event, path) => {
        const [folder, ...rest] = relative(m.dir, path).split(sep);
        this.changed(m, folder!, rest.join(sep));
      });
      watcher.on('error', (err) => this.options.print(`! ${m.name}: watching failed: ${(err as Error).message}`));
      await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
      this.watchers.push(watcher);
    }
    // A sync done elsewhere (`hub module sync-schema NAME --apply` through the API) answers the open question.
    this.stopFollowing = hub.onChange((event) => {
      if (this.question && event.modules.includes(this.question.module)) this.question.abort.abort();
    });
    return modules.map((m) => m.name);
  }

  close(): void {
    for (const w of this.watchers.splice(0)) void w.close();
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.question?.abort.abort();
    this.stopFollowing?.();
    stopBuilders();
  }

  /** Resolves when every reload asked for so far is done. */
  settled(): Promise<void> {
    return this.queue;
  }

  private changed(m: ModuleInfo, folder: string, file: string): void {
    const entry = this.pending.get(m.name) ?? { change: { server: false, admin: false, data: false }, timer: undefined as unknown as NodeJS.Timeout };
    if (folder === 'data') entry.change.data = true;
    else if (file.split(sep)[0] === 'admin') entry.change.admin = true;
    else entry.change.server = true;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      this.pending.delete(m.name);
      this.queue = this.queue.then(() => this.reload(m, entry.change)).catch((err) => this.options.print(`! ${m.name}: ${(err as Error).message}`));
    }, this.options.debounceMs ?? 40);
    this.pending.set(m.name, entry);
  }

  /** Rebuilds and remounts one module. */
  async reload(m: ModuleInfo, change: Change): Promise<void> {
    const { hub, server, print } = this.options;
    const started = performance.now();
    const fail = (code: string, what: string, err: unknown) => {
      const message = (err as Error).message ?? String(err);
      print(`✗ ${m.name}: ${what} failed; the previous code keeps serving.\n${indent(message)}`);
      server.reportProblem(m.name, { code, message: `${what} failed: ${message}` });
    };
    try {
      if (change.server) {
        try { await buildServer(m.dir); } catch (err) { return fail('HUB_MODULE_BUILD_FAILED', 'The build', err); }
      }
      if (change.admin) {
        try { await buildAdmin(m.dir); } catch (err) { return fail('HUB_MODULE_BUILD_FAILED', 'The admin build', err); }
      }
      server.reportProblem(m.name, undefined);
      try { await hub.load(m.name); } catch (err) {
        await server.refresh([m.name]);
        return fail('HUB_MODULE_LOAD_FAILED', 'Loading the new code', (err as { cause?: unknown }).cause ?? err);
      }
      await this.syncSchema(m.name, change.data);
      await server.refresh([m.name]);
      // Open admin pages import the rebuilt views again (a host's older @hub/server cannot tell them).
      const told = change.admin && typeof server.adminChanged === 'function';
      if (told) server.adminChanged(m.name);
      const admin = !change.admin ? '' : told ? ' (admin views rebuilt: open pages show them)' : ' (admin rebuilt: reload its page)';
      print(`✓ ${m.name} reloaded in ${Math.round(performance.now() - started)} ms${admin}`);
    } finally {
      this.reloads++;
      this.watchMemory();
    }
  }

  /**
   * Node cannot unload ES modules: every reloaded version of a module's code stays imported
   * (tens of KB per reload, see `pnpm bench dev`). Past 1.5x the heap after the first reload, say
   * once that a restart of `hub dev` gives it back.
   */
  private watchMemory(): void {
    const heap = process.memoryUsage().heapUsed;
    if (this.heapAtFirst === undefined) { this.heapAtFirst = heap; return; }
    if (!this.warnedMemory && heap > this.heapAtFirst * 1.5) {
      this.warnedMemory = true;
      const mb = (n: number) => Math.round(n / 1024 / 1024);
      this.options.print(`! hub dev: the heap grew from ${mb(this.heapAtFirst)} to ${mb(heap)} MB over ${this.reloads} reloads (Node keeps every version of the code it imported); restart hub dev to release it.`);
    }
  }

  /** Applies a sync that loses nothing at once (printing its plan); asks before one that would. */
  private async syncSchema(name: string, reapplyData: boolean): Promise<void> {
    const { hub, print } = this.options;
    // Data files are loaded again when they changed (rows with keys are updated).
    const request = { action: 'sync' as const, modules: [name], options: { reapplyData } };
    let plan: Plan;
    try { plan = await hub.plan(request); } catch (err) {
      print(`✗ ${name}: the schema sync cannot be planned: ${(err as Error).message}`);
      return;
    }
    const step = plan.modules[0];
    if (!step) return;
    if (step.dataLoss.length === 0) {
      await hub.apply(request, { planHash: plan.hash, actor: 'hub dev' });
      if (step.statements.length) print(`${name}: schema changed:\n${indent(step.statements.map((s) => s.sql).join('\n'))}`);
      if (step.dataFiles.length) print(`${name}: data files loaded again: ${step.dataFiles.join(', ')}`);
      return;
    }
    // The new code serves meanwhile; the database keeps what the question is about.
    await this.options.server.refresh([name]);
    print(`${name}: this schema change would lose data:\n${indent(plan.text)}`);
    const rename = renameCandidate(step);
    const question = rename
      ? `Was "${rename.table}.${rename.from}" renamed to "${rename.to}"? [r]ename / [d]rop "${rename.from}" and its values / [w]ait: `
      : `Apply it and lose this data (a backup is taken first)? [y/N] `;
    const abort = new AbortController();
    this.question = { module: name, abort };
    let answer: string | undefined;
    try { answer = (await this.options.ask(question, abort.signal))?.trim().toLowerCase(); } finally { this.question = undefined; }
    if (abort.signal.aborted) { print(`${name}: synced elsewhere.`); return; }
    if (rename && /^r/.test(answer ?? '')) {
      const renamed = { ...request, options: { ...request.options, renames: { [`${rename.table}.${rename.from}`]: rename.to } } };
      const result = await hub.apply(renamed, { actor: 'hub dev' });
      print(`${name}: renamed ${rename.table}.${rename.from} to ${rename.to}.${result.plan.modules[0]?.dataLoss.length ? '' : ' Nothing was lost.'}`);
    } else if ((rename && /^d/.test(answer ?? '')) || (!rename && /^y(es)?$/.test(answer ?? ''))) {
      const result = await hub.apply({ ...request, options: { ...request.options, acceptDataLoss: true } }, { planHash: plan.hash, actor: 'hub dev' });
      print(`${name}: applied; backup ${result.backups?.map((b) => b.id).join(', ') || 'none'}.`);
    } else {
      print(`${name}: not applied; the data is still there. Run \`hub module sync-schema ${name} --apply --accept-data-loss\` to apply it, or save again to be asked again.`);
    }
  }
}

const indent = (text: string) => text.split('\n').map((l) => `    ${l}`).join('\n');
