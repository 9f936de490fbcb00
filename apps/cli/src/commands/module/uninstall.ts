import { Args, Flags } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag, yesFlag } from '../../lib/HubCommand.js';
import { runOperation } from '../../lib/operation.js';

export default class ModuleUninstall extends HubCommand {
  static summary = 'Uninstall a module (its data is kept unless --drop-tables).';
  static description = 'Asks for confirmation on a terminal; off one it needs --yes or --force. With --drop-tables the tables are backed up first (unless --no-backup), then dropped.';
  static examples = [
    '<%= config.bin %> module uninstall contacts',
    '<%= config.bin %> module uninstall contacts --drop-tables --cascade --yes',
    '<%= config.bin %> module uninstall contacts --drop-tables --no-backup --force --json',
  ];
  static args = { name: Args.string({ description: 'module name', required: true }) };
  static flags = {
    'drop-tables': Flags.boolean({ description: 'drop the module\'s tables (backed up first unless --no-backup)' }),
    cascade: Flags.boolean({ description: 'uninstall the installed modules that depend on it first' }),
    backup: Flags.boolean({ description: 'back up tables before dropping them', default: true, allowNo: true }),
    force: Flags.boolean({ char: 'f', description: 'same as --yes' }),
    ...yesFlag, ...jsonFlag, ...hostFlags,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ModuleUninstall);
    const backend = await this.backend(flags);
    await runOperation(this, backend, {
      action: 'uninstall', modules: [args.name],
      options: { dropTables: flags['drop-tables'], cascade: flags.cascade, backup: flags.backup },
    }, { what: `uninstall ${args.name}${flags['drop-tables'] ? ' and drop its tables' : ''}`, destructive: true, yes: flags.yes || flags.force });
  }
}
