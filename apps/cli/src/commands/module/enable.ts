import { Args } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag } from '../../lib/HubCommand.js';
import { runOperation } from '../../lib/operation.js';

export default class ModuleEnable extends HubCommand {
  static summary = 'Enable an installed module: its routes and admin views are served.';
  static examples = ['<%= config.bin %> module enable contacts', '<%= config.bin %> module enable contacts --json'];
  static args = { name: Args.string({ description: 'module name', required: true }) };
  static flags = { ...jsonFlag, ...hostFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ModuleEnable);
    await runOperation(this, await this.backend(flags), { action: 'enable', modules: [args.name] }, { what: 'enable ' + args.name });
  }
}
