import { Flags } from '@oclif/core';
import { HubCommand, hostFlags, jsonFlag } from '../../lib/HubCommand.js';
import { graphText } from '../../lib/format.js';

export default class ModuleGraph extends HubCommand {
  static summary = 'Print the module dependency graph (Mermaid, Graphviz dot, or install order).';
  static examples = ['<%= config.bin %> module graph', '<%= config.bin %> module graph --format dot | dot -Tsvg > modules.svg', '<%= config.bin %> module graph --json'];
  static flags = {
    format: Flags.string({ description: 'output format', options: ['mermaid', 'dot', 'text'], default: 'mermaid' }),
    ...jsonFlag, ...hostFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ModuleGraph);
    const graph = await (await this.backend(flags)).graph();
    this.output(graph, () => graphText(graph, flags.format as 'mermaid' | 'dot' | 'text'));
  }
}
