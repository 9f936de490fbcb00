import { Args, Flags } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag } from '../../lib/HubCommand.js';
import { table } from '../../lib/format.js';
import { runOperation } from '../../lib/operation.js';

export default class ModuleBackup extends HubCommand {
  static summary = 'Back up a module\'s tables (one JSON-lines file per table), or list its backups.';
  static examples = ['<%= config.bin %> module backup contacts', '<%= config.bin %> module backup contacts --list --json'];
  static args = { name: Args.string({ description: 'module name', required: true }) };
  static flags = { list: Flags.boolean({ description: 'list the module\'s backups instead' }), ...jsonFlag, ...hostFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ModuleBackup);
    const backend = await this.backend(flags);
    if (flags.list) {
      const list = await backend.backups(args.name);
      this.output(list, () => list.length === 0 ? 'No backups.' : table(list.map((b) => ({
        id: b.id, created: b.createdAt, reason: b.reason, tables: b.tables.length, rows: b.tables.reduce((n, t) => n + t.rows, 0), path: b.path,
      })), ['id', 'created', 'reason', 'tables', 'rows', 'path']));
      return;
    }
    await runOperation(this, backend, { action: 'backup', modules: [args.name] }, { what: `back up ${args.name}` });
  }
}
