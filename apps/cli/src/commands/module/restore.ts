import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag, yesFlag } from '../../lib/HubCommand.js';
import { runOperation } from '../../lib/operation.js';

export default class ModuleRestore extends HubCommand {
  static summary = 'Replace a module\'s table contents with a backup.';
  static description = 'FILE is a backup folder (or its manifest.json) or a backup id from `hub module backup NAME --list`. Asks for confirmation on a terminal and needs --yes off one.';
  static examples = [
    '<%= config.bin %> module restore contacts --from .hub/backups/contacts-2026-01-01T10-00-00',
    '<%= config.bin %> module restore contacts --from 7f3a... --yes --json',
  ];
  static args = { name: Args.string({ description: 'module name', required: true }) };
  static flags = {
    from: Flags.string({ description: 'backup folder, manifest.json or backup id', required: true }),
    'accept-unmapped': Flags.boolean({ description: 'leave out backed-up columns the current schema has no place for (dropped since) instead of refusing' }),
    ...yesFlag, ...jsonFlag, ...hostFlags,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ModuleRestore);
    const settings = this.settings(flags);
    // A backup folder (or its manifest.json) names its id in manifest.json; anything else is an id.
    let from = flags.from;
    const asPath = resolve(settings.cwd, from);
    const manifest = asPath.endsWith('manifest.json') ? asPath : join(asPath, 'manifest.json');
    if (existsSync(manifest)) from = JSON.parse(readFileSync(manifest, 'utf8')).id ?? from;
    await runOperation(this, await this.backend(flags), { action: 'restore', modules: [args.name], options: { backupId: from, acceptDataLoss: true, ...(flags['accept-unmapped'] ? { acceptUnmapped: true } : {}) } }, {
      what: `restore ${args.name} from ${flags.from}`, destructive: true, yes: flags.yes,
    });
  }
}
