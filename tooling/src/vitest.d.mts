import type { ViteUserConfig } from 'vitest/config';
/** The shared vitest config (JSON results for the totals line; a PostgreSQL server unless `postgres: false`) merged with `overrides`. */
export function hubVitestConfig(overrides?: ViteUserConfig, options?: { postgres?: boolean }): ViteUserConfig;
