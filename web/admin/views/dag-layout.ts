/**
 * Layered ("Sugiyama-style") layout of a DAG for the graph view, drawn left to right. Pure: sizes in, boxes,
 * group frames and edge polylines out, in pixels.
 *
 * 1. Rank: a task's column is the longest path from a source to it, so every edge points right.
 * 2. Edges longer than one column get a dummy point per column they pass, so they can be routed around boxes
 *    and take part in crossing reduction.
 * 3. Order within a column: barycenter sweeps (down, up, …), keeping the order with the fewest crossings. Task
 *    groups stay contiguous in every column and keep one relative order across columns, so each group can be
 *    framed by one rectangle that holds its tasks and nothing else.
 * 4. Coordinates: columns side by side; in a column, boxes are packed top-down and then pulled toward the
 *    mean height of their neighbours (never past the next box), which straightens long edges.
 */
import { topologicalOrder as graphOrder } from '../../../workflows/dag/graph';

/** A box to place. */
export interface LayoutNodeInput {
  readonly id: string;
  /** Pixels. */
  readonly width: number;
  /** Pixels. */
  readonly height: number;
  /** Dotted group path (`'checks'`, or `'outer.inner'` for a nested group); none for a top-level task. */
  readonly group?: string;
}

/** A dependency: `from` runs before `to`. */
export interface LayoutEdgeInput {
  readonly from: string;
  readonly to: string;
}

/** Spacing of the layout, in pixels. */
export interface LayoutOptions {
  /** Horizontal space between columns, on top of what group frames need (default 56). */
  readonly rankGap?: number;
  /** Vertical space between boxes of a column (default 18). */
  readonly nodeGap?: number;
  /** Space between a group frame and what it holds (default 14). */
  readonly groupPadding?: number;
  /** Height of a group frame's label band (default 22). */
  readonly groupHeader?: number;
  /** Height reserved for an edge passing through a column (default 6). */
  readonly edgeSlot?: number;
  /** Crossing-reduction sweeps (default 8). */
  readonly sweeps?: number;
  /** Empty border around the drawing (default 16). */
  readonly margin?: number;
}

/** A point in the drawing. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A placed box (top-left corner). */
export interface PlacedNode {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Column, 0 for sources. */
  readonly rank: number;
  /** Position in the column among real boxes, 0 at the top. */
  readonly order: number;
}

/** A placed group frame. */
export interface PlacedGroup {
  /** Dotted path, as in {@link LayoutNodeInput.group}. */
  readonly id: string;
  /** Last segment of the path. */
  readonly label: string;
  /** 1 for a top-level group. */
  readonly depth: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A routed edge: a polyline from the right side of `from` to the left side of `to`, x increasing. */
export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  readonly points: readonly Point[];
}

/** The whole drawing. */
export interface DagLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  /** Outer groups first, so drawing in order puts inner frames on top. */
  readonly groups: readonly PlacedGroup[];
  readonly edges: readonly PlacedEdge[];
  /** Edge crossings between adjacent columns in the chosen order. */
  readonly crossings: number;
}

/**
 * Ids in a topological order that keeps the input order wherever the edges allow (the DAG layer's own
 * iterative `topologicalOrder`, over these edges).
 * @throws Error on an unknown id in an edge or on a cycle
 */
export function topologicalOrder(ids: readonly string[], edges: readonly LayoutEdgeInput[]): string[] {
  const upstream = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) {
    if (!upstream.has(e.from) || !upstream.has(e.to)) throw new Error(`edge ${e.from} → ${e.to} names an unknown node`);
    upstream.get(e.to)?.push(e.from);
  }
  const order = graphOrder(ids.map((id) => ({ id, upstream: upstream.get(id) ?? [] })));
  if (order.length !== ids.length) {
    const placed = new Set(order);
    throw new Error(`the graph has a cycle through ${ids.filter((id) => !placed.has(id)).join(', ')}`);
  }
  return order;
}

