import { Args, Flags } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag, yesFlag } from '../../lib/HubCommand.js';
import { schemaStatusText } from '../../lib/format.js';
import { runOperation } from '../../lib/operation.js';

export default class ModuleSyncSchema extends HubCommand {
  static summary = 'Bring a module\'s tables in line with its code (prints the SQL; --apply runs it).';
  static description = 'Without --apply it only prints the statements. Statements that lose data need --accept-data-loss, ask for confirmation on a terminal and need --yes off one; a backup is taken first.';
  static examples = [
    '<%= config.bin %> module sync-schema contacts',
    '<%= config.bin %> module sync-schema contacts --apply',
    '<%= config.bin %> module sync-schema contacts --apply --accept-data-loss --yes',
  ];
  static args = { name: Args.string({ description: 'module name', required: true }) };
  static flags = {
    apply: Flags.boolean({ description: 'run the statements' }),
    'accept-data-loss': Flags.boolean({ description: 'allow statements that drop columns or tables' }),
    ...yesFlag, ...jsonFlag, ...hostFlags,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ModuleSyncSchema);
    const backend = await this.backend(flags);
    if (!flags.apply) {
      const status = await backend.schemaStatus(args.name);
      this.output(status, () => schemaStatusText(status) + (status.upToDate ? '' : '\nRun with --apply to execute.'));
      return;
    }
    await runOperation(this, backend, { action: 'sync', modules: [args.name], options: { acceptDataLoss: flags['accept-data-loss'] } }, {
      what: `sync the schema of ${args.name}`, refuseDataLoss: !flags['accept-data-loss'], yes: flags.yes,
    });
  }
}
