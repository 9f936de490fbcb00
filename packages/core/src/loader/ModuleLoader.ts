import { pathToFileURL } from 'node:url';
import { HubError, isHubError, isHubModule } from '@hub/kit';
import type { DiscoveredModule, LoadedModule } from '../hub/types.js';

/**
 * Imports module entries. Each (name, version, entry) is imported once per process; a failure is
 * remembered (so listings can show it) but retried on the next load.
 */
export class ModuleLoader {
  private readonly loaded = new Map<string, Promise<LoadedModule>>();
  private readonly failures = new Map<string, { code: string; message: string }>();

  async load(info: DiscoveredModule): Promise<LoadedModule> {
    const key = `${info.name}@${info.version}:${info.entry}`;
    let pending = this.loaded.get(key);
    if (!pending) {
      pending = importModule(info);
      this.loaded.set(key, pending);
      pending.then(() => this.failures.delete(info.name), (error: HubError) => {
        this.loaded.delete(key);
        this.failures.set(info.name, { code: error.code, message: error.message });
      });
    }
    return pending;
  }

  /** The last load failure of a module, if its last load failed. */
  failure(name: string): { code: string; message: string } | undefined {
    return this.failures.get(name);
  }
}

async function importModule(info: DiscoveredModule): Promise<LoadedModule> {
  const fail = (why: string, cause?: unknown) =>
    new HubError('HUB_MODULE_LOAD_FAILED', `Module "${info.name}" could not be loaded from ${info.entry}: ${why}`, {
      module: info.name, status: 500, cause,
      details: isHubError(cause) ? { cause: cause.code } : undefined,
      hint: 'Build the module (its entry must exist) and make sure its entry has `export default defineModule({...})` from @hub/kit.',
    });
  let exports: Record<string, unknown>;
  try {
    // Node caches modules by URL: the version in the query makes a replaced package (an upload
    // with replace=true, a `pnpm update`) load its new code in a running process. Files the entry
    // imports relatively stay cached, so modules ship one bundled entry (tsup does by default).
    const url = `${pathToFileURL(info.entry).href}?v=${encodeURIComponent(info.version)}`;
    exports = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error), error);
  }
  const definition = exports.default;
  if (!isHubModule(definition)) {
    throw fail('its default export is not a module made by defineModule()');
  }
  if (definition.name !== info.name) {
    throw fail(`defineModule({ name: "${definition.name}" }) does not match package.json "hub.module": "${info.name}"`);
  }
  return { info, definition };
}
