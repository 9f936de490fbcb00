// Vite config preset for a module's admin entry (see README.md).
// Builds src/admin/index.ts (library mode) to ONE ES module, dist/admin/index.js, with its CSS
// inlined, and leaves vue, vue-router, pinia and naive-ui external: at run time they come from the
// admin's own files, so the module's views share its app, router, stores, theme and message/dialog providers.
import vue from '@vitejs/plugin-vue';
import { mergeConfig } from 'vite';
import { resolve } from 'node:path';

/** Bare imports the admin provides through its import map; never bundle them. */
export const SHARED_DEPENDENCIES = ['vue', 'vue-router', 'pinia', 'naive-ui'];

const isShared = (id) => SHARED_DEPENDENCIES.some((d) => id === d || id.startsWith(`${d}/`));

/** Moves emitted CSS into the JS entry (a <style> element added on import), so the entry is one file. */
export function inlineCss() {
  return {
    name: 'hub-admin-inline-css',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const css = [];
      for (const [file, out] of Object.entries(bundle)) {
        if (out.type === 'asset' && file.endsWith('.css')) {
          css.push(String(out.source));
          delete bundle[file];
        }
      }
      if (!css.length) return;
      const entry = Object.values(bundle).find((o) => o.type === 'chunk' && o.isEntry);
      if (!entry) return;
      const code = `if(typeof document!=='undefined'){const s=document.createElement('style');s.dataset.hubModule='';s.textContent=${JSON.stringify(css.join('\n'))};document.head.appendChild(s);}\n`;
      entry.code = code + entry.code;
    },
  };
}

/**
 * Rewrites `import ... from "vue"` (and vue-router, pinia, naive-ui) to the admin's stable vendor URLs,
 * e.g. "/admin/vendor/vue.js": the very files the admin's import map points to, so the module
 * shares the admin's instances even where a Content-Security-Policy blocks the inline import map.
 */
export function sharedToUrls(adminBase = '/admin/') {
  const re = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)(["'])(vue|vue-router|pinia|naive-ui)\2/g;
  return {
    name: 'hub-admin-shared-urls',
    apply: 'build',
    renderChunk(code) {
      const out = code.replace(re, (_m, pre, q, dep) => `${pre}${q}${adminBase}vendor/${dep}.js${q}`);
      return out === code ? null : { code: out, map: null };
    },
  };
}

/**
 * @param {{ root?: string, entry?: string, outDir?: string, plugins?: any[], shared?: 'url' | 'bare', adminBase?: string }} [options]
 *   root: the module's package folder (default process.cwd());
 *   entry: default 'src/admin/index.ts'; outDir: default 'dist/admin';
 *   shared: 'url' (default) imports vue/vue-router/pinia from <adminBase>vendor/<name>.js; 'bare' keeps
 *   `from "vue"` for the admin's import map to resolve; adminBase: default '/admin/'.
 * @param {import('vite').UserConfig} [overrides] merged over the preset.
 * @returns {import('vite').UserConfig}
 */
export function hubAdminPreset(options = {}, overrides = {}) {
  const root = options.root ?? process.cwd();
  const base = {
    root,
    plugins: [vue(), inlineCss(), ...((options.shared ?? 'url') === 'url' ? [sharedToUrls(options.adminBase)] : []), ...(options.plugins ?? [])],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: resolve(root, options.outDir ?? 'dist/admin'),
      emptyOutDir: true,
      sourcemap: false,
      minify: true,
      target: 'es2022',
      cssCodeSplit: false,
      lib: {
        entry: resolve(root, options.entry ?? 'src/admin/index.ts'),
        formats: ['es'],
        fileName: () => 'index.js',
      },
      rolldownOptions: {
        external: isShared,
        output: { codeSplitting: false },
      },
    },
  };
  return mergeConfig(base, overrides);
}

export default hubAdminPreset;
