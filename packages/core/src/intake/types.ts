import type { IntakeLimits } from './limits.js';

export interface IntakeOptions {
  /** The first ADDONS_PATHS folder: the module lands in <addonsDir>/<module name>. Created if missing. */
  addonsDir: string;
  /**
   * Where archives are extracted before validation; a fresh folder is made inside it and removed
   * afterwards. Default: the hidden folder `.hub-intake` next to addonsDir (same file system, so
   * the final move is a rename), itself removed when empty.
   */
  tmpDir?: string;
  /** Allow replacing an existing folder of the same module. */
  replace?: boolean;
  /** Version installed in the database, to refuse downgrades (may be async). */
  installedVersion?: (name: string) => string | undefined | Promise<string | undefined>;
  limits?: Partial<IntakeLimits>;
}

export interface IntakeResult {
  /** Module name (package.json "hub.module"). */
  name: string;
  /** npm package name. */
  packageName: string;
  version: string;
  /** Absolute folder the module now lives in: <addonsDir>/<name>. */
  dir: string;
  /** An existing folder of the module was replaced. */
  replaced: boolean;
  /** Version of the replaced folder (its package.json), when there was one. */
  previousVersion?: string;
  format: 'zip' | 'tgz';
}
