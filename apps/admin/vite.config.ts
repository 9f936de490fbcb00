// The admin SPA, served by the hub at /admin. vue, vue-router and pinia are built as entry chunks
// at stable URLs (/admin/vendor/<name>.js), naive-ui too (all of it, for module views), and an
// import map in index.html maps the bare names to them: a module's admin bundle (built with them
// external, see tooling/admin-preset) then imports the very same instances the admin runs on.
import { build, defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

export const BASE = '/admin/';
export const SHARED = ['vue', 'vue-router', 'pinia'] as const;
/** What module views get from the admin: the entry chunks above and naive-ui (built apart, see naiveVendor). */
export const SHARED_WITH_MODULES = [...SHARED, 'naive-ui'] as const;
const vendorName = (dep: string) => `vendor/${dep}`;

/** The import map, and dist/csp.json with its hash for a server whose CSP must allow it. */
function importMap(): Plugin {
  const map = JSON.stringify({ imports: Object.fromEntries(SHARED_WITH_MODULES.map((d) => [d, `${BASE}${vendorName(d)}.js`])) });
  const hash = `'sha256-${createHash('sha256').update(map).digest('base64')}'`;
  return {
    name: 'hub-admin-import-map',
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      handler: () => [{ tag: 'script', attrs: { type: 'importmap' }, children: map, injectTo: 'head-prepend' }],
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'csp.json', source: JSON.stringify({ 'script-src': [hash], importMap: JSON.parse(map) }, null, 2) + '\n' });
    },
  };
}

/**
 * naive-ui for module views, at /admin/vendor/naive-ui.js: every export, built on its own after the
 * admin (so the shell keeps its tree-shaken share of it) with vue taken from ./vue.js, the admin's
 * instance. naive-ui's injection keys are strings, so a view using this copy still finds the
 * shell's NConfigProvider (theme), NMessageProvider and NDialogProvider above it.
 */
function naiveVendor(): Plugin {
  let outDir = '';
  return {
    name: 'hub-admin-naive-vendor',
    apply: 'build',
    configResolved(c) { outDir = c.build.outDir.startsWith('/') ? c.build.outDir : `${c.root}/${c.build.outDir}`; },
    async closeBundle() {
      await build({
        configFile: false,
        root: fileURLToPath(new URL('.', import.meta.url)),
        logLevel: 'warn',
        define: { 'process.env.NODE_ENV': JSON.stringify('production') },
        build: {
          outDir: `${outDir}/vendor`,
          emptyOutDir: false,
          target: 'es2022',
          minify: true,
          lib: { entry: fileURLToPath(new URL('./src/vendor/naive-ui.ts', import.meta.url)), formats: ['es'], fileName: () => 'naive-ui.js' },
          rolldownOptions: { external: ['vue'], output: { paths: { vue: './vue.js' }, codeSplitting: false } },
        },
      });
    },
  };
}

export default defineConfig({
  base: BASE,
  plugins: [vue(), importMap(), naiveVendor()],
  build: {
    outDir: 'dist',
    target: 'es2022',
    // Entry chunks must keep every export: module bundles import any of vue's exports.
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        ...Object.fromEntries(SHARED.map((d) => [vendorName(d), d])),
      },
      preserveEntrySignatures: 'strict',
      output: {
        entryFileNames: (chunk) => (chunk.name.startsWith('vendor/') ? '[name].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    proxy: {
      '/api': process.env.HUB_URL ?? 'http://127.0.0.1:3000',
      '/modules': process.env.HUB_URL ?? 'http://127.0.0.1:3000',
    },
  },
});
