import { Args, Flags } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag } from '../../lib/HubCommand.js';
import { planText } from '../../lib/format.js';

export default class ModulePlan extends HubCommand {
  static summary = 'Print what install, upgrade or uninstall would do (SQL, hooks, data, warnings); changes nothing.';
  static examples = [
    '<%= config.bin %> module plan install contacts',
    '<%= config.bin %> module plan upgrade contacts --json',
    '<%= config.bin %> module plan uninstall contacts --drop-tables',
  ];
  static args = {
    action: Args.string({ description: 'what to plan', required: true, options: ['install', 'upgrade', 'uninstall'] }),
    name: Args.string({ description: 'module name', required: true }),
  };
  static flags = {
    'drop-tables': Flags.boolean({ description: 'uninstall: plan dropping the tables' }),
    cascade: Flags.boolean({ description: 'uninstall: include installed dependents' }),
    ...jsonFlag, ...hostFlags,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ModulePlan);
    const action = args.action as 'install' | 'upgrade' | 'uninstall';
    const options = action === 'uninstall' ? { dropTables: flags['drop-tables'], cascade: flags.cascade } : action === 'upgrade' ? { acceptDataLoss: true } : undefined;
    const plan = await (await this.backend(flags)).plan({ action, modules: [args.name], options });
    this.output(plan, () => planText(plan));
  }
}
