import { isAbsolute, join, relative, resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { HubCommand, jsonFlag } from '../../lib/HubCommand.js';
import { findMonorepoRoot } from '../../lib/hostDir.js';
import { runPnpm } from '../../lib/runPnpm.js';
import { addHostDependency, createModule } from '../../lib/scaffold/createModule.js';
import { userCwd } from '../../lib/settings.js';

export default class ModuleCreate extends HubCommand {
  static summary = 'Scaffold a new module package (schema, routes, admin view, data, tests) from the template.';
  static description = [
    'In the Hub monorepo it becomes modules/NAME, a workspace package and a dependency of apps/hub, and `pnpm install` links it;',
    'elsewhere (or with --no-workspace) it is a standalone package in ./NAME that depends on the published @hub/kit.',
  ].join('\n');
  static examples = [
    '<%= config.bin %> module create notes',
    '<%= config.bin %> module create notes --dir ../notes --no-workspace --no-install',
    'pnpm --filter @hub/module-notes build && pnpm --filter @hub/module-notes test && pnpm hub module install notes',
  ];
  static args = { name: Args.string({ description: 'module name (lowercase, digits, _)', required: true }) };
  static flags = {
    dir: Flags.string({ description: 'folder to create (default modules/NAME in the monorepo, else ./NAME)' }),
    workspace: Flags.boolean({ description: 'in the monorepo: add it to the workspace and to apps/hub', default: true, allowNo: true }),
    install: Flags.boolean({ description: 'run pnpm install afterwards', default: true, allowNo: true }),
    description: Flags.string({ description: 'package description' }),
    'link-hub': Flags.string({ description: 'standalone: link @hub/* from this monorepo checkout (development)', hidden: true }),
    ...jsonFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ModuleCreate);
    const cwd = userCwd();
    const repo = findMonorepoRoot(cwd);
    const dir = flags.dir ? resolve(cwd, flags.dir) : repo && flags.workspace ? join(repo, 'modules', args.name) : join(cwd, args.name);
    const inModules = !!repo && !relative(join(repo, 'modules'), dir).startsWith('..') && !isAbsolute(relative(join(repo, 'modules'), dir));
    const workspaceRoot = flags.workspace && inModules ? repo : undefined;
    const created = createModule({ name: args.name, dir, workspaceRoot, linkHub: flags['link-hub'], description: flags.description });
    let hostUpdated = false;
    if (workspaceRoot) hostUpdated = addHostDependency(join(workspaceRoot, 'apps/hub'), created.packageName, 'workspace:^');
    if (flags.install) {
      this.note(`Running pnpm install in ${workspaceRoot ?? dir} ...`);
      runPnpm(['install', '--prefer-offline'], workspaceRoot ?? dir, { quiet: this.jsonMode });
    }
    const buildCmd = workspaceRoot ? `pnpm --filter ${created.packageName} build` : `(cd ${relative(cwd, dir) || '.'} && pnpm build)`;
    this.output({ ...created, hostUpdated, installed: flags.install }, () => [
      `Created ${created.packageName} in ${relative(cwd, dir) || '.'}${workspaceRoot ? ' (workspace package, dependency of apps/hub)' : ''}.`,
      'Next:',
      `  ${buildCmd}`,
      workspaceRoot ? `  pnpm --filter ${created.packageName} test` : `  (cd ${relative(cwd, dir) || '.'} && pnpm test)`,
      workspaceRoot ? `  pnpm hub module install ${args.name}` : `  in a host: pnpm add ${created.packageName} (or put it in ADDONS_PATHS), then hub module install ${args.name}`,
    ].join('\n'));
  }
}
