import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignRanks, layoutDag, topologicalOrder, type DagLayout, type LayoutEdgeInput, type LayoutNodeInput } from '../../../../web/admin/views/dag-layout';
import { layoutOfDag } from '../../../../web/admin/views/dag-graph';
import { exampleFeatures } from '../../../../workflows/dags/example-features';
import { randomStream } from '../../../../activities/logs/loadgen/seeded-random';

type Rect = { x: number; y: number; width: number; height: number };

const overlaps = (a: Rect, b: Rect): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const encloses = (outer: Rect, inner: Rect): boolean =>
  outer.x <= inner.x && outer.y <= inner.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;


/** A random DAG of 2–16 tasks with some in groups (nested ones included). */
function randomDag(seed: number): { nodes: LayoutNodeInput[]; edges: LayoutEdgeInput[] } {
  const rnd = randomStream(seed);
  const n = 2 + Math.floor(rnd() * 15);
  const groups = [undefined, undefined, 'a', 'b', 'a.inner', 'c'];
  const nodes: LayoutNodeInput[] = Array.from({ length: n }, (_, i) => {
    const group = groups[Math.floor(rnd() * groups.length)];
    return { id: `t${i}`, width: 80 + Math.floor(rnd() * 120), height: 30 + Math.floor(rnd() * 30), ...(group ? { group } : {}) };
  });
  const edges: LayoutEdgeInput[] = [];
  for (let j = 1; j < n; j++) for (let i = 0; i < j; i++) if (rnd() < 2.2 / j) edges.push({ from: `t${i}`, to: `t${j}` });
  return { nodes, edges };
}

function exampleInput(): { nodes: LayoutNodeInput[]; edges: LayoutEdgeInput[] } {
  return {
    nodes: exampleFeatures.tasks.map((t) => ({ id: t.id, width: 150, height: 44, ...(t.group ? { group: t.group } : {}) })),
    edges: exampleFeatures.tasks.flatMap((t) => t.upstream.map((u) => ({ from: u, to: t.id }))),
  };
}

