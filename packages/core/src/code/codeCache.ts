import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HubError, type ModuleLogger } from '@hub/kit';
import type { SqlExecutor } from '../db/types.js';
import { unpackTree } from './codeArchive.js';
import { readCodeArchive } from './codeRows.js';
import { linkPackages } from './hostPackages.js';
import { hashTree, treeStamp } from './treeHash.js';

type Q = Pick<SqlExecutor, 'query'>;

/**
 * The local copy of uploaded module code: `<root>/<sha256>/<module>/...`, made from the database
 * (hub.module_code) when missing, and checked against its sha256 before it is used. The folder
 * is a cache: every instance can delete it and make it again from the database; the database is
 * what decides which code a module runs. `<root>/node_modules` links what the host provides to
 * uploaded modules (@hub/kit, drizzle-orm, express, zod, hub modules).
 */
export class ModuleCodeCache {
  /** sha256 -> stamp (sizes, times, inodes) of its files when they last hashed right. */
  private readonly verified = new Map<string, string>();
  private readonly pending = new Map<string, Promise<string>>();
  private linked = '';

  constructor(readonly root: string, private readonly logger?: ModuleLogger) {}

  packageDir(sha256: string, module: string): string {
    return join(this.root, sha256, module);
  }

  /**
   * The folder of `sha256`'s code, on disk and hashing to `sha256`: files changed or missing
   * since they were last checked are hashed again, and made again from the database if they
   * differ. Throws HUB_MODULE_CODE_CORRUPT when the database's copy itself does not hash right.
   */
  ensure(db: Q, sha256: string, module: string): Promise<string> {
    let run = this.pending.get(sha256);
    if (!run) {
      run = this.check(db, sha256, module).finally(() => this.pending.delete(sha256));
      this.pending.set(sha256, run);
    }
    return run;
  }

  /** Whether the folder of `sha256` is on disk with the right content (no database needed). */
  async holds(sha256: string, module: string): Promise<boolean> {
    const dir = this.packageDir(sha256, module);
    const stamp = await treeStamp(dir).catch(() => undefined);
    if (stamp === undefined) return false;
    if (this.verified.get(sha256) === stamp) return true;
    if ((await hashTree(dir)).sha256 !== sha256) return false;
    this.verified.set(sha256, stamp);
    return true;
  }

  private async check(db: Q, sha256: string, module: string): Promise<string> {
    const dir = this.packageDir(sha256, module);
    if (await this.holds(sha256, module)) return dir;
    const bad = await exists(join(this.root, sha256));
    if (bad) this.logger?.warn(`The cached code of module "${module}" (${sha256.slice(0, 12)}) differs from its sha256: made again from the database.`);
    await this.materialize(db, sha256, module, bad);
    // Another process of this data folder (a worker) may have made it first: theirs is checked too.
    if (!(await this.holds(sha256, module))) await this.materialize(db, sha256, module, true);
    return dir;
  }

  /** Makes the folder from the database; `replace`: the folder there is bad and is swapped out. */
  private async materialize(db: Q, sha256: string, module: string, replace: boolean): Promise<void> {
    const stored = await readCodeArchive(db, sha256);
    if (!stored) throw codeMissing(module, sha256);
    await mkdir(this.root, { recursive: true });
    const incoming = join(this.root, `.incoming-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(join(incoming, module), { recursive: true });
      await unpackTree(stored.archive, join(incoming, module));
      const got = (await hashTree(join(incoming, module))).sha256;
      if (got !== sha256) throw codeCorrupt(module, sha256, got);
      if (replace) await this.swapIn(incoming, join(this.root, sha256));
      else await rename(incoming, join(this.root, sha256)).catch((error: NodeJS.ErrnoException) => {
        if (!['ENOTEMPTY', 'EEXIST'].includes(error.code ?? '')) throw error;
      });
    } finally {
      await rm(incoming, { recursive: true, force: true });
    }
  }

  /** Puts the folder `incoming` at `target` by renames, replacing what is there. */
  async swapIn(incoming: string, target: string): Promise<void> {
    const aside = `${target}.previous-${randomBytes(6).toString('hex')}`;
    const moved = await rename(target, aside).then(() => true, () => false);
    try {
      await rename(incoming, target);
    } catch (error) {
      // Another process of this data folder made it meanwhile: theirs is checked at the next use.
      if (!['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    } finally {
      if (moved) await rm(aside, { recursive: true, force: true });
    }
  }

  /** Keeps `<root>/node_modules` linking each package name to its folder (see hostPackages); answers whether a link changed. */
  async link(links: ReadonlyMap<string, string>): Promise<boolean> {
    const signature = JSON.stringify([...links].sort());
    if (signature === this.linked) return false;
    await mkdir(this.root, { recursive: true });
    await linkPackages(this.root, links);
    this.linked = signature;
    return true;
  }

  /** Forgets what was checked (the folder was removed by a caller). */
  forget(sha256: string): void {
    this.verified.delete(sha256);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

function codeMissing(module: string, sha256: string): HubError {
  return new HubError('HUB_MODULE_CODE_MISSING', `The code of module "${module}" (${sha256.slice(0, 12)}) is not in the database`, { module, status: 500 });
}

function codeCorrupt(module: string, sha256: string, got: string): HubError {
  return new HubError('HUB_MODULE_CODE_CORRUPT', `The stored code of module "${module}" hashes to ${got.slice(0, 12)}, not to ${sha256.slice(0, 12)}: it is not used`, {
    module, status: 500, details: { expected: sha256, got },
  });
}
