/**
 * Graph algorithms over a DAG's tasks, iterative so a DAG of tens of thousands of tasks never overflows the
 * stack: cycle detection with the cycle's path, topological order, downstream closure. Pure: the validator,
 * the run workflow, `clear` and the admin graph share them.
 */

/** A node of the graph: an id and the ids it depends on. */
export interface GraphNode {
  readonly id: string;
  readonly upstream: readonly string[];
}

/**
 * A cycle as a path of ids in execution order (upstream first) that ends where it starts, or undefined when
 * the graph is acyclic. Dependencies on unknown ids are ignored (the validator reports those).
 */
export function findCycle(nodes: readonly GraphNode[]): string[] | undefined {
  const upstreamOf = new Map(nodes.map((n) => [n.id, n.upstream]));
  const colour = new Map<string, 'grey' | 'black'>();
  for (const root of nodes) {
    if (colour.has(root.id)) continue;
    // An explicit stack of (node, index of the next upstream to look at): the path is the grey nodes on it.
    const path: string[] = [root.id];
    const next: number[] = [0];
    colour.set(root.id, 'grey');
    while (path.length > 0) {
      const top = path.length - 1;
      const id = path[top] as string;
      const ups = upstreamOf.get(id) ?? [];
      const i = next[top] as number;
      if (i >= ups.length) {
        colour.set(id, 'black');
        path.pop();
        next.pop();
        continue;
      }
      next[top] = i + 1;
      const up = ups[i] as string;
      if (!upstreamOf.has(up)) continue;
      const c = colour.get(up);
      if (c === 'grey') return [...path.slice(path.indexOf(up)), up].reverse();
      if (c === undefined) {
        colour.set(up, 'grey');
        path.push(up);
        next.push(0);
      }
    }
  }
  return undefined;
}

/**
 * Ids in an order where every node comes after its upstream nodes; among nodes that are ready together, the
 * declaration order is kept (Kahn's algorithm). Nodes on a cycle are left out.
 */
export function topologicalOrder(nodes: readonly GraphNode[]): string[] {
  const known = new Set(nodes.map((n) => n.id));
  const position = new Map(nodes.map((n, i) => [n.id, i]));
  const waiting = new Map<string, number>();
  const downstream = downstreamMap(nodes);
  for (const n of nodes) waiting.set(n.id, new Set(n.upstream.filter((u) => known.has(u))).size);
  // A min-heap on declaration position keeps the order stable and the whole sort O(n log n).
  const heap: number[] = [];
  const push = (p: number): void => {
    heap.push(p);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as number) <= (heap[i] as number)) break;
      [heap[parent], heap[i]] = [heap[i] as number, heap[parent] as number];
      i = parent;
    }
  };
  const pop = (): number => {
    const top = heap[0] as number;
    const last = heap.pop() as number;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && (heap[l] as number) < (heap[m] as number)) m = l;
        if (r < heap.length && (heap[r] as number) < (heap[m] as number)) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i] as number, heap[m] as number];
        i = m;
      }
    }
    return top;
  };
  nodes.forEach((n, i) => {
    if (waiting.get(n.id) === 0) push(i);
  });
  const order: string[] = [];
  while (heap.length > 0) {
    const id = (nodes[pop()] as GraphNode).id;
    order.push(id);
    for (const d of downstream.get(id) ?? []) {
      const left = (waiting.get(d) as number) - 1;
      waiting.set(d, left);
      if (left === 0) push(position.get(d) as number);
    }
  }
  return order;
}

/** For each id, the ids that depend on it directly (each once, in declaration order). */
export function downstreamMap(nodes: readonly GraphNode[]): Map<string, string[]> {
  const map = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const n of nodes) for (const up of new Set(n.upstream)) map.get(up)?.push(n.id);
  return map;
}

/** `roots` and everything downstream of them. */
export function downstreamClosure(nodes: readonly GraphNode[], roots: readonly string[]): Set<string> {
  const downstream = downstreamMap(nodes);
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const d of downstream.get(id) ?? []) stack.push(d);
  }
  return seen;
}