function groupsOf(group: string | undefined): string[] {
  const parts = group ? group.split('.') : [];
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** Every geometric promise of the layout, checked on one input. */
function checkLayout(input: { nodes: LayoutNodeInput[]; edges: LayoutEdgeInput[] }, layout: DagLayout, label: string): void {
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  assert.equal(layout.nodes.length, input.nodes.length, label);
  for (const e of input.edges) {
    const from = byId.get(e.from)!;
    const to = byId.get(e.to)!;
    assert.ok(from.rank < to.rank, `${label}: ${e.from} (rank ${from.rank}) must be left of ${e.to} (rank ${to.rank})`);
    assert.ok(from.x + from.width < to.x, `${label}: ${e.from} box must end before ${e.to} starts`);
  }
  for (let i = 0; i < layout.nodes.length; i++) {
    for (let j = i + 1; j < layout.nodes.length; j++) {
      const a = layout.nodes[i]!;
      const b = layout.nodes[j]!;
      assert.ok(!overlaps(a, b), `${label}: ${a.id} and ${b.id} overlap`);
    }
  }
  for (const n of layout.nodes) {
    assert.ok(n.x >= 0 && n.y >= 0 && n.x + n.width <= layout.width && n.y + n.height <= layout.height, `${label}: ${n.id} outside the drawing`);
  }
  const groups = new Map(layout.groups.map((g) => [g.id, g]));
  for (const node of input.nodes) {
    const member = new Set(groupsOf(node.group));
    const placed = byId.get(node.id)!;
    for (const g of layout.groups) {
      if (member.has(g.id)) assert.ok(encloses(g, placed), `${label}: group ${g.id} must enclose ${node.id}`);
      else assert.ok(!overlaps(g, placed), `${label}: group ${g.id} must not overlap ${node.id}, which is not in it`);
    }
  }
  for (const g of layout.groups) {
    const parent = g.id.includes('.') ? groups.get(g.id.slice(0, g.id.lastIndexOf('.'))) : undefined;
    if (parent) assert.ok(encloses(parent, g), `${label}: group ${parent.id} must enclose ${g.id}`);
    for (const h of layout.groups) {
      const nested = h.id.startsWith(`${g.id}.`) || g.id.startsWith(`${h.id}.`);
      if (h.id < g.id && !nested) assert.ok(!overlaps(g, h), `${label}: groups ${g.id} and ${h.id} overlap`);
    }
  }
  for (const e of layout.edges) {
    const from = byId.get(e.from)!;
    const to = byId.get(e.to)!;
    assert.deepEqual(e.points[0], { x: from.x + from.width, y: from.y + from.height / 2 }, `${label}: edge starts at the right of ${e.from}`);
    assert.deepEqual(e.points.at(-1), { x: to.x, y: to.y + to.height / 2 }, `${label}: edge ends at the left of ${e.to}`);
    for (let i = 1; i < e.points.length; i++) assert.ok(e.points[i]!.x >= e.points[i - 1]!.x, `${label}: edge ${e.from}→${e.to} goes left to right`);
  }
}

describe('DAG layout', () => {
  it('ranks each task by the longest path from a source', () => {
    const ranks = assignRanks(['a', 'b', 'c', 'd'], [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'a', to: 'c' },
      { from: 'd', to: 'c' },
    ]);
    assert.deepEqual(Object.fromEntries(ranks), { a: 0, b: 1, c: 2, d: 0 });
  });

  it('ranks respect every edge of example_features, with the sensor and the flaky check as sources', () => {
    const ranks = assignRanks(
      exampleFeatures.tasks.map((t) => t.id),
      exampleFeatures.tasks.flatMap((t) => t.upstream.map((u) => ({ from: u, to: t.id }))),
    );
    for (const t of exampleFeatures.tasks) for (const u of t.upstream) assert.ok(ranks.get(u)! < ranks.get(t.id)!, `${u} → ${t.id}`);
    assert.equal(ranks.get('checks.wait_ready'), 0);
    assert.equal(ranks.get('checks.flaky'), 0);
    assert.equal(ranks.get('summarize'), 2);
  });

  it('lays out example_features without overlaps, with the checks group framing exactly its three tasks', () => {
    const input = exampleInput();
    const layout = layoutDag(input.nodes, input.edges);
    checkLayout(input, layout, 'example_features');
    assert.deepEqual(layout.groups.map((g) => g.id), ['checks']);
    assert.equal(layout.crossings, 0);
  });

  it('keeps its promises on 300 random DAGs with groups and nested groups', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const input = randomDag(seed);
      checkLayout(input, layoutDag(input.nodes, input.edges), `seed ${seed}`);
    }
  });

  it('reorders a column to remove a crossing the declaration order would cause', () => {
    const nodes = ['a', 'b', 'x', 'y'].map((id) => ({ id, width: 100, height: 40 }));
    const edges = [
      { from: 'a', to: 'y' },
      { from: 'b', to: 'x' },
    ];
    const layout = layoutDag(nodes, edges);
    assert.equal(layout.crossings, 0);
    const y = (id: string) => layout.nodes.find((n) => n.id === id)!.y;
    assert.equal(Math.sign(y('a') - y('b')), Math.sign(y('y') - y('x')), 'a and y on the same side as b and x');
  });

  it('routes a long edge through every column it passes, around the boxes there', () => {
    const nodes = ['a', 'b', 'c', 'd'].map((id) => ({ id, width: 100, height: 40 }));
    const edges = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'd' },
      { from: 'a', to: 'd' },
    ];
    const layout = layoutDag(nodes, edges);
    const long = layout.edges.find((e) => e.from === 'a' && e.to === 'd')!;
    assert.equal(long.points.length, 2 + 2 * 2, 'two passing columns, two points each');
    for (const n of layout.nodes.filter((n) => n.id === 'b' || n.id === 'c')) {
      for (const p of long.points.slice(1, -1)) assert.ok(p.y < n.y || p.y > n.y + n.height, `passes ${n.id} above or below`);
    }
  });

  it('gives the same layout for the same input', () => {
    const input = randomDag(42);
    assert.deepEqual(layoutDag(input.nodes, input.edges), layoutDag(input.nodes, input.edges));
  });

  it('refuses a cycle and an edge to an unknown task', () => {
    const nodes = ['a', 'b'].map((id) => ({ id, width: 10, height: 10 }));
    assert.throws(() => layoutDag(nodes, [{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }]), /cycle/);
    assert.throws(() => layoutDag(nodes, [{ from: 'a', to: 'zz' }]), /unknown/);
  });

  it('orders tasks topologically, keeping the declaration order where edges allow', () => {
    assert.deepEqual(topologicalOrder(['c', 'a', 'b'], [{ from: 'b', to: 'c' }]), ['a', 'b', 'c']);
  });

  it('sizes the graph view of example_features to hold every box', () => {
    const layout = layoutOfDag(exampleFeatures);
    checkLayout(exampleInput(), { ...layout, nodes: layout.nodes }, 'graph view');
  });
});
