// The admin SPA, served by the hub at /admin. vue, vue-router and pinia are built as entry chunks
// at stable URLs (/admin/vendor/<name>.js), naive-ui too (all of it, for module views), and an
// import map in index.html maps the bare names to them: a module's admin bundle (built with them
// external, see tooling/admin-preset) then imports the very same instances the admin runs on.
import { build, defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { EARLY_REQUESTS_SCRIPT } from './src/earlyAnswers.ts';

export const BASE = '/admin/';
export const SHARED = ['vue', 'vue-router', 'pinia'] as const;
/** What module views get from the admin: the entry chunks above and naive-ui (built apart, see naiveVendor). */
export const SHARED_WITH_MODULES = [...SHARED, 'naive-ui'] as const;
const vendorName = (dep: string) => `vendor/${dep}`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The import map and the script that starts the first page's calls early (src/earlyAnswers.ts),
 * both inline, and dist/csp.json with their hashes for a server whose CSP must allow them.
 */
function importMap(): Plugin {
  const map = JSON.stringify({ imports: Object.fromEntries(SHARED_WITH_MODULES.map((d) => [d, `${BASE}${vendorName(d)}.js`])) });
  return {
    name: 'hub-admin-import-map',
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      handler: () => [
        { tag: 'script', attrs: { type: 'importmap' }, children: map, injectTo: 'head-prepend' },
        { tag: 'script', children: EARLY_REQUESTS_SCRIPT, injectTo: 'head' },
      ],
    },
    generateBundle() {
      const csp = { 'script-src': [sha256(map), sha256(EARLY_REQUESTS_SCRIPT)], importMap: JSON.parse(map) };
      this.emitFile({ type: 'asset', fileName: 'csp.json', source: JSON.stringify(csp, null, 2) + '\n' });
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
        // What the Apps page needs at start in one chunk, not twenty small shared ones: over HTTP/1.1
        // the browser fetches six files at a time, so each extra wave of files delays the page.
        codeSplitting: { groups: [{ name: 'shell', tags: ['$initial'], test: /^(?!.*\/node_modules\/(vue|@vue|vue-router|pinia)\/)/ }] },
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
