import { HubError } from '@hub/kit';

export function pgExtensionInvalid(packageJson: string, problem: string): HubError {
  return new HubError('HUB_PG_EXTENSION_INVALID', `${packageJson}: ${problem}`, {
    hint: 'Write e.g. "hub": { "extensions": ["vector", "pg_trgm"] }: names as in CREATE EXTENSION, lower case.',
  });
}

export type Engine = 'postgres' | 'pglite';

/** Debian package of the extensions the server packages separately (contrib ones come with postgresql-contrib). */
const DEBIAN_PACKAGE: Record<string, (major: number) => string> = {
  vector: (major) => `postgresql-${major}-pgvector`,
  postgis: (major) => `postgresql-${major}-postgis-3`,
  timescaledb: (major) => `timescaledb-2-postgresql-${major}`,
  pg_cron: (major) => `postgresql-${major}-cron`,
  pg_partman: (major) => `postgresql-${major}-partman`,
};

/**
 * Extensions the database does not have. On PostgreSQL the fix is on the server; the embedded
 * database loads an extension only when it opens, and only those PGlite ships.
 */
export function pgExtensionMissing(module: string, names: string[], where: { engine: Engine; serverMajor?: number; pgliteLoadable?: string[] }): HubError {
  const list = names.map((n) => `"${n}"`).join(', ');
  let hint: string;
  if (where.engine === 'pglite') {
    const loadable = names.filter((n) => where.pgliteLoadable?.includes(n));
    const absent = names.filter((n) => !loadable.includes(n));
    hint = [
      loadable.length ? `The embedded database loads ${loadable.join(', ')} when it opens, for the modules it discovers: restart the host and validate again.` : '',
      absent.length ? `The embedded database (PGlite) has no build of ${absent.join(', ')}: run the host on PostgreSQL (DATABASE_URL) with the extension installed on the server.` : '',
    ].filter(Boolean).join(' ');
  } else {
    const major = where.serverMajor ?? 15;
    const packages = names.map((n) => DEBIAN_PACKAGE[n]?.(major)).filter((p): p is string => !!p);
    hint = `Install ${names.length > 1 ? 'them' : 'it'} on the database server${packages.length ? ` (Debian/Ubuntu: apt-get install ${packages.join(' ')})` : ''}; pg_trgm, citext, hstore, pgcrypto and the other contrib extensions come with postgresql-contrib. Then validate again.`;
  }
  return new HubError('HUB_PG_EXTENSION_MISSING', `Module "${module}" needs the PostgreSQL extension${names.length > 1 ? 's' : ''} ${list}, which this database does not have`, {
    module, status: 422, hint, details: { extensions: names },
  });
}

export function pgExtensionPrivilege(module: string, names: string[], user: string): HubError {
  return new HubError('HUB_PG_EXTENSION_PRIVILEGE', `Module "${module}" needs the PostgreSQL extension${names.length > 1 ? 's' : ''} ${names.map((n) => `"${n}"`).join(', ')}, which only a superuser may create, and the database user "${user}" is not one`, {
    module, status: 422, hint: `Have a superuser run ${names.map((n) => `CREATE EXTENSION "${n}";`).join(' ')} once in this database; Hub then uses ${names.length > 1 ? 'them' : 'it'} as ${names.length > 1 ? 'they are' : 'it is'} (and never drops ${names.length > 1 ? 'them' : 'it'}).`,
    details: { extensions: names },
  });
}
