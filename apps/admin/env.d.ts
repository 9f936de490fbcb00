/// <reference types="vite/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
declare module '@hub/tooling/vitest' {
  import type { UserConfig } from 'vitest/config';
  export function hubVitestConfig(overrides?: UserConfig, options?: { postgres?: boolean }): UserConfig;
}
