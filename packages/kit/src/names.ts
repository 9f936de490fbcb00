/** Module names: PostgreSQL schema names and URL segments at once, so lowercase snake case. */
export const MODULE_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

/**
 * Names a module may not take: the host's own schemas, and the words the host uses under
 * /api/v1/ (module routes mount at /api/v1/<name>/).
 */
export const RESERVED_MODULE_NAMES: readonly string[] = [
  'hub', 'public', 'information_schema',
  'modules', 'auth', 'operations', 'audit', 'health', 'docs', 'openapi', 'admin', 'metrics',
  'install', 'upgrade', 'uninstall', 'validate', 'upload', 'schema', 'graph', 'plan',
];

/** Returns why `name` cannot be a module name, or undefined when it can. */
export function moduleNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'the name is missing';
  if (name.length > 63) return `"${name}" is longer than 63 characters (a PostgreSQL identifier limit)`;
  if (!MODULE_NAME_PATTERN.test(name)) return `"${name}" does not match ${MODULE_NAME_PATTERN} (lowercase letters, digits and _; starts with a letter)`;
  if (name.startsWith('pg_')) return `"${name}" starts with pg_, which PostgreSQL reserves`;
  if (RESERVED_MODULE_NAMES.includes(name)) return `"${name}" is reserved by the host`;
  return undefined;
}
