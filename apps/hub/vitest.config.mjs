import { hubVitestConfig } from '@hub/tooling/vitest';

// Several real instance processes per file on its own PostgreSQL: one file at a time (2 cores).
export default hubVitestConfig({ test: { fileParallelism: false, maxWorkers: 1, testTimeout: 120_000 } }, { postgres: false });
