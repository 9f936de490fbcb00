import { Args } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag } from '../../lib/HubCommand.js';
import { table } from '../../lib/format.js';

export default class ModuleShowMigrations extends HubCommand {
  static summary = 'List the recorded schema migrations (all modules or one).';
  static examples = ['<%= config.bin %> module show-migrations', '<%= config.bin %> module show-migrations contacts --json'];
  static args = { name: Args.string({ description: 'module name' }) };
  static flags = { ...jsonFlag, ...hostFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ModuleShowMigrations);
    const records = await (await this.backend(flags)).migrations(args.name);
    this.output(records, () => records.length === 0 ? 'No migrations.' : table(records.map((r) => ({
      id: r.id, module: r.module, from: r.fromVersion ?? '-', to: r.toVersion, statements: r.up.length,
      applied: r.appliedAt, by: r.appliedBy, 'rolled back': r.rolledBackAt ?? '',
    })), ['id', 'module', 'from', 'to', 'statements', 'applied', 'by', 'rolled back']));
  }
}
