import { cpSync, existsSync, rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

// oclif finds commands by file under dist/commands, so every source file is an entry and keeps
// its path (outbase src). The module template from tooling/template is copied into the package
// so a published @hub/cli can scaffold outside the monorepo.
export default defineConfig({
  entry: ['src/**/*.ts', '!src/**/*.test.ts'],
  format: ['esm'],
  target: 'node20',
  clean: true,
  sourcemap: true,
  dts: false,
  splitting: false,
  bundle: false,
  esbuildOptions(o) { o.outbase = 'src'; },
  async onSuccess() {
    const from = new URL('../../tooling/template', import.meta.url).pathname;
    const to = new URL('./template', import.meta.url).pathname;
    if (existsSync(from)) {
      rmSync(to, { recursive: true, force: true });
      cpSync(from, to, { recursive: true, filter: (src) => !/node_modules|\/dist(\/|$)|test-results/.test(src) });
    }
  },
});
