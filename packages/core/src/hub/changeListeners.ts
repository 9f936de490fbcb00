import type { ModuleLogger } from '@hub/kit';
import type { HubChangeEvent } from './types.js';

/** The onChange listeners of one hub: a listener that throws is logged and never stops the others. */
export class ChangeListeners {
  private readonly listeners = new Set<(event: HubChangeEvent) => void>();

  constructor(private readonly logger: ModuleLogger) {}

  add(listener: (event: HubChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  emit(event: HubChangeEvent): void {
    for (const listener of [...this.listeners]) {
      try { listener(event); } catch (error) { this.logger.error(`onChange listener failed: ${(error as Error).message}`); }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
