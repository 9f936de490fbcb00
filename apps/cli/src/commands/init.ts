import { resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { HubCommand, jsonFlag } from '../lib/HubCommand.js';
import { runPnpm } from '../lib/runPnpm.js';
import { initHost, tokenLine } from '../lib/scaffold/initHost.js';
import { userCwd } from '../lib/settings.js';

export default class Init extends HubCommand {
  static summary = 'Create a standalone host project (package.json with @hub/core, @hub/server, @hub/cli, @hub/module-base; .npmrc; README).';
  static examples = [
    '<%= config.bin %> init my-hub',
    '<%= config.bin %> init my-hub --registry http://127.0.0.1:4873/ --install',
    'cd my-hub && pnpm add @hub/module-contacts && pnpm hub module install contacts',
  ];
  static args = { dir: Args.string({ description: 'folder to create (new or empty)', required: true }) };
  static flags = {
    registry: Flags.string({ description: 'private registry for @hub packages (written into .npmrc; its token line goes in ~/.npmrc)' }),
    install: Flags.boolean({ description: 'run pnpm install afterwards' }),
    'link-hub': Flags.string({ description: 'link @hub/* from this monorepo checkout (development)', hidden: true }),
    ...jsonFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Init);
    const host = initHost({ dir: resolve(userCwd(), args.dir), registry: flags.registry, linkHub: flags['link-hub'] });
    if (flags.install) runPnpm(['install'], host.dir, { quiet: this.jsonMode });
    this.output(host, () => [
      `Created the hub host ${host.name} in ${host.dir}.`,
      'Next:',
      `  cd ${args.dir}`,
      ...(flags.install ? [] : ['  pnpm install']),
      '  pnpm start                          # hub serve',
      '  pnpm add @hub/module-<name> && pnpm hub module install <name>',
      ...(flags.registry ? [`Add the registry's token line to your user npmrc (~/.npmrc) and export NPM_TOKEN:`, `  ${tokenLine(flags.registry)}`] : []),
    ].join('\n'));
  }
}
