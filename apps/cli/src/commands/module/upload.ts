import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Args } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag } from '../../lib/HubCommand.js';
import { usageError } from '../../lib/errors.js';

export default class ModuleUpload extends HubCommand {
  static summary = 'Add a module from an archive (.zip or .tgz of a built module package) to the host.';
  static description = 'The archive is checked, its imports must be what the host provides (@hub/kit, drizzle-orm, express, zod, the modules it depends on) or bundled, and its entry must load; its code is then kept in the database (every instance serves it) and the module is available to `hub module install`. An uploaded module of the same name is replaced (a newer version becomes upgradable).';
  static examples = ['<%= config.bin %> module upload ./hub-module-notes-1.0.0.tgz', '<%= config.bin %> module upload notes.zip --json'];
  static args = { file: Args.string({ description: 'archive file', required: true }) };
  static flags = { ...jsonFlag, ...hostFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ModuleUpload);
    const file = resolve(this.settings(flags).cwd, args.file);
    if (!existsSync(file)) throw usageError(`no such file: ${args.file}`);
    const result = await (await this.backend(flags)).upload(file);
    this.output(result, () => `Added module ${result.name} ${result.version}${result.path ? ` at ${result.path}` : ''}. Install it with: hub module install ${result.name}`);
  }
}
