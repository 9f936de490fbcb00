// "Who may do what changed": tokens revoked, users changed or removed, roles changed. Hosts that
// cache token checks listen here (same process, at once) and on the PostgreSQL channel
// AUTH_CHANNEL (other instances, after commit). Kept on globalThis so every copy of this package
// in a process shares the listeners.
export const AUTH_CHANNEL = 'hub_auth';

type Listener = () => void;
const KEY = Symbol.for('@hub/module-base/authChanged');
const registry = ((globalThis as Record<symbol, unknown>)[KEY] ??= new Set<Listener>()) as Set<Listener>;

export function onAuthChanged(listener: Listener): () => void {
  registry.add(listener);
  return () => { registry.delete(listener); };
}

export function emitAuthChanged(): void {
  for (const l of registry) {
    try { l(); } catch { /* a listener never breaks a write */ }
  }
}
