import { Flags } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag } from '../../lib/HubCommand.js';
import { moduleRows } from '../../lib/format.js';

export default class ModuleList extends HubCommand {
  static summary = 'List the modules the host can install, with their state.';
  static examples = [
    '<%= config.bin %> module list',
    '<%= config.bin %> module list --installed --json',
    '<%= config.bin %> module list --apps --category Sales',
  ];
  static flags = {
    installed: Flags.boolean({ description: 'only installed modules' }),
    apps: Flags.boolean({ description: 'only applications (package.json "hub.application")' }),
    category: Flags.string({ description: 'only this category' }),
    search: Flags.string({ description: 'name, summary or description contains this' }),
    ...jsonFlag, ...hostFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ModuleList);
    const backend = await this.backend(flags);
    const modules = await backend.list({ installedOnly: flags.installed, applicationOnly: flags.apps, category: flags.category, search: flags.search });
    this.output(modules, () => moduleRows(modules));
  }
}
