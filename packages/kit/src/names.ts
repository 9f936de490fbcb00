// Module names (also @hub/kit/names, for processes that need the rule without the rest of the kit).
/** Module names: PostgreSQL schema names and URL segments at once, so lowercase snake case. */
export const MODULE_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

/**
 * Names a module may not take: the host's own schemas, and the words the host uses under
 * /api/v1/ (module routes mount at /api/v1/<name>/).
 */
export const RESERVED_MODULE_NAMES: readonly string[] = [
  'hub', 'public', 'information_schema',
  'modules', 'auth', 'operations', 'audit', 'health', 'backups', 'settings', 'docs', 'openapi', 'admin', 'metrics',
  'install', 'upgrade', 'uninstall', 'validate', 'upload', 'schema', 'graph', 'plan',
];

/**
 * Names special to Node and npm: a module's folder sits in an addons folder beside the others, and
 * its name is often its unscoped package name. `node_modules` would become the package folder of
 * every module beside it; npm refuses `node_modules` and the names of Node's built-in modules
 * (the same list on every Node version this host supports, so a name valid here is valid there);
 * the package managers' and loaders' own folder names; what npm pack names its folder; and the
 * names of JavaScript's object machinery, which code keyed by module name must never meet.
 */
export const RESERVED_NODE_NAMES: readonly string[] = [
  'node_modules', 'bower_components', 'jspm_packages', 'package',
  'node', 'npm', 'npx', 'pnpm', 'yarn', 'corepack',
  'constructor', 'prototype', 'hasownproperty', 'tostring', 'valueof',
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants', 'crypto', 'dgram',
  'diagnostics_channel', 'dns', 'domain', 'events', 'fs', 'http', 'http2', 'https', 'inspector', 'module', 'net',
  'os', 'path', 'perf_hooks', 'process', 'punycode', 'querystring', 'readline', 'repl', 'stream', 'string_decoder',
  'sys', 'timers', 'tls', 'trace_events', 'tty', 'url', 'util', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib',
  'test', 'sea', 'sqlite',
];

/** Returns why `name` cannot be a module name, or undefined when it can. */
export function moduleNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'the name is missing';
  if (name.length > 63) return `"${name}" is longer than 63 characters (a PostgreSQL identifier limit)`;
  if (!MODULE_NAME_PATTERN.test(name)) return `"${name}" does not match ${MODULE_NAME_PATTERN} (lowercase letters, digits and _; starts with a letter)`;
  if (name.startsWith('pg_')) return `"${name}" starts with pg_, which PostgreSQL reserves`;
  if (RESERVED_MODULE_NAMES.includes(name)) return `"${name}" is reserved by the host`;
  if (RESERVED_NODE_NAMES.includes(name)) return `"${name}" is reserved: Node or npm give it a meaning of their own`;
  return undefined;
}
