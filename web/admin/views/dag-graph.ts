/**
 * The graph view's drawing: a DAG as inline SVG, laid out by {@link layoutDag}, each task coloured by its
 * state in one run. Classes only (no inline styles), so the page works under a strict Content-Security-Policy.
 */
import type { DagSpec, TaskSpec } from '../../../workflows/dag/spec';
import { layoutDag, type DagLayout, type PlacedEdge, type PlacedNode } from './dag-layout';
import { html, type SafeHtml } from '../../html';
import { stateClass } from './states';
import { taskMeta, type TaskView } from './task-view';

/** Box height, pixels. */
const NODE_HEIGHT = 46;
/** Advance of one character of the task font (12px monospace, 0.6em) and of the meta font (10.5px). */
const NAME_CHAR = 7.3;
const META_CHAR = 6.4;
/** Width the kind icon takes before the name. */
const ICON = 18;

/** The name drawn in a box: the task id without its group prefix (the frame shows the group). */
export function shortName(task: TaskSpec): string {
  return task.group && task.id.startsWith(`${task.group}.`) ? task.id.slice(task.group.length + 1) : task.id;
}

/** Box width for a task, from its longest line (pixels, 120 to 280). */
function boxWidth(task: TaskSpec): number {
  const name = shortName(task).length * NAME_CHAR + (task.kind === 'task' ? 0 : ICON);
  const meta = (taskMeta(task).length + 9) * META_CHAR; // room for the right-aligned badge (`10/10 ok`)
  return Math.round(Math.min(280, Math.max(120, name + 26, meta + 22)));
}

/** Lays out a DAG's tasks as the graph view draws them. */
export function layoutOfDag(dag: DagSpec): DagLayout {
  return layoutDag(
    dag.tasks.map((t) => ({ id: t.id, width: boxWidth(t), height: NODE_HEIGHT, ...(t.group ? { group: t.group } : {}) })),
    dag.tasks.flatMap((t) => t.upstream.map((u) => ({ from: u, to: t.id }))),
  );
}

const r1 = (n: number): string => String(Math.round(n * 10) / 10);

/** Drawn size over layout size: boxes and 12px labels read better a little larger on a wide page. */
const SCALE = 1.2;

/** An edge as a path: curves across the gaps between columns, straight through the columns it passes. */
function edgePath(edge: PlacedEdge): string {
  const [first, ...rest] = edge.points;
  if (!first) return '';
  let d = `M${r1(first.x)},${r1(first.y)}`;
  let prev = first;
  for (const p of rest) {
    if (p.y === prev.y) d += ` L${r1(p.x)},${r1(p.y)}`;
    else {
      const mid = (prev.x + p.x) / 2;
      d += ` C${r1(mid)},${r1(prev.y)} ${r1(mid)},${r1(p.y)} ${r1(p.x)},${r1(p.y)}`;
    }
    prev = p;
  }
  return d;
}

/** Small kind icons drawn with shapes (no icon font to load): stacked cards for map, a clock for sensor. */
function kindIcon(kind: TaskSpec['kind']): SafeHtml {
  if (kind === 'map') {
    return html`<g class="icon" transform="translate(12,9)" aria-hidden="true"><rect x="4" y="0" width="9" height="7" rx="1"/><rect x="2" y="2" width="9" height="7" rx="1"/><rect x="0" y="4" width="9" height="7" rx="1"/></g>`;
  }
  if (kind === 'sensor') {
    return html`<g class="icon" transform="translate(12,9)" aria-hidden="true"><circle cx="6" cy="6" r="5.5"/><path d="M6 2.5V6h3"/></g>`;
  }
  return html``;
}

function nodeMarkup(task: TaskSpec, node: PlacedNode, view: TaskView): SafeHtml {
  const meta = taskMeta(task);
  const nameX = task.kind === 'task' ? 14 : 14 + ICON;
  return html`<a href="#ti-${task.id}" class="task-link"><g class="task ${stateClass(view.state)}" data-task-id="${task.id}" data-class="task" transform="translate(${r1(node.x)},${r1(node.y)})">
<title>${view.tooltip}</title>
<rect class="box" width="${node.width}" height="${node.height}" rx="6"/>
<rect class="stripe" width="5" height="${node.height}" rx="2"/>
${kindIcon(task.kind)}
<text class="name" x="${nameX}" y="19">${shortName(task)}</text>
<text class="meta" x="14" y="36">${meta}</text>
<text class="badge-text" x="${node.width - 9}" y="36" text-anchor="end">${view.badge}</text>
</g></a>`;
}

/**
 * The SVG of `dag` with each task coloured by `views` (task id → view). Group frames are drawn first, then
 * edges, then boxes, so arrows never hide a label.
 */
export function renderDagGraph(dag: DagSpec, views: ReadonlyMap<string, TaskView>, layout: DagLayout = layoutOfDag(dag)): SafeHtml {
  const tasks = new Map(dag.tasks.map((t) => [t.id, t]));
  return html`<svg class="dag-graph" xmlns="http://www.w3.org/2000/svg" width="${r1(layout.width * SCALE)}" height="${r1(layout.height * SCALE)}" viewBox="0 0 ${r1(layout.width)} ${r1(layout.height)}" role="img" aria-label="graph of ${dag.id}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head"/></marker></defs>
${layout.groups.map(
  (g) => html`<g class="group depth-${g.depth}" data-group-id="${g.id}"><title>group ${g.id}</title>
<rect x="${r1(g.x)}" y="${r1(g.y)}" width="${r1(g.width)}" height="${r1(g.height)}" rx="10"/>
<text x="${r1(g.x + 10)}" y="${r1(g.y + 15)}">${g.label}</text></g>`,
)}
${layout.edges.map((e) => html`<path class="edge" data-from="${e.from}" data-to="${e.to}" d="${edgePath(e)}" marker-end="url(#arrow)"/>`)}
${layout.nodes.map((n) => {
  const task = tasks.get(n.id) as TaskSpec;
  const view = views.get(n.id);
  return view ? nodeMarkup(task, n, view) : '';
})}
</svg>`;
}
