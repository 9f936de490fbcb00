import { hubVitestConfig } from '@hub/tooling/vitest';
export default hubVitestConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, maxWorkers: 2 } });
