import { mkdir, readFile, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import semver from 'semver';
import { isHubError, type HubError } from '@hub/kit';
import type { ArchiveReader } from './archiveReader.js';
import { intakeError } from './errors.js';
import { installFolder } from './installFolder.js';
import { resolveIntakeLimits } from './limits.js';
import { checkPackageJsonEntry, readModulePackage } from './readModulePackage.js';
import { sniffFormat } from './sniffFormat.js';
import { openTgz } from './tarArchive.js';
import type { IntakeOptions, IntakeResult } from './types.js';
import { createWorkDir } from './workDir.js';
import { openZip } from './zipArchive.js';

/** npm pack and pnpm pack always put the package in this folder. */
const NPM_PACK_FOLDER = 'package';
const DEFAULT_TMP = '.hub-intake';

// One intake at a time per target folder in this process.
const busy = new Map<string, Promise<unknown>>();

/**
 * Takes in an uploaded module archive (zip or npm-pack tgz): checks it while streaming, extracts
 * it to a private temporary folder, validates its package.json as data, then moves it atomically
 * to <addonsDir>/<hub.module>. Every refusal is a HubError with a stable HUB_ARCHIVE_* code and a
 * 4xx status; on any failure the temporary folder is removed and addonsDir is left as it was.
 * Used by POST /api/v1/modules/upload and `hub module upload FILE`.
 */
export async function intakeArchive(file: string, options: IntakeOptions): Promise<IntakeResult> {
  try {
    return await intake(file, options);
  } catch (error) {
    throw asHubError(error);
  }
}

async function intake(file: string, options: IntakeOptions): Promise<IntakeResult> {
  const limits = resolveIntakeLimits(options.limits);
  const addonsDir = resolve(options.addonsDir);
  const size = await stat(file).then((s) => (s.isFile() ? s.size : undefined), () => undefined);
  if (size === undefined) throw intakeError('HUB_ARCHIVE_FILE_NOT_FOUND', `There is no file to take in at ${JSON.stringify(file)}.`);
  if (size > limits.maxUploadBytes) {
    throw intakeError('HUB_ARCHIVE_TOO_LARGE', `The archive is ${size} bytes, more than the ${limits.maxUploadBytes} allowed.`, { details: { limit: limits.maxUploadBytes, size } });
  }
  const format = await sniffFormat(file);
  const work = await createWorkDir(options.tmpDir ? resolve(options.tmpDir) : join(dirname(addonsDir), DEFAULT_TMP), !options.tmpDir);
  try {
    const reader: ArchiveReader = format === 'zip' ? await openZip(file, limits) : await openTgz(file, limits);
    let top: string;
    try {
      top = reader.index.topFolder();
      checkPackageJsonEntry(reader.index, top, limits);
      await reader.extract(work.dir);
    } finally {
      await reader.close();
    }
    const staged = join(work.dir, top);
    const pkg = await readModulePackage(staged, reader.index, top, limits);
    const module = pkg.name;
    if (top !== pkg.name && !(format === 'tgz' && top === NPM_PACK_FOLDER)) {
      throw intakeError('HUB_ARCHIVE_MODULE_NAME_MISMATCH', `The archive's top-level folder is "${top}" but package.json "hub.module" is "${module}"${format === 'tgz' ? ` (or use npm pack, whose folder is "${NPM_PACK_FOLDER}")` : ''}.`, { module });
    }
    const installed = await options.installedVersion?.(module);
    if (installed && semver.valid(installed) && semver.lt(pkg.version, installed)) {
      throw intakeError('HUB_ARCHIVE_DOWNGRADE', `Module "${module}" ${installed} is installed; the archive has the older version ${pkg.version}.`, { module, details: { installed, uploaded: pkg.version } });
    }
    const dir = join(addonsDir, module);
    return await exclusive(dir, async () => {
      const previousVersion = await readVersion(dir);
      const createdAddons = await mkdir(addonsDir, { recursive: true });
      try {
        const { replaced } = await installFolder(staged, dir, { replace: options.replace === true, module });
        return { name: module, packageName: pkg.packageName, version: pkg.version, dir, replaced, ...(replaced && previousVersion ? { previousVersion } : {}), format };
      } catch (error) {
        if (createdAddons) await rmdir(addonsDir).catch(() => {});
        throw error;
      }
    });
  } finally {
    await work.remove();
  }
}

async function exclusive<T>(key: string, run: () => Promise<T>): Promise<T> {
  const previous = busy.get(key) ?? Promise.resolve();
  const current = previous.catch(() => {}).then(run);
  busy.set(key, current);
  try {
    return await current;
  } finally {
    if (busy.get(key) === current) busy.delete(key);
  }
}

async function readVersion(dir: string): Promise<string | undefined> {
  try {
    const version = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

function asHubError(error: unknown): HubError {
  if (isHubError(error)) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  return intakeError('HUB_INTAKE_FAILED', `Taking the archive in failed on the server${code ? ` (${code})` : ''}.`, { cause: error });
}
