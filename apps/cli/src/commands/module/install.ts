import { HubCommand, hostFlags, jsonFlag } from '../../lib/HubCommand.js';
import { usageError } from '../../lib/errors.js';
import { runOperation } from '../../lib/operation.js';
import { withFittingVersion } from '../../lib/fittingVersion.js';

export default class ModuleInstall extends HubCommand {
  static summary = 'Install modules and the modules they depend on.';
  static description = 'Prints the plan (SQL, hooks, data files, warnings) and applies exactly that plan in one transaction.';
  static examples = ['<%= config.bin %> module install contacts', '<%= config.bin %> module install contacts sales --json'];
  static strict = false;
  static args = {};
  static flags = { ...jsonFlag, ...hostFlags };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ModuleInstall);
    const names = argv as string[];
    if (names.length === 0) throw usageError('hub module install needs at least one module name', 'hub module install NAME...');
    const backend = await this.backend(flags);
    try {
      await runOperation(this, backend, { action: 'install', modules: names }, { what: `install ${names.join(', ')}` });
    } catch (err) {
      throw await withFittingVersion(err, this.settings(flags).hostDir); // names the version that fits
    }
  }
}
