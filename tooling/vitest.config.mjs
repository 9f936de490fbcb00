import { hubVitestConfig } from './src/vitest.mjs';

export default hubVitestConfig({ test: { include: ['test/**/*.test.mjs'] } }, { postgres: false });
