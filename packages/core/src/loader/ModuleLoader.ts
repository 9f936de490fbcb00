import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { HubError, isHubError, isHubModule } from '@hub/kit';
import type { DiscoveredModule, LoadedModule } from '../hub/types.js';

/**
 * Imports module entries. A module's code is identified by the sha256 of its entry file, not only
 * by its version: a rebuild with the same version, a failed import fixed on disk and an upgraded
 * package are all seen by the next load. Each (name, entry, content) is imported once per process;
 * a failure is remembered (so listings can show it) and retried when the entry changes.
 */
export class ModuleLoader {
  private readonly current = new Map<string, { key: string; pending: Promise<LoadedModule> }>();
  private readonly failures = new Map<string, { code: string; message: string }>();
  private readonly hashes = new Map<string, { stamp: string; hash: string }>();
  /** Grows each time a module's loaded code changes: caches built on loaded code compare it. */
  generation = 0;
  private retries = 0;

  async load(info: DiscoveredModule): Promise<LoadedModule> {
    let hash: string;
    try { hash = await this.codeHash(info.entry); } catch (error) {
      const failure = loadFailed(info, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the entry file does not exist' : (error as Error).message, error);
      this.failures.set(info.name, { code: failure.code, message: failure.message });
      throw failure;
    }
    const key = `${info.version}:${info.entry}:${hash}`;
    const known = this.current.get(info.name);
    if (known?.key === key) return known.pending;
    // A failed import is cached by Node under its URL: a retry of the same code gets a new one
    // (a dependency it lacked may have been installed since).
    const attempt = known?.key === `failed:${key}` ? ++this.retries : 0;
    const pending = importModule(info, hash, attempt);
    // Only the newest code of a module is kept here; Node keeps what it imported (see docs/modules.md).
    this.current.set(info.name, { key, pending });
    this.generation++;
    pending.then(() => this.failures.delete(info.name), (error: HubError) => {
      this.failures.set(info.name, { code: error.code, message: error.message });
      if (this.current.get(info.name)?.pending === pending) this.current.set(info.name, { key: `failed:${key}`, pending });
    });
    return pending;
  }

  /** The last load failure of a module, if its last load failed. */
  failure(name: string): { code: string; message: string } | undefined {
    return this.failures.get(name);
  }

  /** sha256 (hex) of an entry file; re-read only when its size, mtime or inode changed. */
  async codeHash(entry: string): Promise<string> {
    const s = await stat(entry);
    const stamp = `${s.size}:${s.mtimeMs}:${s.ino}`;
    const known = this.hashes.get(entry);
    if (known?.stamp === stamp) return known.hash;
    const hash = createHash('sha256').update(await readFile(entry)).digest('hex');
    this.hashes.set(entry, { stamp, hash });
    return hash;
  }
}

function loadFailed(info: DiscoveredModule, why: string, cause?: unknown): HubError {
  return new HubError('HUB_MODULE_LOAD_FAILED', `Module "${info.name}" could not be loaded from ${info.entry}: ${why}`, {
    module: info.name, status: 500, cause,
    details: isHubError(cause) ? { cause: cause.code } : undefined,
    hint: 'Build the module (its entry must exist) and make sure its entry has `export default defineModule({...})` from @hub/kit.',
  });
}

async function importModule(info: DiscoveredModule, codeHash: string, attempt: number): Promise<LoadedModule> {
  let exports: Record<string, unknown>;
  try {
    // Node caches modules (and failed imports) by URL: the content hash in the query makes new
    // code load in a running process. Files the entry imports relatively stay cached under their
    // own URL, so modules ship one bundled entry (tsup does by default; its chunks carry a
    // content hash in their names, so a changed chunk changes the entry too).
    const url = `${pathToFileURL(info.entry).href}?v=${encodeURIComponent(info.version)}&h=${codeHash.slice(0, 16)}${attempt ? `&retry=${attempt}` : ''}`;
    exports = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw loadFailed(info, error instanceof Error ? error.message : String(error), error);
  }
  const definition = exports.default;
  if (!isHubModule(definition)) {
    throw loadFailed(info, 'its default export is not a module made by defineModule()');
  }
  if (definition.name !== info.name) {
    throw loadFailed(info, `defineModule({ name: "${definition.name}" }) does not match package.json "hub.module": "${info.name}"`);
  }
  return { info, definition, codeHash };
}
