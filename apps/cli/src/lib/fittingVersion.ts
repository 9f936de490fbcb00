// HUB_HOST_RANGE_MISMATCH says the module's peer range on @hub/kit does not accept the host's kit.
// This asks the registry the host's .npmrc points to (`npm view`, run in the host folder) which
// published version of the module does, and adds it to the error.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HubError, isHubError } from '@hub/kit/errors';

const run = promisify(execFile);

async function npmView(args: string[], cwd: string): Promise<unknown> {
  const { stdout } = await run('npm', ['view', ...args, '--json'], { cwd, timeout: 30_000, encoding: 'utf8' });
  return stdout.trim() ? JSON.parse(stdout) : undefined;
}

/** The newest published version of `packageName` whose peer range on @hub/kit accepts `kitVersion`. */
export async function fittingVersion(packageName: string, kitVersion: string, cwd: string): Promise<string | undefined> {
  const { hostRangeAccepts } = await import('@hub/core');
  const versions = await npmView([packageName, 'versions'], cwd);
  const list = (Array.isArray(versions) ? versions : [versions]).filter((v): v is string => typeof v === 'string');
  for (const v of list.reverse().slice(0, 30)) {
    const peers = (await npmView([`${packageName}@${v}`, 'peerDependencies'], cwd)) as Record<string, string> | undefined;
    if (hostRangeAccepts(peers?.['@hub/kit'], kitVersion)) return v;
  }
  return undefined;
}

/** The package of module `name` among the host's dependencies, else @hub/module-<name>. */
function packageOf(name: string, hostDir: string): string {
  try {
    const deps = Object.keys(JSON.parse(readFileSync(join(hostDir, 'package.json'), 'utf8')).dependencies ?? {});
    for (const dep of deps) {
      const pj = join(hostDir, 'node_modules', dep, 'package.json');
      if (existsSync(pj) && JSON.parse(readFileSync(pj, 'utf8')).hub?.module === name) return dep;
    }
  } catch { /* fall through */ }
  return `@hub/module-${name}`;
}

/** The error, with "version X of P fits this host" added when it is a host range mismatch and the registry has one. */
export async function withFittingVersion(err: unknown, hostDir: string): Promise<unknown> {
  if (!isHubError(err) || err.code !== 'HUB_HOST_RANGE_MISMATCH') return err;
  const details = (err.details ?? {}) as { hostVersion?: string };
  const m = /Module "([^"]+)" supports @hub\/kit .+, but this host runs @hub\/kit (\S+?)\.?$/.exec(err.message);
  const module = err.module ?? m?.[1];
  const kitVersion = details.hostVersion ?? m?.[2];
  if (!module || !kitVersion) return err;
  const pkg = packageOf(module, hostDir);
  let version: string | undefined;
  try { version = await fittingVersion(pkg, kitVersion, hostDir); } catch { return err; }
  const tail = version ? ` Version ${version} of ${pkg} fits this host.` : ` No published version of ${pkg} fits this host.`;
  return new HubError(err.code, err.message + tail, {
    hint: version ? `pnpm add ${pkg}@${version}, then install it again` : err.hint,
    status: err.status, module, details: { ...(details as object), fittingVersion: version },
  });
}
