import { hubVitestConfig } from '@hub/tooling/vitest';

// One long test: the registry, two publishes, a host and its installs. No PostgreSQL server (the
// host uses its embedded database).
export default hubVitestConfig({ test: { testTimeout: 15 * 60_000, hookTimeout: 120_000, fileParallelism: false, maxWorkers: 1 } }, { postgres: false });
