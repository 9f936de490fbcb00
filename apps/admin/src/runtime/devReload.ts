// Under `hub dev` the server names an event stream in index.html (<meta name="hub-dev-events">).
// Each `module-admin` event says that a module's admin bundle was rebuilt: its views are imported
// again and shown in place (runtime.reload), without reloading the page. In production there is
// no such meta and nothing is opened.
import type { ModuleRuntime } from './moduleRuntime';

export function followDevReloads(runtime: Pick<ModuleRuntime, 'reload'>, doc: Document = document): (() => void) | undefined {
  const url = doc.querySelector<HTMLMetaElement>('meta[name="hub-dev-events"]')?.content;
  if (!url || typeof EventSource === 'undefined') return undefined;
  // EventSource reconnects by itself when hub dev restarts.
  const source = new EventSource(url);
  source.addEventListener('module-admin', (e) => {
    let change: { module?: unknown; stamp?: unknown };
    try { change = JSON.parse((e as MessageEvent<string>).data); } catch { return; }
    if (typeof change.module === 'string') runtime.reload(change.module, String(change.stamp ?? Date.now()));
  });
  return () => source.close();
}
