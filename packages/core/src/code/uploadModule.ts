import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HubError } from '@hub/kit';
import type { Database } from '../db/types.js';
import { readModuleFolder } from '../discovery/index.js';
import type { DiscoveredModule } from '../hub/types.js';
import { intakeArchive, type IntakeLimits, type IntakeResult } from '../intake/index.js';
import { ModuleLoader } from '../loader/index.js';
import type { ModuleCodeCache } from './codeCache.js';
import { packTree } from './codeArchive.js';
import { deleteUnreferencedCode, insertCode, readUpload, setUpload } from './codeRows.js';
import { HOST_PROVIDED_PACKAGES } from './hostPackages.js';
import { missingImports, missingPackageOf, type MissingImport } from './importCheck.js';
import { hashTree } from './treeHash.js';

export interface UploadOptions {
  /** Replace the current upload of the same module (a newer version becomes upgradable). */
  replace?: boolean;
  /** Who uploads, recorded with the upload. */
  actor?: string | null;
  limits?: Partial<IntakeLimits>;
}

export interface UploadResult extends IntakeResult {
  /** sha256 of the module's files: the database keeps the code under it. */
  sha256: string;
}

export interface UploadContext {
  db: Database;
  cache: ModuleCodeCache;
  /** Discovery as the engine does it now (host dependencies, ADDONS_PATHS, uploads). */
  discover(): Promise<Map<string, DiscoveredModule>>;
  /** Installed version of a module, if installed. */
  installedVersion(name: string): Promise<string | undefined>;
  /** Makes what the host provides importable from the cache (linkModules). */
  link(modules: Iterable<DiscoveredModule>): Promise<unknown>;
}

/**
 * Takes in an uploaded archive and keeps its code in the database, once the module loads in this
 * host: the archive is checked and extracted (intakeArchive), its files hashed (sha256 of the
 * tree), placed in the local code cache, its imports checked (only what the host provides, the hub
 * modules it depends on and what it bundles), and its entry imported; then, in one transaction,
 * the code is stored and made the module's current upload. A refusal leaves the database and the
 * cache as they were.
 */
export async function uploadModule(ctx: UploadContext, file: string, options: UploadOptions = {}): Promise<UploadResult> {
  await mkdir(ctx.cache.root, { recursive: true });
  const stage = await mkdtemp(join(ctx.cache.root, '.upload-'));
  let placed: string | undefined;
  try {
    const intake = await intakeArchive(file, {
      addonsDir: join(stage, 'in'), tmpDir: join(stage, 'tmp'), limits: options.limits,
      installedVersion: (name) => ctx.installedVersion(name),
    });
    const name = intake.name;
    const discovered = await ctx.discover();
    const other = discovered.get(name);
    if (other && other.source !== 'upload') {
      throw new HubError('HUB_ARCHIVE_EXISTS', `The host already has module "${name}" from ${other.dir}; an upload cannot take its place.`, {
        status: 409, module: name,
        hint: other.source === 'addons' ? `Remove the folder ${other.dir} (an upload kept on disk only) and upload the archive again.` : 'Upload the module under another name, or change it in the host\'s package.json.',
      });
    }
    const current = await readUpload(ctx.db, name);
    if (current && !options.replace) {
      throw new HubError('HUB_ARCHIVE_EXISTS', `Module "${name}" ${current.version} is uploaded already.`, { status: 409, module: name });
    }
    const tree = await hashTree(intake.dir);
    const sha256 = tree.sha256;

    // Into the cache under its hash, unless this very code is there already.
    const target = ctx.cache.packageDir(sha256, name);
    if (!(await ctx.cache.holds(sha256, name))) {
      await rm(join(ctx.cache.root, sha256), { recursive: true, force: true });
      await rename(join(stage, 'in'), join(ctx.cache.root, sha256));
      placed = join(ctx.cache.root, sha256);
      ctx.cache.forget(sha256);
    }
    const info = await readModuleFolder(target, 'upload');
    if (!info || !('entry' in info)) throw new HubError('HUB_UPLOAD_LOAD_FAILED', `The uploaded package "${name}" is not a module: ${info?.message ?? 'no "hub" in package.json'}`, { status: 422, module: name });
    info.codeSha256 = sha256;

    await ctx.link(discovered.values());
    await checkImports(target, name, intake.packageName, discovered);
    await checkLoads(info);

    const archive = await packTree(target, tree.files.map((f) => f.path));
    await ctx.db.transaction(async (tx) => {
      // The row lock orders concurrent uploads of one module (on any instance).
      const locked = await tx.query<{ sha256: string }>('SELECT sha256 FROM hub.uploads WHERE module = $1 FOR UPDATE', [name]);
      if (locked.length && !options.replace && !current) {
        throw new HubError('HUB_ARCHIVE_EXISTS', `Module "${name}" was uploaded meanwhile.`, { status: 409, module: name });
      }
      await insertCode(tx, { sha256, module: name, packageName: intake.packageName, version: intake.version, archive, files: tree.files.length, bytes: tree.bytes });
      await setUpload(tx, name, sha256, options.actor ?? null);
      await deleteUnreferencedCode(tx, name);
    });
    placed = undefined; // kept: it is the module's code now
    return { ...intake, dir: target, replaced: current !== undefined, sha256, ...(current ? { previousVersion: current.version } : {}) };
  } finally {
    if (placed) { await rm(placed, { recursive: true, force: true }); }
    await rm(stage, { recursive: true, force: true });
  }
}

/** Refuses code that imports a package the host does not provide and the archive does not bundle. */
async function checkImports(dir: string, name: string, packageName: string, discovered: Map<string, DiscoveredModule>): Promise<void> {
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  const modulePackages = new Set([...discovered.values()].filter((m) => m.name !== name).map((m) => m.packageName));
  const allowed = new Set<string>([...HOST_PROVIDED_PACKAGES, ...[...declared].filter((d) => modulePackages.has(d))]);
  const missing = await missingImports(dir, packageName, allowed);
  if (missing.length) throw packageMissing(name, missing);
}

/** Imports the entry as the engine will (a fresh loader, so a failure is not shown as the module's load error). */
async function checkLoads(info: DiscoveredModule): Promise<void> {
  try {
    await new ModuleLoader().load(info);
  } catch (error) {
    const missing = missingPackageOf(error) ?? missingPackageOf((error as { cause?: unknown }).cause);
    if (missing) throw packageMissing(info.name, [{ package: missing, file: 'its entry' }], error);
    throw new HubError('HUB_UPLOAD_LOAD_FAILED', `The uploaded module "${info.name}" does not load in this host: ${(error as Error).message}`, {
      status: 422, module: info.name, cause: error,
    });
  }
}

function packageMissing(name: string, missing: MissingImport[], cause?: unknown): HubError {
  const list = missing.map((m) => `"${m.package}" (imported by ${m.file})`).join(', ');
  return new HubError('HUB_UPLOAD_PACKAGE_MISSING', `The uploaded module "${name}" imports ${list}, which the host does not provide and the archive does not bundle.`, {
    status: 422, module: name, cause, details: { packages: missing.map((m) => m.package), provided: [...HOST_PROVIDED_PACKAGES] },
  });
}