/** Column of each id: the length of the longest path from a source to it. @throws Error on a cycle */
export function assignRanks(ids: readonly string[], edges: readonly LayoutEdgeInput[]): Map<string, number> {
  const upstream = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) upstream.get(e.to)?.push(e.from);
  const ranks = new Map<string, number>();
  for (const id of topologicalOrder(ids, edges)) {
    ranks.set(id, Math.max(-1, ...(upstream.get(id) ?? []).map((u) => ranks.get(u) ?? 0)) + 1);
  }
  return ranks;
}

/** The enclosing group paths of a dotted path, outermost first: `'a.b'` → `['a', 'a.b']`. */
function groupChain(group: string | undefined): string[] {
  if (!group) return [];
  const parts = group.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** A slot in a column: a real box, a point of a long edge, or a placeholder keeping a group's frame open. */
interface Leaf {
  readonly key: string;
  readonly kind: 'node' | 'dummy' | 'phantom';
  readonly rank: number;
  readonly width: number;
  readonly height: number;
  /** Innermost group holding the leaf, '' for none. */
  readonly container: string;
}

interface GroupInfo {
  readonly id: string;
  readonly parent: string;
  readonly depth: number;
  children: string[];
  minRank: number;
  maxRank: number;
  /** Levels of frames from this group down to its innermost subgroup (1 without subgroups). */
  levels: number;
}

const ROOT = '';

/** Number of pairwise crossings of the segments between two adjacent columns. */
function crossingsBetween(segments: readonly (readonly [number, number])[]): number {
  let count = 0;
  for (let i = 0; i < segments.length; i++) {
    const [a1, b1] = segments[i] as readonly [number, number];
    for (let j = i + 1; j < segments.length; j++) {
      const [a2, b2] = segments[j] as readonly [number, number];
      if ((a1 - a2) * (b1 - b2) < 0) count++;
    }
  }
  return count;
}

/** Lays out `nodes` and `edges`. @throws Error on a cycle or an edge naming an unknown node */
export function layoutDag(nodes: readonly LayoutNodeInput[], edges: readonly LayoutEdgeInput[], options: LayoutOptions = {}): DagLayout {
  const rankGap = options.rankGap ?? 56;
  const nodeGap = options.nodeGap ?? 18;
  const groupPadding = options.groupPadding ?? 14;
  const groupHeader = options.groupHeader ?? 22;
  const edgeSlot = options.edgeSlot ?? 6;
  const sweeps = options.sweeps ?? 8;
  const margin = options.margin ?? 16;

  const ranks = assignRanks(
    nodes.map((n) => n.id),
    edges,
  );
  const maxRank = Math.max(0, ...ranks.values());
  const leaves = new Map<string, Leaf>();
  const groups = new Map<string, GroupInfo>();

  // Groups and their column spans.
  for (const n of nodes) {
    const rank = ranks.get(n.id) ?? 0;
    let parent = ROOT;
    for (const g of groupChain(n.group)) {
      let info = groups.get(g);
      if (!info) {
        info = { id: g, parent, depth: g.split('.').length, children: [], minRank: rank, maxRank: rank, levels: 1 };
        groups.set(g, info);
        if (parent !== ROOT) groups.get(parent)?.children.push(g);
      }
      info.minRank = Math.min(info.minRank, rank);
      info.maxRank = Math.max(info.maxRank, rank);
      parent = g;
    }
    leaves.set(n.id, { key: n.id, kind: 'node', rank, width: n.width, height: n.height, container: n.group ?? ROOT });
  }
  const byDepthDesc = [...groups.values()].sort((a, b) => b.depth - a.depth);
  for (const g of byDepthDesc) {
    if (g.parent === ROOT) continue;
    const parent = groups.get(g.parent) as GroupInfo;
    parent.levels = Math.max(parent.levels, g.levels + 1);
    // A parent's span covers its subgroups' (already true through the tasks, kept explicit for clarity).
    parent.minRank = Math.min(parent.minRank, g.minRank);
    parent.maxRank = Math.max(parent.maxRank, g.maxRank);
  }
  const inSpan = (g: string, rank: number): boolean => {
    const info = groups.get(g);
    return !!info && info.minRank <= rank && rank <= info.maxRank;
  };

  // Long edges become chains through dummy leaves; `chains` keeps each edge's leaves in column order.
  const nodeGroup = new Map(nodes.map((n) => [n.id, n.group]));
  const chains: { from: string; to: string; keys: string[] }[] = [];
  edges.forEach((e, i) => {
    const from = ranks.get(e.from) ?? 0;
    const to = ranks.get(e.to) ?? 0;
    const keys = [e.from];
    // Candidate frames for a passing point: those around either end, innermost first, the source's first.
    const candidates = [...groupChain(nodeGroup.get(e.from)).reverse(), ...groupChain(nodeGroup.get(e.to)).reverse()];
    for (let r = from + 1; r < to; r++) {
      const key = `\u0000edge${i}@${r}`;
      const container = candidates.filter((g) => inSpan(g, r)).sort((a, b) => (groups.get(b)?.depth ?? 0) - (groups.get(a)?.depth ?? 0))[0] ?? ROOT;
      leaves.set(key, { key, kind: 'dummy', rank: r, width: 0, height: edgeSlot, container });
      keys.push(key);
    }
    keys.push(e.to);
    chains.push({ from: e.from, to: e.to, keys });
  });

  // A group with nothing in one of its columns still holds that column, so its frame stays a rectangle.
  const subtreeHas = (g: string, leaf: Leaf): boolean => leaf.container === g || leaf.container.startsWith(`${g}.`);
  for (const g of groups.values()) {
    for (let r = g.minRank; r <= g.maxRank; r++) {
      if (![...leaves.values()].some((l) => l.rank === r && subtreeHas(g.id, l))) {
        const key = `\u0000group${g.id}@${r}`;
        leaves.set(key, { key, kind: 'phantom', rank: r, width: 0, height: 0, container: g.id });
      }
    }
  }

  // Neighbours of each leaf along the chains, per side.
  const up = new Map<string, string[]>([...leaves.keys()].map((k) => [k, []]));
  const down = new Map<string, string[]>([...leaves.keys()].map((k) => [k, []]));
  for (const c of chains) {
    for (let i = 0; i + 1 < c.keys.length; i++) {
      const a = c.keys[i] as string;
      const b = c.keys[i + 1] as string;
      down.get(a)?.push(b);
      up.get(b)?.push(a);
    }
  }

  // ---- Order within columns ----
  let order: string[][] = Array.from({ length: maxRank + 1 }, () => []);
  for (const leaf of leaves.values()) order[leaf.rank]?.push(leaf.key);

  const indexIn = (columns: readonly string[][]): Map<string, number> => {
    const pos = new Map<string, number>();
    for (const col of columns) col.forEach((k, i) => pos.set(k, (i + 0.5) / col.length));
    return pos;
  };

  /** Sibling groups in one global order, from the mean position of their leaves. */
  const groupOrder = (pos: Map<string, number>): Map<string, number> => {
    const sums = new Map<string, { total: number; count: number }>();
    for (const leaf of leaves.values()) {
      for (const g of groupChain(leaf.container || undefined)) {
        const s = sums.get(g) ?? { total: 0, count: 0 };
        s.total += pos.get(leaf.key) ?? 0;
        s.count += 1;
        sums.set(g, s);
      }
    }
    return new Map([...sums].map(([g, s]) => [g, s.total / s.count]));
  };

  /** Arranges one column by `keys`, keeping groups contiguous and sibling groups in `globalOrder`. */
  const arrange = (column: readonly string[], keys: Map<string, number>, globalOrder: Map<string, number>): string[] => {
    const arrangeIn = (container: string): { key: number; keys: string[] } => {
      type Entry = { key: number; members: string[]; group?: string };
      const entries: Entry[] = [];
      for (const k of column) {
        const leaf = leaves.get(k) as Leaf;
        if (leaf.container === container) entries.push({ key: keys.get(k) ?? 0, members: [k] });
      }
      const childGroups = container === ROOT ? [...groups.values()].filter((g) => g.parent === ROOT).map((g) => g.id) : (groups.get(container)?.children ?? []);
      for (const g of childGroups) {
        if (!column.some((k) => subtreeHas(g, leaves.get(k) as Leaf))) continue;
        const inner = arrangeIn(g);
        entries.push({ key: inner.key, members: inner.keys, group: g });
      }
      entries.sort((a, b) => a.key - b.key);
      // The slots groups got, refilled in the global group order: no two frames swap between columns.
      const slots = entries.map((e, i) => (e.group ? i : -1)).filter((i) => i >= 0);
      const groupEntries = slots.map((i) => entries[i] as Entry).sort((a, b) => (globalOrder.get(a.group as string) ?? 0) - (globalOrder.get(b.group as string) ?? 0));
      slots.forEach((slot, i) => {
        entries[slot] = groupEntries[i] as Entry;
      });
      const members = entries.flatMap((e) => e.members);
      const key = members.length ? members.reduce((s, k) => s + (keys.get(k) ?? 0), 0) / members.length : 0;
      return { key, keys: members };
    };
    return arrangeIn(ROOT).keys;
  };

  const countAll = (columns: readonly string[][]): number => {
    const pos = indexIn(columns);
    let total = 0;
    for (let r = 0; r < maxRank; r++) {
      const segments: [number, number][] = [];
      for (const k of columns[r] ?? []) for (const d of down.get(k) ?? []) segments.push([pos.get(k) ?? 0, pos.get(d) ?? 0]);
      total += crossingsBetween(segments);
    }
    return total;
  };

  /** Every column with its groups contiguous and all sibling groups in one order (what framing needs). */
  const normalise = (columns: readonly string[][]): string[][] => {
    const pos = indexIn(columns);
    const global = groupOrder(pos);
    return columns.map((col) => arrange(col, pos, global));
  };

  order = normalise(order);
  let best = order.map((c) => [...c]);
  let bestCrossings = countAll(order);
  for (let sweep = 0; sweep < sweeps && bestCrossings > 0; sweep++) {
    const downward = sweep % 2 === 0;
    const columns = downward ? Array.from({ length: maxRank }, (_, i) => i + 1) : Array.from({ length: maxRank }, (_, i) => maxRank - 1 - i);
    for (const r of columns) {
      const pos = indexIn(order);
      const global = groupOrder(pos);
      const keys = new Map<string, number>();
      for (const k of order[r] ?? []) {
        const neighbours = (downward ? up : down).get(k) ?? [];
        keys.set(k, neighbours.length ? neighbours.reduce((s, n) => s + (pos.get(n) ?? 0), 0) / neighbours.length : (pos.get(k) ?? 0));
      }
      order[r] = arrange(order[r] ?? [], keys, global);
    }
    order = normalise(order);
    const crossings = countAll(order);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = order.map((c) => [...c]);
    }
  }
  order = best;

  // ---- Vertical placement, container by container ----
  /** The entity a leaf stands for inside `container`: itself, or the child group holding it. */
  const entityIn = (container: string, leaf: Leaf): string | undefined => {
    if (leaf.container === container) return leaf.key;
    const chain = groupChain(leaf.container || undefined);
    const start = container === ROOT ? 0 : chain.indexOf(container) + 1;
    if (container !== ROOT && start === 0) return undefined;
    const child = chain[start];
    return child === undefined ? undefined : `\u0001${child}`;
  };
  const isGroupEntity = (e: string): boolean => e.startsWith('\u0001');
  const groupOfEntity = (e: string): string => e.slice(1);

  /** Per container: for each column it spans, its entities top-down. */
  const sequences = new Map<string, string[][]>();
  const containers = [ROOT, ...groups.keys()];
  for (const c of containers) {
    const seqs: string[][] = [];
    for (const col of order) {
      const seq: string[] = [];
      for (const k of col) {
        const e = entityIn(c, leaves.get(k) as Leaf);
        if (e !== undefined && seq[seq.length - 1] !== e) seq.push(e);
      }
      if (seq.length) seqs.push(seq);
    }
    sequences.set(c, seqs);
  }

  const top = new Map<string, number>(); // relative to the container's inner top
  const innerHeight = new Map<string, number>();
  const heightOf = (e: string): number => {
    if (!isGroupEntity(e)) return (leaves.get(e) as Leaf).height;
    return groupHeader + (innerHeight.get(groupOfEntity(e)) ?? 0) + groupPadding;
  };

  /** Packs a container's entities top-down (longest path over "below" constraints). */
  const pack = (c: string): void => {
    const seqs = sequences.get(c) ?? [];
    const preds = new Map<string, string[]>();
    for (const seq of seqs) seq.forEach((e, i) => {
      if (!preds.has(e)) preds.set(e, []);
      if (i > 0) preds.get(e)?.push(seq[i - 1] as string);
    });
    const pending = new Set(preds.keys());
    while (pending.size > 0) {
      let progressed = false;
      for (const e of [...pending]) {
        const ps = preds.get(e) ?? [];
        if (ps.some((p) => pending.has(p))) continue;
        top.set(e, Math.max(0, ...ps.map((p) => (top.get(p) ?? 0) + heightOf(p) + nodeGap)));
        pending.delete(e);
        progressed = true;
      }
      if (!progressed) throw new Error(`layout: inconsistent group order in ${c || 'the root'}`);
    }
    innerHeight.set(c, Math.max(0, ...[...preds.keys()].map((e) => (top.get(e) ?? 0) + heightOf(e))));
  };
  for (const g of byDepthDesc) pack(g.id);
  pack(ROOT);

  // Absolute positions from relative ones.
  const containerTop = (c: string): number => {
    if (c === ROOT) return margin;
    const info = groups.get(c) as GroupInfo;
    return containerTop(info.parent) + (top.get(`\u0001${c}`) ?? 0) + groupHeader;
  };
  const absTop = (leaf: Leaf): number => containerTop(leaf.container) + (top.get(leaf.key) ?? 0);
  const centre = (k: string): number => {
    const leaf = leaves.get(k) as Leaf;
    return absTop(leaf) + leaf.height / 2;
  };

  /** How far an entity would like to move: toward the mean height of its neighbours outside it. */
  const wish = (e: string): number => {
    const members = isGroupEntity(e) ? [...leaves.values()].filter((l) => subtreeHas(groupOfEntity(e), l)) : [leaves.get(e) as Leaf];
    const inside = new Set(members.map((l) => l.key));
    const pulls: number[] = [];
    for (const leaf of members) {
      if (leaf.kind === 'phantom') continue;
      const neighbours = [...(up.get(leaf.key) ?? []), ...(down.get(leaf.key) ?? [])].filter((n) => !inside.has(n));
      if (neighbours.length) pulls.push(neighbours.reduce((s, n) => s + centre(n), 0) / neighbours.length - centre(leaf.key));
    }
    return pulls.length ? pulls.reduce((s, p) => s + p, 0) / pulls.length : 0;
  };

  /** Moves each entity toward its wish, never past its neighbours in a column nor out of its container. */
  const relax = (c: string): void => {
    const seqs = sequences.get(c) ?? [];
    const entities = [...new Set(seqs.flat())];
    for (const e of entities) {
      let low = 0;
      let high = c === ROOT ? Number.POSITIVE_INFINITY : (innerHeight.get(c) ?? 0) - heightOf(e);
      for (const seq of seqs) {
        const i = seq.indexOf(e);
        if (i < 0) continue;
        const before = seq[i - 1];
        const after = seq[i + 1];
        if (before !== undefined) low = Math.max(low, (top.get(before) ?? 0) + heightOf(before) + nodeGap);
        if (after !== undefined) high = Math.min(high, (top.get(after) ?? 0) - nodeGap - heightOf(e));
      }
      const current = top.get(e) ?? 0;
      if (high < low) continue;
      top.set(e, Math.min(high, Math.max(low, current + wish(e))));
    }
  };
  const outerFirst = [ROOT, ...[...groups.values()].sort((a, b) => a.depth - b.depth).map((g) => g.id)];
  for (let i = 0; i < 12; i++) for (const c of i % 2 === 0 ? outerFirst : [...outerFirst].reverse()) relax(c);
  // Pulling may have left space above everything.
  const rootEntities = [...new Set((sequences.get(ROOT) ?? []).flat())];
  const shift = Math.min(...rootEntities.map((e) => top.get(e) ?? 0));
  if (Number.isFinite(shift) && shift > 0) for (const e of rootEntities) top.set(e, (top.get(e) ?? 0) - shift);

  // ---- Horizontal placement ----
  const frame = (g: string): number => groupPadding * (groups.get(g)?.levels ?? 0);
  const maxFrame = Math.max(0, ...[...groups.keys()].map(frame));
  const colWidth = Array.from({ length: maxRank + 1 }, (_, r) => Math.max(0, ...[...leaves.values()].filter((l) => l.rank === r).map((l) => l.width)));
  const colLeft: number[] = [];
  let x = margin + maxFrame;
  for (let r = 0; r <= maxRank; r++) {
    colLeft.push(x);
    x += (colWidth[r] ?? 0) + rankGap + 2 * maxFrame;
  }
  const width = (colLeft[maxRank] ?? 0) + (colWidth[maxRank] ?? 0) + maxFrame + margin;

  const placed = new Map<string, PlacedNode>();
  for (const col of order) {
    let n = 0;
    for (const k of col) {
      const leaf = leaves.get(k) as Leaf;
      if (leaf.kind !== 'node') continue;
      const left = (colLeft[leaf.rank] ?? 0) + ((colWidth[leaf.rank] ?? 0) - leaf.width) / 2;
      placed.set(k, { id: k, x: left, y: absTop(leaf), width: leaf.width, height: leaf.height, rank: leaf.rank, order: n++ });
    }
  }

  const placedGroups: PlacedGroup[] = [...groups.values()]
    .sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id))
    .map((g) => {
      const left = (colLeft[g.minRank] ?? 0) - frame(g.id);
      const right = (colLeft[g.maxRank] ?? 0) + (colWidth[g.maxRank] ?? 0) + frame(g.id);
      const y = containerTop(g.parent) + (top.get(`\u0001${g.id}`) ?? 0);
      return { id: g.id, label: g.id.split('.').pop() ?? g.id, depth: g.depth, x: left, y, width: right - left, height: heightOf(`\u0001${g.id}`) };
    });

  const placedEdges: PlacedEdge[] = chains.map((c) => {
    const from = placed.get(c.from) as PlacedNode;
    const to = placed.get(c.to) as PlacedNode;
    const points: Point[] = [{ x: from.x + from.width, y: from.y + from.height / 2 }];
    for (const k of c.keys.slice(1, -1)) {
      const leaf = leaves.get(k) as Leaf;
      const y = centre(k);
      points.push({ x: colLeft[leaf.rank] ?? 0, y }, { x: (colLeft[leaf.rank] ?? 0) + (colWidth[leaf.rank] ?? 0), y });
    }
    points.push({ x: to.x, y: to.y + to.height / 2 });
    return { from: c.from, to: c.to, points };
  });

  const bottoms = [...placed.values()].map((n) => n.y + n.height).concat(placedGroups.map((g) => g.y + g.height));
  const height = Math.max(margin, ...bottoms) + margin;
  return {
    width,
    height,
    nodes: nodes.map((n) => placed.get(n.id) as PlacedNode),
    groups: placedGroups,
    edges: placedEdges,
    crossings: bestCrossings,
  };
}
