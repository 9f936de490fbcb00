// One ESLint config for the whole monorepo (`pnpm lint`). Besides the usual rules it enforces the
// layers of CONTRIBUTING.md: kit <- core <- server <- apps, modules import only the kit, the modules
// they depend on and their own libraries, the admin speaks HTTP through @hub/api only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import { layerRules } from './tooling/lint/layers.mjs';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**', '**/dist/**', '**/coverage/**', '**/test-results/**', '**/.hub/**',
      '**/.turbo/**', 'packages/server/admin/**', '**/*.d.ts', '**/*.d.mts',
      // Fixtures are modules as a third party would ship them (built JavaScript), not our source.
      '**/test/fixtures/**', '**/test/**/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
    rules: {
      // `_name` marks a parameter that is there for a signature.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Tests and low-level adapters cast at the boundaries of untyped libraries; keep it visible, not fatal.
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-empty': ['error', { allowEmptyCatch: true }],
      'vue/multi-word-component-names': 'off',
      // Declaration merging (HubModuleServices) starts from an empty interface.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'always' }],
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['self', 'runtime'] }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    // TypeScript itself reports undefined names, with the DOM and Node types ESLint does not know.
    files: ['**/*.ts', '**/*.mts', '**/*.vue'],
    rules: { 'no-undef': 'off' },
  },
  {
    // Type tests state expectations as expressions (expectTypeOf(...).toEqualTypeOf<...>()).
    files: ['**/*.test-d.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  ...layerRules,
);
