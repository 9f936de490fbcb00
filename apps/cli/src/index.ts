// Programmatic entry of @hub/cli: run the CLI, or use its pieces (the backend that picks the
// database or a running server, the scaffolders).
export { runHub } from './main.js';
export { openBackend } from './lib/backend/openBackend.js';
export type { Backend } from './lib/backend/types.js';
export { loadSettings, type Settings } from './lib/settings.js';
export { resolveHostDir } from './lib/hostDir.js';
export { createModule } from './lib/scaffold/createModule.js';
export { initHost } from './lib/scaffold/initHost.js';
export { formatError } from './lib/errors.js';
