// @hub/server/testing: helpers for module authors' integration tests (real engine, real server).
export { testHost, query, quietLogger, type TestTarget } from './testHost.js';
export { startServer, userWith, install, ADMIN, type Answer, type Call } from './testServer.js';
export { upgradeCase, introspectSchemas, type UpgradeCaseOptions, type UpgradeCaseResult, type UpgradeContext } from './upgradeCase.js';
export { testDatabases, type TestDatabase } from './testDatabases.js';
