// PGlite is PostgreSQL compiled to WebAssembly. V8 compiles it twice: a quick baseline (Liftoff)
// and, in the background, an optimised tier (TurboFan) that a command ending within a second
// never profits from. Measured on a 2-core machine: opening an existing embedded database took
// ~750 ms of CPU with both tiers and ~500 ms with Liftoff only. Long-running processes (hub serve,
// hub dev) open the hub without this and keep the optimised tier.
import { setFlagsFromString } from 'node:v8';

let applied = false;

/** Call before the first WebAssembly compile (PGlite's open) of a one-shot command. */
export function preferBaselineWasm(): void {
  if (applied || process.env.HUB_WASM_TIER_UP === '1') return;
  applied = true;
  setFlagsFromString('--liftoff-only');
}
