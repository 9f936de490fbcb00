// `hub init DIR`: a standalone host project. Its package.json dependencies are its modules;
// `pnpm add @hub/module-x && pnpm hub module install x` adds one.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { HubError } from '@hub/kit/errors';
import { hubVersion } from './hubVersions.js';

export interface InitHostOptions {
  dir: string;
  /** Private registry for @hub packages, written uncommented into .npmrc. */
  registry?: string;
  /** Take @hub/* from this monorepo checkout (link:) instead of a registry (development). */
  linkHub?: string;
}

export interface InitializedHost { dir: string; name: string; files: string[]; dependencies: Record<string, string> }

const HOST_DEPS = ['@hub/cli', '@hub/core', '@hub/kit', '@hub/module-base', '@hub/server'] as const;
const LINK_PATHS: Record<(typeof HOST_DEPS)[number], string> = {
  '@hub/cli': 'apps/cli', '@hub/core': 'packages/core', '@hub/kit': 'packages/kit', '@hub/module-base': 'modules/base', '@hub/server': 'packages/server',
};

export function initHost(opts: InitHostOptions): InitializedHost {
  const dir = resolve(opts.dir);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new HubError('HUB_TARGET_EXISTS', `${dir} already exists and is not empty`, { hint: 'choose an empty or new folder' });
  }
  mkdirSync(dir, { recursive: true });
  const name = basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '') || 'hub-host';
  const dependencies = Object.fromEntries(HOST_DEPS.map((p) => [p, opts.linkHub ? `link:${join(resolve(opts.linkHub), LINK_PATHS[p])}` : `^${hubVersion(p)}`]));
  const pkg = {
    name, version: '0.1.0', private: true, type: 'module',
    description: 'A Hub host: its package.json dependencies are the modules it can install.',
    engines: { node: '>=20.19' },
    scripts: { start: 'hub serve', dev: 'hub dev', hub: 'hub' },
    dependencies,
  };
  const files: Record<string, string> = {
    'package.json': JSON.stringify(pkg, null, 2) + '\n',
    '.npmrc': npmrc(opts.registry),
    '.gitignore': 'node_modules/\n.hub/\n',
    'README.md': readme(name),
  };
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return { dir, name, files: Object.keys(files), dependencies };
}

/** The line that gives a registry's token, for the user's ~/.npmrc. */
export function tokenLine(registry: string): string {
  const url = new URL(registry);
  return `//${url.host}${url.pathname.replace(/\/?$/, '/')}:_authToken=\${NPM_TOKEN}`;
}

// The token line is not written here: pnpm does not expand \${VARS} in the credentials of a
// project .npmrc, so it only works in the user's npmrc (~/.npmrc).
function npmrc(registry?: string): string {
  if (registry) {
    return [
      '# @hub packages come from this registry. Its token goes in your user npmrc (~/.npmrc), not',
      `# here (pnpm reads credentials with \${VARS} only there):  ${tokenLine(registry)}`,
      `@hub:registry=${new URL(registry).href.replace(/\/?$/, '/')}`,
      '',
    ].join('\n');
  }
  return [
    '# A private registry for @hub packages: uncomment and set its address here, and put its token',
    '# line in your user npmrc (~/.npmrc), e.g. //npm.example.com/:_authToken=${NPM_TOKEN}',
    '# @hub:registry=https://npm.example.com/',
    '',
  ].join('\n');
}

function readme(name: string): string {
  return `# ${name}

A [Hub](https://www.npmjs.com/package/@hub/core) host. Its \`package.json\` dependencies are the
modules it can install; the data lives in \`.hub/\` (embedded PostgreSQL) unless \`DATABASE_URL\`
points to a PostgreSQL server.

\`\`\`sh
pnpm install
pnpm start                                  # hub serve: http://127.0.0.1:3000, admin at /admin
pnpm add @hub/module-contacts               # make a module available
pnpm hub module install contacts            # plan, then install it (the running server mounts it)
pnpm hub module list
pnpm dev                                    # hub dev: the same server, rebuilding and remounting this host's own modules on save
\`\`\`

\`pnpm dev\` watches the modules that live in this host (\`.hub/addons/*\`, \`ADDONS_PATHS\`, workspace
packages): a save rebuilds the module and remounts it without a restart; a schema change that loses
nothing is applied at once, one that would lose data asks in the terminal first.

With the embedded database, a running server holds \`.hub/\`: the CLI then goes through the
server's API and needs a token (\`pnpm hub token create --email ADMIN --password ...\`, then
\`export HUB_TOKEN=...\`), or stop the server first. With \`DATABASE_URL\` the CLI works on the
database directly.

Private registry: \`@hub:registry=...\` in \`.npmrc\`, and its token line
(\`//host/:_authToken=\${NPM_TOKEN}\`) in your user \`~/.npmrc\`: pnpm expands \`\${NPM_TOKEN}\` only there.

Settings (environment): \`DATABASE_URL\`, \`PORT\`, \`HUB_DATA_DIR\`, \`ADDONS_PATHS\`,
\`HUB_ADMIN_EMAIL\`/\`HUB_ADMIN_PASSWORD\`, \`MODULES__<NAME>__<KEY>\`.
`;
}
