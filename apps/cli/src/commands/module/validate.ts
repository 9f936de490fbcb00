import { Args } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag } from '../../lib/HubCommand.js';
import { validationText } from '../../lib/format.js';

export default class ModuleValidate extends HubCommand {
  static summary = 'Check a module without installing it: package, manifest, dependencies, host range, schema, routes.';
  static description = 'Exit code 0 when valid, 1 when it has errors (warnings alone do not fail).';
  static examples = ['<%= config.bin %> module validate contacts', '<%= config.bin %> module validate contacts --json'];
  static args = { name: Args.string({ description: 'module name', required: true }) };
  static flags = { ...jsonFlag, ...hostFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ModuleValidate);
    const report = await (await this.backend(flags)).validate(args.name);
    this.output(report, () => validationText(args.name, report));
    if (!report.valid) process.exitCode = 1;
  }
}
