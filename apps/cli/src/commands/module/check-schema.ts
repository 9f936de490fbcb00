import { Args } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag } from '../../lib/HubCommand.js';
import { schemaStatusText } from '../../lib/format.js';
import type { SchemaStatus } from '../../lib/backend/types.js';

export default class ModuleCheckSchema extends HubCommand {
  static summary = 'Compare installed modules\' tables with their code; exit 1 when some differ.';
  static examples = ['<%= config.bin %> module check-schema', '<%= config.bin %> module check-schema contacts --json'];
  static args = { name: Args.string({ description: 'module name (default: every installed module)' }) };
  static flags = { ...jsonFlag, ...hostFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ModuleCheckSchema);
    const backend = await this.backend(flags);
    const names = args.name ? [args.name] : (await backend.list({ installedOnly: true })).map((m) => m.name);
    const statuses: SchemaStatus[] = [];
    for (const name of names) statuses.push(await backend.schemaStatus(name));
    this.output(args.name ? statuses[0] : statuses, () => statuses.map(schemaStatusText).join('\n') || 'No installed modules.');
    if (statuses.some((s) => s.installed && !s.upToDate)) process.exitCode = 1;
  }
}
