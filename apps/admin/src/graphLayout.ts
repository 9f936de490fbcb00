import type { GraphInfo } from './api/types';

export interface LaidNode { name: string; layer: number; index: number; x: number; y: number; state: string; enabled: boolean; focus: boolean; relation: 'focus' | 'dependency' | 'dependent' }
export interface LaidEdge { from: string; to: string; x1: number; y1: number; x2: number; y2: number }

/**
 * The module, what it depends on (transitively) and what depends on it, in layers: a module sits
 * one layer right of its deepest dependency. Pure, so it is easy to test and to draw as SVG.
 */
export function layoutNeighbourhood(graph: GraphInfo, focus: string, box = { w: 150, h: 36, gapX: 70, gapY: 18 }) {
  const deps = new Map<string, string[]>();
  const rdeps = new Map<string, string[]>();
  for (const e of graph.edges) {
    deps.set(e.from, [...(deps.get(e.from) ?? []), e.to]);
    rdeps.set(e.to, [...(rdeps.get(e.to) ?? []), e.from]);
  }
  const walk = (start: string, next: Map<string, string[]>) => {
    const seen = new Set<string>();
    const stack = [...(next.get(start) ?? [])];
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n) || n === start) continue;
      seen.add(n);
      stack.push(...(next.get(n) ?? []));
    }
    return seen;
  };
  const up = walk(focus, deps);
  const down = walk(focus, rdeps);
  const names = new Set([focus, ...up, ...down]);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const d = (n: string): number => {
    if (depth.has(n)) return depth.get(n)!;
    if (visiting.has(n)) return 0; // cycle guard
    visiting.add(n);
    const ds = (deps.get(n) ?? []).filter((x) => names.has(x));
    const v = ds.length ? 1 + Math.max(...ds.map(d)) : 0;
    visiting.delete(n);
    depth.set(n, v);
    return v;
  };
  const byLayer = new Map<number, string[]>();
  for (const n of [...names].sort()) {
    const l = d(n);
    byLayer.set(l, [...(byLayer.get(l) ?? []), n]);
  }
  const info = new Map(graph.nodes.map((n) => [n.name, n]));
  const nodes: LaidNode[] = [];
  for (const [layer, list] of [...byLayer.entries()].sort((a, b) => a[0] - b[0])) {
    list.forEach((name, index) => {
      nodes.push({
        name, layer, index,
        x: 10 + layer * (box.w + box.gapX),
        y: 10 + index * (box.h + box.gapY),
        state: info.get(name)?.state ?? 'available',
        enabled: info.get(name)?.enabled ?? false,
        focus: name === focus,
        relation: name === focus ? 'focus' : up.has(name) ? 'dependency' : 'dependent',
      });
    });
  }
  const pos = new Map(nodes.map((n) => [n.name, n]));
  const edges: LaidEdge[] = graph.edges
    .filter((e) => names.has(e.from) && names.has(e.to))
    .map((e) => {
      const a = pos.get(e.from)!; const b = pos.get(e.to)!;
      // Arrow from the dependent (right) to its dependency (left).
      return { from: e.from, to: e.to, x1: a.x, y1: a.y + box.h / 2, x2: b.x + box.w, y2: b.y + box.h / 2 };
    });
  const width = Math.max(...nodes.map((n) => n.x + box.w), box.w) + 10;
  const height = Math.max(...nodes.map((n) => n.y + box.h), box.h) + 10;
  return { nodes, edges, width, height, box };
}
