import { Args } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag } from '../../lib/HubCommand.js';
import { moduleDetails } from '../../lib/format.js';

export default class ModuleInfo extends HubCommand {
  static summary = 'Show one module: versions, state, dependencies, where it comes from.';
  static examples = ['<%= config.bin %> module info contacts', '<%= config.bin %> module info contacts --json'];
  static args = { name: Args.string({ description: 'module name', required: true }) };
  static flags = { ...jsonFlag, ...hostFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ModuleInfo);
    const info = await (await this.backend(flags)).get(args.name);
    this.output(info, () => moduleDetails(info));
  }
}
