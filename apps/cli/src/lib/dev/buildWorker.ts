// A build process for one module (`hub dev`): runs in the module's folder, where tsup reads its
// config and esbuild resolves entries, and stays alive so that esbuild is warm for the next save.
// Asked over IPC: { id } -> { id, error? }.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type TsupBuild = (options: Record<string, unknown>) => Promise<void>;

const path = createRequire(join(process.cwd(), 'package.json')).resolve('tsup');
const mod = (await import(pathToFileURL(path).href)) as { build?: TsupBuild; default?: { build?: TsupBuild } };
const build = (mod.build ?? mod.default?.build)!;

process.on('message', async (message: { id: number }) => {
  try {
    // No type declarations (slow, not needed to serve) and no cleaning: dist/admin stays.
    await build({ dts: false, clean: false, silent: true, watch: false });
    process.send!({ id: message.id });
  } catch (error) {
    process.send!({ id: message.id, error: (error as Error).message ?? String(error) });
  }
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
