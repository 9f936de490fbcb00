import { dependencyCycle } from '../errors.js';

export interface GraphNode {
  name: string;
  depends: readonly string[];
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Module dependency graph: pure data, no I/O. Edges point from a module to what it depends on.
 * Dependencies that are not nodes are "missing"; they are ignored by order() and cycles().
 */
export class DependencyGraph {
  private readonly deps = new Map<string, string[]>();
  private readonly dependents = new Map<string, string[]>();

  private constructor(nodes: readonly GraphNode[]) {
    for (const n of nodes) if (!this.deps.has(n.name)) this.deps.set(n.name, [...new Set(n.depends)]);
    for (const name of this.deps.keys()) this.dependents.set(name, []);
    for (const [name, ds] of this.deps) for (const d of ds) this.dependents.get(d)?.push(name);
    for (const list of this.dependents.values()) list.sort(byName);
  }

  static fromModules(mods: readonly GraphNode[]): DependencyGraph {
    return new DependencyGraph(mods);
  }

  /** Module names, alphabetical. */
  names(): string[] {
    return [...this.deps.keys()].sort(byName);
  }

  has(name: string): boolean {
    return this.deps.has(name);
  }

  /** Dependencies that are not modules of the graph, sorted by module then dependency. */
  missing(): { module: string; dependency: string }[] {
    const out: { module: string; dependency: string }[] = [];
    for (const name of this.names()) {
      for (const d of [...this.deps.get(name)!].sort(byName)) if (!this.deps.has(d)) out.push({ module: name, dependency: d });
    }
    return out;
  }

  /** One cycle per strongly connected component, as a path starting and ending at its smallest name: ['a', 'b', 'a']. */
  cycles(): string[][] {
    return this.components()
      .filter((c) => c.length > 1 || this.deps.get(c[0]!)!.includes(c[0]!))
      .map((c) => this.cycleThrough(c))
      .sort((a, b) => byName(a[0]!, b[0]!));
  }

  /**
   * Topological order, dependencies first, alphabetical among independent modules.
   * With names: only those modules, ordered as in the whole graph (transitive dependencies
   * outside `names` still constrain the order). Unknown names are ignored. Throws
   * HUB_DEPENDENCY_CYCLE when the modules involved form a cycle.
   */
  order(names?: readonly string[]): string[] {
    const scope = names
      ? new Set([...this.closure(names.filter((n) => this.deps.has(n)), this.deps)].filter((n) => this.deps.has(n)))
      : new Set(this.deps.keys());
    const { sorted, rest } = this.kahn(scope);
    if (rest.length > 0) {
      const cycle = this.cycles().find((c) => scope.has(c[0]!));
      throw dependencyCycle(cycle ?? rest);
    }
    if (!names) return sorted;
    const wanted = new Set(names);
    return sorted.filter((n) => wanted.has(n));
  }

  /**
   * What `name` depends on. Direct: as declared (missing ones included). Transitive: every
   * module reachable, dependencies first (missing ones last, alphabetical).
   */
  dependenciesOf(name: string, { transitive = false }: { transitive?: boolean } = {}): string[] {
    if (!transitive) return [...(this.deps.get(name) ?? [])];
    const reach = this.closure([name], this.deps);
    reach.delete(name);
    const known = [...reach].filter((n) => this.deps.has(n));
    const unknown = [...reach].filter((n) => !this.deps.has(n)).sort(byName);
    return [...this.kahnAll(new Set(known)), ...unknown];
  }

  /**
   * Modules that depend on `name`. Direct: alphabetical. Transitive: in uninstall order, each
   * module before the modules it depends on (the reverse of the install order).
   */
  dependentsOf(name: string, { transitive = false }: { transitive?: boolean } = {}): string[] {
    if (!transitive) return [...(this.dependents.get(name) ?? [])];
    const reach = this.closure([name], this.dependents);
    reach.delete(name);
    return this.kahnAll(reach).reverse();
  }

  // --- internals ---------------------------------------------------------------------------------

  private closure(start: readonly string[], edges: Map<string, string[]>): Set<string> {
    const seen = new Set<string>(start);
    const stack = [...start];
    while (stack.length > 0) {
      for (const next of edges.get(stack.pop()!) ?? []) {
        if (!seen.has(next)) { seen.add(next); stack.push(next); }
      }
    }
    return seen;
  }

  /** Kahn's algorithm over `scope` with an alphabetical ready list; `rest` holds nodes on or behind cycles. */
  private kahn(scope: Set<string>): { sorted: string[]; rest: string[] } {
    const pending = new Map<string, number>();
    for (const n of scope) pending.set(n, this.deps.get(n)!.filter((d) => scope.has(d)).length);
    const ready = [...scope].filter((n) => pending.get(n) === 0).sort(byName);
    const sorted: string[] = [];
    while (ready.length > 0) {
      const n = ready.shift()!;
      sorted.push(n);
      let added = false;
      for (const m of this.dependents.get(n)!) {
        if (!scope.has(m)) continue;
        const left = pending.get(m)! - 1;
        pending.set(m, left);
        if (left === 0) { ready.push(m); added = true; }
      }
      if (added) ready.sort(byName);
    }
    const done = new Set(sorted);
    return { sorted, rest: [...scope].filter((n) => !done.has(n)).sort(byName) };
  }

  /** Like kahn, but never fails: modules caught in cycles come last, alphabetically. */
  private kahnAll(scope: Set<string>): string[] {
    const { sorted, rest } = this.kahn(scope);
    return [...sorted, ...rest];
  }

  /** Tarjan's strongly connected components, each sorted alphabetically (iterative). */
  private components(): string[][] {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const out: string[][] = [];
    let counter = 0;
    for (const root of this.names()) {
      if (index.has(root)) continue;
      const work: { node: string; i: number }[] = [{ node: root, i: 0 }];
      index.set(root, counter); low.set(root, counter); counter++;
      stack.push(root); onStack.add(root);
      while (work.length > 0) {
        const frame = work[work.length - 1]!;
        const edges = this.deps.get(frame.node)!;
        if (frame.i < edges.length) {
          const next = edges[frame.i++]!;
          if (!this.deps.has(next)) continue;
          if (!index.has(next)) {
            index.set(next, counter); low.set(next, counter); counter++;
            stack.push(next); onStack.add(next);
            work.push({ node: next, i: 0 });
          } else if (onStack.has(next)) {
            low.set(frame.node, Math.min(low.get(frame.node)!, index.get(next)!));
          }
          continue;
        }
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
        if (low.get(frame.node) === index.get(frame.node)) {
          const comp: string[] = [];
          let n: string;
          do { n = stack.pop()!; onStack.delete(n); comp.push(n); } while (n !== frame.node);
          out.push(comp.sort(byName));
        }
      }
    }
    return out;
  }

  /** A shortest cycle through the smallest name of a component (BFS inside the component). */
  private cycleThrough(component: string[]): string[] {
    const start = component[0]!;
    const inside = new Set(component);
    const prev = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const n = queue.shift()!;
      for (const d of [...this.deps.get(n)!].sort(byName)) {
        if (!inside.has(d)) continue;
        if (d === start) {
          const path = [n];
          while (path[0] !== start) path.unshift(prev.get(path[0]!)!);
          return [...path, start];
        }
        if (!prev.has(d)) { prev.set(d, n); queue.push(d); }
      }
    }
    return [start, start];
  }
}
