import { Args } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag } from '../../lib/HubCommand.js';
import { runOperation } from '../../lib/operation.js';

export default class ModuleDisable extends HubCommand {
  static summary = 'Disable an installed module: its routes and admin views are no longer served; its data stays.';
  static examples = ['<%= config.bin %> module disable contacts', '<%= config.bin %> module disable contacts --json'];
  static args = { name: Args.string({ description: 'module name', required: true }) };
  static flags = { ...jsonFlag, ...hostFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ModuleDisable);
    await runOperation(this, await this.backend(flags), { action: 'disable', modules: [args.name] }, { what: 'disable ' + args.name });
  }
}
