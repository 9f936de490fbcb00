import { hubVitestConfig } from '@hub/tooling/vitest';
export default hubVitestConfig({}, { postgres: false });
