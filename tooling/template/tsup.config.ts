import { defineConfig } from 'tsup';

// The server side of the module: dist/index.js (+ .d.ts for modules that build on this one).
// The admin entry is built by scripts/build-admin.mjs with Vite.
export default defineConfig({ entry: ['src/index.ts'], format: ['esm'], dts: true, clean: true, target: 'node20', sourcemap: true });
