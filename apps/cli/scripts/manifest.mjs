// Writes oclif.manifest.json after the build, so `hub` does not import every command to list them.
import { writeFileSync, rmSync } from 'node:fs';
import { Config } from '@oclif/core';

const root = new URL('..', import.meta.url).pathname;
rmSync(new URL('../oclif.manifest.json', import.meta.url), { force: true });
const config = await Config.load(root);
const plugin = config.getPluginsList().find((p) => p.name === '@hub/cli');
writeFileSync(new URL('../oclif.manifest.json', import.meta.url), JSON.stringify(plugin.manifest, null, 2) + '\n');
console.log(`oclif.manifest.json: ${Object.keys(plugin.manifest.commands).length} commands`);
