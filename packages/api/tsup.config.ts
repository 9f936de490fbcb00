import { defineConfig } from 'tsup';
// Also runs in browsers (the admin): platform neutral, no Node built-ins.
export default defineConfig({ entry: ['src/index.ts', 'src/lite.ts'], format: ['esm'], dts: true, clean: true, target: 'es2022', platform: 'neutral', sourcemap: true });
