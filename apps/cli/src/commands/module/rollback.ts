import { Args } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag, yesFlag } from '../../lib/HubCommand.js';
import { runOperation } from '../../lib/operation.js';

export default class ModuleRollback extends HubCommand {
  static summary = 'Undo a module\'s last schema migration (its down statements).';
  static description = 'Asks for confirmation on a terminal and needs --yes off one.';
  static examples = ['<%= config.bin %> module rollback contacts', '<%= config.bin %> module rollback contacts --yes --json'];
  static args = { name: Args.string({ description: 'module name', required: true }) };
  static flags = { ...yesFlag, ...jsonFlag, ...hostFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ModuleRollback);
    await runOperation(this, await this.backend(flags), { action: 'rollback', modules: [args.name], options: { acceptDataLoss: true } }, {
      what: `roll back the last migration of ${args.name}`, destructive: true, yes: flags.yes,
    });
  }
}
