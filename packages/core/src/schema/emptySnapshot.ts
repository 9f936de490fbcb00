import { loadDrizzleKit } from './loadDrizzleKit.js';
import type { Snapshot } from './types.js';

/** The snapshot of nothing: the starting point of a first install. */
export async function emptySnapshot(): Promise<Snapshot> {
  const { generateDrizzleJson } = await loadDrizzleKit();
  return generateDrizzleJson({}) as Snapshot;
}
