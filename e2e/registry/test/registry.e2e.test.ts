// Hub's main path, end to end on loopback: a private registry (verdaccio, no uplinks), every publishable
// @hub package published to it with changesets from a copy of the monorepo, a host made by
// `hub init` that installs, upgrades and refuses modules from it. Nothing here touches the real
// repository: versioning happens in the copy.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(import.meta.url);
const MINUTE = 60_000;

const temps: string[] = [];
const procs = new Map<string, ChildProcess>();
const timings: string[] = [];

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `hub-e2e-${prefix}-`));
  temps.push(dir);
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

interface RunResult { code: number | null; out: string }

/** Runs a command to its end; throws with the output's tail unless `allowFail`. */
function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; allowFail?: boolean }): Promise<RunResult> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => { out += d; });
    child.stderr!.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 6 * MINUTE);
    child.on('error', (e) => { clearTimeout(timer); fail(e); });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 && !opts.allowFail) fail(new Error(`${cmd} ${args.join(' ')} (in ${opts.cwd}) exited ${code}:\n${out.slice(-4000)}`));
      else ok({ code, out });
    });
  });
}

async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const r = await fn();
  timings.push(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`[e2e] ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r;
}

/** Starts a long-running process; its output goes to `log`. */
function start(name: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; log: string }): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => { out += d; if (out.length > 200_000) out = out.slice(-100_000); writeFileSync(opts.log, out); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  procs.set(name, child);
  return child;
}

/** Stops a process by its pid: SIGTERM, then SIGKILL after 10 s. */
async function stop(name: string): Promise<void> {
  const child = procs.get(name);
  if (!child || child.pid === undefined) return;
  procs.delete(name);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => { try { process.kill(child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
  await exited;
  clearTimeout(timer);
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

async function waitFor(url: string, ms: number, headers: Record<string, string> = {}): Promise<void> {
  const until = Date.now() + ms;
  let last = '';
  while (Date.now() < until) {
    try {
      const r = await fetch(url, { headers });
      if (r.status < 500) return;
      last = `HTTP ${r.status}`;
    } catch (e) { last = String(e); }
    await new Promise((ok) => setTimeout(ok, 500));
  }
  throw new Error(`${url} did not answer within ${ms} ms (${last})`);
}

function readJson(file: string): any {
  return JSON.parse(readFileSync(file, 'utf8'));
}

afterAll(async () => {
  for (const name of [...procs.keys()]) await stop(name);
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  console.log(`[e2e] timings:\n  ${timings.join('\n  ')}`);
}, 60_000);

it('publishes every @hub package to a private registry with changesets; a hub init host installs, upgrades and refuses modules from it', async () => {
  const t0 = Date.now();
  const work = temp('work');
  const vdDir = join(work, 'verdaccio');
  const copy = join(work, 'monorepo');
  const hostParent = temp('host'); // outside the monorepo and its copy
  const host = join(hostParent, 'my-hub');
  mkdirSync(vdDir);
  mkdirSync(copy);

  // 1. verdaccio on 127.0.0.1, no uplinks, in a temporary folder; a user and its token.
  const vdPort = await freePort();
  const registry = `http://127.0.0.1:${vdPort}/`;
  const vdPid = await step('1. verdaccio started', async () => {
    writeFileSync(join(vdDir, 'config.yaml'), [
      `storage: ${join(vdDir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(vdDir, 'htpasswd')}`,
      '    max_users: 10',
      'uplinks: {}',
      'packages:',
      "  '@hub/*':",
      '    access: $authenticated',
      '    publish: $authenticated',
      "  '**':",
      '    access: $authenticated',
      '    publish: $authenticated',
      'max_body_size: 50mb',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'));
    const pkgDir = dirname(require.resolve('verdaccio/package.json'));
    const bin = readJson(join(pkgDir, 'package.json')).bin;
    const binJs = join(pkgDir, typeof bin === 'string' ? bin : bin.verdaccio);
    const child = start('verdaccio', [binJs, '--config', join(vdDir, 'config.yaml'), '--listen', `127.0.0.1:${vdPort}`], {
      cwd: vdDir, env: { ...process.env }, log: join(vdDir, 'verdaccio.log'),
    });
    await waitFor(`${registry}-/ping`, 2 * MINUTE);
    return child.pid!;
  });
  const user = await fetch(`${registry}-/user/org.couchdb.user:hub-e2e`, {
    method: 'PUT', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'hub-e2e', password: 'hub-e2e-password-1', email: 'e2e@example.com' }),
  });
  expect(user.status).toBe(201);
  const { token } = (await user.json()) as { token: string };
  expect(token).toBeTruthy();

  // The publishing environment, as the README documents it: the scope registry in the project
  // .npmrc, the token in the user's npmrc from NPM_TOKEN (pnpm does not expand variables in
  // credentials of a project .npmrc). The default pnpm store stays in use.
  const userNpmrc = join(work, 'user.npmrc');
  const ownRc = join(homedir(), '.npmrc');
  writeFileSync(userNpmrc, `${existsSync(ownRc) ? readFileSync(ownRc, 'utf8').trimEnd() + '\n' : ''}//127.0.0.1:${vdPort}/:_authToken=\${NPM_TOKEN}\n`);
  const env: NodeJS.ProcessEnv = {
    ...process.env, NPM_TOKEN: token, NPM_CONFIG_USERCONFIG: userNpmrc, npm_config_userconfig: userNpmrc,
    FORCE_COLOR: '0', NO_COLOR: '1', npm_config_update_notifier: 'false',
  };
  for (const k of Object.keys(env)) if (/^(HUB_|DATABASE_URL$|PORT$|VITEST|npm_lifecycle|npm_package|INIT_CWD$)/.test(k)) delete env[k];
  const scopeNpmrc = `@hub:registry=${registry}\n`;

  // 2. Build and publish every publishable package with changesets, from a copy of the monorepo
  //    (the committed tree: versioning never touches the real repository).
  await step('2a. monorepo copied and installed offline', async () => {
    await run('bash', ['-c', `git -C "${repoRoot}" archive --format=tar HEAD | tar -x -C "${copy}"`], { cwd: repoRoot });
    writeFileSync(join(copy, '.npmrc'), scopeNpmrc);
    await run('pnpm', ['install', '--offline', '--frozen-lockfile', '--reporter=append-only'], { cwd: copy, env, timeoutMs: 6 * MINUTE });
  });
  // changesets asks `npm info` which versions exist: it reads the registry from npm_config_registry.
  const releaseEnv = { ...env, npm_config_registry: registry };
  // Every package that is not private: @hub/kit, api, core, server, cli and every module.
  const publishable = ['packages', 'apps', 'modules'].flatMap((g) => readdirSync(join(copy, g)).map((d) => `${g}/${d}`))
    .filter((d) => existsSync(join(copy, d, 'package.json')) && !readJson(join(copy, d, 'package.json')).private);
  expect(publishable).toEqual(expect.arrayContaining(['packages/kit', 'packages/api', 'packages/core', 'packages/server', 'apps/cli', 'modules/base', 'modules/contacts', 'modules/inventory']));
  await step('2b. pnpm release (turbo build + changeset publish)', async () => {
    await run('pnpm', ['release', '--no-git-tag'], { cwd: copy, env: releaseEnv, timeoutMs: 9 * MINUTE });
  });
  for (const dir of publishable) {
    const pj = readJson(join(copy, dir, 'package.json'));
    const meta = await (await fetch(`${registry}${pj.name.replace('/', '%2f')}`, { headers: { authorization: `Bearer ${token}` } })).json() as any;
    expect(Object.keys(meta.versions ?? {}), pj.name).toContain(pj.version);
    const published = meta.versions[pj.version];
    expect(JSON.stringify(published.dependencies ?? {}), `${pj.name}: workspace: ranges rewritten`).not.toContain('workspace:');
    expect(JSON.stringify(published.peerDependencies ?? {})).not.toContain('workspace:');
    // The tarball has the built files every entry point names (never sources only).
    const tgz = join(work, `${pj.name.replace('/', '-')}-${pj.version}.tgz`);
    writeFileSync(tgz, Buffer.from(await (await fetch(published.dist.tarball, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer()));
    const files = (await run('tar', ['tzf', tgz], { cwd: work })).out.split('\n').map((f) => f.replace(/^package\//, ''));
    const entries = [published.main, published.types, ...Object.values(published.exports ?? {}).flatMap((e: any) => (typeof e === 'string' ? [e] : Object.values(e)))]
      .filter((e): e is string => typeof e === 'string').map((e) => e.replace(/^\.\//, ''));
    expect(entries.length, pj.name).toBeGreaterThan(0);
    for (const e of entries) expect(files, `${pj.name} ships ${e}`).toContain(e);
    expect(files.some((f) => f.startsWith('dist/')), pj.name).toBe(true);
    if (existsSync(join(copy, dir, 'dist/admin'))) expect(files.some((f) => f.startsWith('dist/admin/')), `${pj.name} ships dist/admin`).toBe(true);
  }
  const contactsBefore = readJson(join(copy, 'modules/contacts/package.json')).version as string;

  // 3. Outside the monorepo: hub init, install from the registry, start, add contacts, install it.
  const cli = join(host, 'node_modules/@hub/cli/bin/run.js');
  await step('3a. hub init + pnpm install from the registry', async () => {
    await run(process.execPath, [join(copy, 'apps/cli/bin/run.js'), 'init', host, '--registry', registry], { cwd: hostParent, env });
    expect(readFileSync(join(host, '.npmrc'), 'utf8')).toContain(`@hub:registry=${registry}`);
    await run('pnpm', ['install', '--no-frozen-lockfile', '--reporter=append-only'], { cwd: host, env, timeoutMs: 6 * MINUTE });
    expect(existsSync(cli)).toBe(true);
  });
  const hubPort = await freePort();
  const hubUrl = `http://127.0.0.1:${hubPort}`;
  const admin = { email: 'admin@example.com', password: 'e2e-admin-password-1' };
  const hostEnv = { ...env, HUB_ADMIN_EMAIL: admin.email, HUB_ADMIN_PASSWORD: admin.password };
  const hubPid = await step('3b. host started', async () => {
    const child = start('hub', [cli, 'serve', '--host', '127.0.0.1', '--port', String(hubPort)], { cwd: host, env: hostEnv, log: join(work, 'hub.log') });
    await waitFor(`${hubUrl}/api/v1/health`, 3 * MINUTE);
    return child.pid!;
  });
  const tokenOut = await run(process.execPath, [cli, 'token', 'create', '--email', admin.email, '--password', admin.password, '--url', hubUrl, '--json'], { cwd: host, env });
  const hubToken = JSON.parse(tokenOut.out.slice(tokenOut.out.indexOf('{'))).token as string;
  const cliEnv = { ...env, HUB_URL: hubUrl, HUB_TOKEN: hubToken };
  const auth = { authorization: `Bearer ${hubToken}` };
  const hub = (args: string[], allowFail = false) => run(process.execPath, [cli, ...args], { cwd: host, env: cliEnv, allowFail });

  await step('3c. pnpm add @hub/module-contacts + hub module install contacts', async () => {
    await run('pnpm', ['add', '@hub/module-contacts', '--reporter=append-only'], { cwd: host, env, timeoutMs: 4 * MINUTE });
    expect(readJson(join(host, 'node_modules/@hub/module-contacts/package.json')).version).toBe(contactsBefore);
    const r = await hub(['module', 'install', 'contacts']);
    expect(r.out).toMatch(/CREATE TABLE "contacts"\."companies"/);
  });
  const list = await (await fetch(`${hubUrl}/api/v1/contacts/companies`, { headers: auth })).json() as any[];
  expect(Array.isArray(list)).toBe(true);
  const created = await fetch(`${hubUrl}/api/v1/contacts/companies`, {
    method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Registry E2E Ltd', email: 'registry-e2e@example.com' }),
  });
  expect(created.status).toBeLessThan(300);
  const modules = await (await fetch(`${hubUrl}/api/v1/modules`, { headers: auth })).json() as any;
  const contactsRow = (modules.items ?? modules).find((m: any) => m.name === 'contacts');
  expect(contactsRow).toMatchObject({ state: 'installed', installedVersion: contactsBefore });

  // 4. In the monorepo (copy): a new column in contacts, a changeset, version, publish one minor up.
  await step('4. contacts schema changed, changeset, version-packages, release', async () => {
    const schemaFile = join(copy, 'modules/contacts/src/schema.ts');
    const schema = readFileSync(schemaFile, 'utf8');
    const opener = "contactsSchema.table('companies', {\n";
    expect(schema).toContain(opener);
    writeFileSync(schemaFile, schema.replace(opener, `${opener}  registryNote: text('registry_note'),\n`));
    writeFileSync(join(copy, '.changeset/e2e-contacts-registry-note.md'), "---\n'@hub/module-contacts': minor\n---\n\ncontacts: companies.registry_note\n");
    await run('pnpm', ['version-packages'], { cwd: copy, env });
    await run('pnpm', ['release', '--no-git-tag'], { cwd: copy, env: releaseEnv, timeoutMs: 8 * MINUTE });
  });
  const contactsAfter = readJson(join(copy, 'modules/contacts/package.json')).version as string;
  const [bMaj, bMin] = contactsBefore.split('.').map(Number);
  expect(contactsAfter).toBe(`${bMaj}.${bMin + 1}.0`);

  // 5. In the host: update, plan (the new SQL), upgrade, the rows are still there.
  await step('5. pnpm update + hub module plan upgrade + hub module upgrade', async () => {
    // A minor of a 0.x package is outside ^0.y: --latest moves the range.
    await run('pnpm', ['update', '@hub/module-contacts', '--latest', '--reporter=append-only'], { cwd: host, env, timeoutMs: 4 * MINUTE });
    expect(readJson(join(host, 'node_modules/@hub/module-contacts/package.json')).version).toBe(contactsAfter);
    const plan = await hub(['module', 'plan', 'upgrade', 'contacts']);
    expect(plan.out).toContain('ALTER TABLE "contacts"."companies" ADD COLUMN "registry_note" text');
    const up = await hub(['module', 'upgrade', 'contacts', '--yes']);
    expect(up.out).toContain(`Upgraded contacts ${contactsAfter}`);
  });
  const after = await (await fetch(`${hubUrl}/api/v1/contacts/companies`, { headers: auth })).json() as any[];
  const mine = after.find((c) => c.name === 'Registry E2E Ltd');
  expect(mine).toMatchObject({ email: 'registry-e2e@example.com', registryNote: null });
  expect(after.length).toBe(list.length + 1);

  // 6. A module whose host range does not fit: inventory republished one minor up for @hub/kit ^9.0.0.
  await step('6. a module for another host is refused, naming the range and the version that fits', async () => {
    const invDir = join(copy, 'modules/inventory');
    const pj = readJson(join(invDir, 'package.json'));
    const fits = pj.version as string;
    const [maj, min] = fits.split('.').map(Number);
    pj.version = `${maj}.${min + 1}.0`;
    pj.peerDependencies = { ...pj.peerDependencies, '@hub/kit': '^9.0.0' };
    writeFileSync(join(invDir, 'package.json'), JSON.stringify(pj, null, 2) + '\n');
    await run('pnpm', ['publish', '--no-git-checks'], { cwd: invDir, env, timeoutMs: 3 * MINUTE });
    await run('pnpm', ['add', `@hub/module-inventory@${pj.version}`, '--reporter=append-only'], { cwd: host, env, timeoutMs: 4 * MINUTE });
    const r = await hub(['module', 'install', 'inventory'], true);
    expect(r.code).toBe(1);
    expect(r.out).toContain('HUB_HOST_RANGE_MISMATCH');
    expect(r.out).toContain('^9.0.0');
    expect(r.out).toContain(`Version ${fits} of @hub/module-inventory fits this host`);
    const inv = await (await fetch(`${hubUrl}/api/v1/modules/inventory`, { headers: auth })).json() as any;
    expect(inv.state).not.toBe('installed');
  });

  // 7. Stop verdaccio and the hub by their pids; the temporary folders go in afterAll.
  await stop('hub');
  await stop('verdaccio');
  expect(alive(hubPid)).toBe(false);
  expect(alive(vdPid)).toBe(false);
  console.log(`[e2e] total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
});
