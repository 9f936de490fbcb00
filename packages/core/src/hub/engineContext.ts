import type { ModuleLogger } from '@hub/kit';
import type { Database } from '../db/types.js';
import type { ModuleCatalog } from './catalog.js';
import type { ChangeFeed } from './changeFeed.js';
import type { OnlineRunner } from './onlineRunner.js';
import type { SchemaCache } from './schemaCache.js';
import type { CreateHubOptions } from './types.js';

/** The options with hostDir, dataDir and addonsPaths resolved. */
export type ResolvedHubOptions = Required<Pick<CreateHubOptions, 'hostDir' | 'dataDir'>> & CreateHubOptions;

/** What the parts of one hub share: its database, options and the long-lived parts. */
export interface EngineContext {
  db: Database;
  options: ResolvedHubOptions;
  instanceId: string;
  kitVersion: string;
  logger: ModuleLogger;
  env: Record<string, string | undefined>;
  catalog: ModuleCatalog;
  schemas: SchemaCache;
  feed: ChangeFeed;
  online: OnlineRunner;
  /** Prefix of this database's module roles; undefined when module roles are off. */
  rolePrefix(): string | undefined;
}
