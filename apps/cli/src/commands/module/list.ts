import { Flags } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag } from '../../lib/HubCommand.js';
import { listWithoutOpening } from '../../lib/backend/snapshotList.js';
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
    const filter = { installedOnly: flags.installed, applicationOnly: flags.apps, category: flags.category, search: flags.search };
    // Without starting the embedded database when the state it left at its last close still holds.
    const modules = await listWithoutOpening(this.settings(flags), filter) ?? await (await this.backend(flags)).list(filter);
    this.output(modules, () => moduleRows(modules));
  }
}
