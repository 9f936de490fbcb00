// Addons folders for instance processes: copies of fixture modules whose imports (@hub/kit,
// drizzle-orm) resolve to the host's own copies, wherever the folder is.
import { cpSync, mkdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const kitDir = realpathSync(dirname(require.resolve('@hub/kit/package.json')));
const drizzleDir = realpathSync(join(dirname(require.resolve('@hub/core/package.json')), 'node_modules', 'drizzle-orm'));

/** (Re)makes `dir` holding a copy of each module folder in `modules`; returns `dir`. */
export function addonsFolder(dir, modules) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const source of modules) {
    const target = join(dir, basename(source));
    cpSync(source, target, { recursive: true });
    mkdirSync(join(target, 'node_modules', '@hub'), { recursive: true });
    symlinkSync(kitDir, join(target, 'node_modules', '@hub', 'kit'));
    symlinkSync(drizzleDir, join(target, 'node_modules', 'drizzle-orm'));
  }
  return dir;
}
