import type { SqlExecutor } from '../db/types.js';
import type { LoadedModule } from '../hub/types.js';
import { readModuleRows, readOwnership, type OwnershipRow } from '../state/index.js';
import { accessSpecOf } from './accessSpec.js';
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
    if (!this.publicChecked) { await closePublicSchema(this.tx, this.role(name)); this.publicChecked = true; }
  }

  /** Its views run with its rights, and what each reads is checked as its role (see secureModuleViews). */
  async secureViews(name: string): Promise<void> {
    await secureModuleViews(this.tx, this.executorOf(name), name);
  }

  async drop(name: string): Promise<void> {
    await dropModuleRole(this.tx, this.role(name));
  }

  async syncInstalled(): Promise<void> {
    const owned = await readOwnership(this.tx);
    for (const row of (await readModuleRows(this.tx)).values()) {
      if (row.state !== 'installed' || !this.loaded.has(row.name)) continue;
      await syncModuleAccess(this.tx, accessSpecOf(row.name, this.loaded, owned.filter((o) => o.module === row.name), this.prefix));
      await this.secureViews(row.name);
    }
  }
}
