// hub.upload: an archive taken in, checked to load in this host, and its code kept in the database.
import { uploadModule, type UploadOptions, type UploadResult } from '../code/index.js';
import { readModuleRows } from '../state/index.js';
import type { EngineContext } from './engineContext.js';

export function uploadWith(ctx: EngineContext, file: string, options: UploadOptions = {}): Promise<UploadResult> {
  return uploadModule({
    db: ctx.db, cache: ctx.catalog.code,
    discover: async () => (await ctx.catalog.view()).modules,
    installedVersion: async (name) => {
      const row = (await readModuleRows(ctx.db)).get(name);
      return row?.state === 'installed' ? row.version : undefined;
    },
    link: (modules) => ctx.catalog.link(modules),
  }, file, options);
}
