// The shared module test harness (@hub/server/testing), bound to this repository's modules/ folder.
import { fileURLToPath } from 'node:url';
import { testHost as hostIn, type TestTarget } from '@hub/server/testing';
export { query } from '@hub/server/testing';
export const testHost = (target: TestTarget) => hostIn(target, fileURLToPath(new URL('../..', import.meta.url)));
