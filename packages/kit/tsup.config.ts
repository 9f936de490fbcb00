import { defineConfig } from 'tsup';
export default defineConfig({ entry: ['src/index.ts', 'src/errorCatalog.ts', 'src/errorsEntry.ts', 'src/names.ts'], format: ['esm'], dts: true, clean: true, target: 'node20', sourcemap: true });
