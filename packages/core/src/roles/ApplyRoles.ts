import type { SqlExecutor } from '../db/types.js';
import type { LoadedModule } from '../hub/types.js';
import { readModuleRows, readOwnership, type OwnershipRow } from '../state/index.js';
import { accessSpecOf, dependencyClosure } from './accessSpec.js';
import { moduleRole } from './moduleRole.js';
import { secureModuleViews } from './moduleViews.js';
import { closePublicSchema, dropModuleRole, syncModuleAccess } from './syncModuleAccess.js';
import { TxRoles } from './TxRoles.js';

/**
 * The module roles of one apply, inside its transaction: module code runs through
 * `executorOf(name)`, grants follow each step (`sync`, `drop`) and, at the end, every installed
 * module's grants are brought in line with what is installed now (`syncInstalled`): a dependency
 * that gained tables or secret columns changes what its dependents may read, and so what their
 * views may show.
 */
export class ApplyRoles {
  private readonly txRoles: TxRoles;
  private readonly loaded: Map<string, LoadedModule>;
  private publicChecked = false;
  /** Order of events in this apply: when each module's step started, and when its grants were last synced. */
  private clock = 0;
  private readonly stepAt = new Map<string, number>();
  private readonly syncedAt = new Map<string, number>();

  constructor(private readonly tx: SqlExecutor, private readonly prefix: string, modules: LoadedModule[]) {
    this.txRoles = new TxRoles(tx);
    this.loaded = new Map(modules.map((m) => [m.info.name, m]));
  }

  role(name: string): string {
    return moduleRole(this.prefix, name);
  }

  executorOf(name: string): SqlExecutor {
    return this.txRoles.executorFor(name, this.role(name));
  }

  /** Grants of `name` from what is in the database now; `owned` when its ownership rows are not written yet. */
  async sync(name: string, owned?: OwnershipRow[]): Promise<void> {
    const rows = owned ?? await readOwnership(this.tx, name);
    await syncModuleAccess(this.tx, accessSpecOf(name, this.loaded, rows, this.prefix));
    this.syncedAt.set(name, ++this.clock);
    if (!this.publicChecked) { await closePublicSchema(this.tx, this.role(name)); this.publicChecked = true; }
  }

  /** Its views run with its rights, and what each reads is checked as its role (see secureModuleViews). */
  async secureViews(name: string): Promise<void> {
    await secureModuleViews(this.tx, this.executorOf(name), name);
  }

  async drop(name: string): Promise<void> {
    await dropModuleRole(this.tx, this.role(name));
  }

  /** A step of this apply starts changing `name` (its schema, its manifest, or its state). */
  stepStarted(name: string): void {
    this.stepAt.set(name, ++this.clock);
  }

  /**
   * Brings the grants of installed modules in line with what is installed now. A module is synced
   * again when its role is missing, when a step changed it after its last sync here (a rollback
   * syncs nothing itself), or when a module it depends on changed after that (a dependency that
   * gained tables or secret columns changes what it may read). The others hold what they need already.
   */
  async syncInstalled(): Promise<void> {
    const installed = [...(await readModuleRows(this.tx)).values()].filter((row) => row.state === 'installed' && this.loaded.has(row.name));
    const roles = new Set((await this.tx.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1::text[])', [installed.map((r) => this.role(r.name))])).map((r) => r.rolname));
    const stale = installed.filter((row) => {
      const synced = this.syncedAt.get(row.name) ?? 0;
      const changedSince = (n: string) => (this.stepAt.get(n) ?? 0) > synced;
      return !roles.has(this.role(row.name)) || changedSince(row.name) || dependencyClosure(row.name, this.loaded).some(changedSince);
    });
    if (stale.length === 0) return;
    const owned = await readOwnership(this.tx);
    for (const row of stale) {
      await this.sync(row.name, owned.filter((o) => o.module === row.name));
      await this.secureViews(row.name);
    }
  }
}
