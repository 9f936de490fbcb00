import { Flags } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag, yesFlag } from '../../lib/HubCommand.js';
import { usageError } from '../../lib/errors.js';
import { runOperation } from '../../lib/operation.js';

export default class ModuleUpgrade extends HubCommand {
  static summary = 'Upgrade installed modules to the version of their code.';
  static description = 'Prints the plan and applies it. A plan that loses data (dropped columns or tables) asks for confirmation on a terminal and needs --yes off one; a backup is taken first.';
  static examples = ['<%= config.bin %> module upgrade contacts', '<%= config.bin %> module upgrade --all', '<%= config.bin %> module upgrade contacts --yes --json'];
  static strict = false;
  static flags = {
    all: Flags.boolean({ description: 'every installed module whose code is newer' }),
    ...yesFlag, ...jsonFlag, ...hostFlags,
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ModuleUpgrade);
    const names = argv as string[];
    if (names.length === 0 && !flags.all) throw usageError('hub module upgrade needs module names or --all', 'hub module upgrade NAME... | --all');
    if (names.length > 0 && flags.all) throw usageError('give module names or --all, not both');
    const backend = await this.backend(flags);
    // Planned with acceptDataLoss so the plan shows what would be lost; applied only with its
    // hash after the confirmation, so nothing else can be lost.
    await runOperation(this, backend, { action: 'upgrade', modules: names, options: { all: flags.all || undefined, acceptDataLoss: true } }, {
      what: flags.all ? 'upgrade all modules' : `upgrade ${names.join(', ')}`, yes: flags.yes,
    });
  }
}
