import { hubVitestConfig } from '@hub/tooling/vitest';
export default hubVitestConfig({ test: { typecheck: { include: ['test/**/*.test-d.ts'] } } });
