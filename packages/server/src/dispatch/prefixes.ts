// Where modules may mount. Module prefixes live under /api/, never on or around the host's paths.

/** Paths the host answers itself. */
export const HOST_PATHS = [
  '/api/v1/modules', '/api/v1/auth', '/api/v1/operations', '/api/v1/audit', '/api/v1/health', '/api/v1/backups', '/api/v1/settings',
  '/api/openapi.json', '/api/docs', '/metrics', '/admin', '/modules',
];

export function defaultPrefix(name: string): string {
  return `/api/v1/${name}`;
}

const overlaps = (a: string, b: string) => a === b || a.startsWith(b + '/') || b.startsWith(a + '/');

/** Why a module cannot mount at `prefix`, or undefined. `others` maps prefixes of other modules to their names. */
export function prefixProblem(name: string, prefix: string, others: Map<string, string>): string | undefined {
  if (!prefix.startsWith('/api/') || prefix.split('/').length < 3) {
    return `module "${name}": apiPrefix "${prefix}" must be a path under /api/ with at least two segments, e.g. /api/v1/${name}`;
  }
  const host = HOST_PATHS.find((p) => overlaps(p, prefix));
  if (host) return `module "${name}": apiPrefix "${prefix}" collides with the host's path ${host}`;
  if (prefix === '/api/v1') return `module "${name}": apiPrefix "${prefix}" would cover the whole API`;
  const other = others.get(prefix);
  if (other && other !== name) return `module "${name}": apiPrefix "${prefix}" is already used by module "${other}"`;
  return undefined;
}
