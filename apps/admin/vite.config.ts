// The admin SPA, served by the hub at /admin. vue, vue-router and pinia are built as entry chunks
// at stable URLs (/admin/vendor/<name>.js) and an import map in index.html maps the bare names to
// them: a module's admin bundle (built with them external, see tooling/admin-preset) then imports
// the very same instances the admin runs on.
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

export const BASE = '/admin/';
export const SHARED = ['vue', 'vue-router', 'pinia'] as const;
const vendorName = (dep: string) => `vendor/${dep}`;

/** The import map, and dist/csp.json with its hash for a server whose CSP must allow it. */
function importMap(): Plugin {
  const map = JSON.stringify({ imports: Object.fromEntries(SHARED.map((d) => [d, `${BASE}${vendorName(d)}.js`])) });
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

export default defineConfig({
  base: BASE,
  plugins: [vue(), importMap()],
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
