// A directed graph drawn as one inline <svg> for the explain page. dagre computes the layout
// (ranks, crossing reduction, coordinates and edge routes); this file only measures labels,
// feeds dagre in a fixed order and writes the SVG. Colours live in the page's stylesheet,
// keyed by the classes written here (`node node-<kind>`, `edge`), so the SVG stays plain data.
import { graphlib, layout } from '@dagrejs/dagre';

// dagre 3's declaration files import their siblings without the `.js` extension, which NodeNext
// resolution does not follow, so its types arrive as `any`. These are the parts of its graph
// this file uses, typed as dagre documents them, so the compiler checks our side.
interface LaidOutNode {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface LaidOutEdge {
  points?: { x: number; y: number }[];
  x?: number;
  y?: number;
}
interface LayoutGraph {
  setGraph(label: Record<string, unknown>): void;
  setDefaultEdgeLabel(label: () => object): void;
  setNode(id: string, label: { width: number; height: number }): void;
  setEdge(from: string, to: string, label: object, name: string): void;
  graph(): { width?: number; height?: number };
  node(id: string): LaidOutNode;
  edge(from: string, to: string, name: string): LaidOutEdge;
}

/** A box in the graph, e.g. a datasource or a collector pipeline. */
export interface GraphNode {
  /** Unique in the graph; edges refer to it. */
  id: string;
  /** The text shown in the box. */
  label: string;
  /** What the node is (e.g. `prometheus`, `pipeline`); becomes the CSS class `node-<kind>`. */
  kind: string;
}

/** An arrow from one node to another. */
export interface GraphEdge {
  /** The `id` of the node the arrow starts at. */
  from: string;
  /** The `id` of the node the arrow points to. */
  to: string;
  /**
   * Text written at the arrow's middle (e.g. `exemplars`).
   * @default no label
   */
  label?: string;
}

/** How the SVG is described to readers and assistive technology. */
export interface GraphSvgOptions {
  /**
   * The SVG's accessible name (its `<title>`).
   * @default 'Graph'
   */
  title?: string;
}

/**
 * Approximate width of one character of the page's 12px sans-serif text. The SVG cannot measure
 * text at build time (no browser, and the output must not depend on the machine's fonts), so a
 * slightly generous average keeps every label inside its box.
 */
const CHAR_WIDTH = 7.2;
const NODE_HEIGHT = 32;
const NODE_PADDING_X = 12;
const EDGE_LABEL_HEIGHT = 16;
/** Space around the drawing, so strokes and arrowheads at the border are not clipped. */
const MARGIN = 8;

const textWidth = (text: string): number => Math.ceil(text.length * CHAR_WIDTH);

/** Coordinates are rounded so that the bytes do not depend on floating-point noise. */
const round = (value: number): number => Math.round(value * 10) / 10;

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A kind becomes part of a class name; anything but letters, digits and `-` would break the selector. */
const kindClass = (kind: string): string => `node-${kind.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const edgeKey = (edge: GraphEdge): string => `${edge.from}\u0000${edge.to}\u0000${edge.label ?? ''}`;

/**
 * Lays out a directed graph with dagre (left to right) and returns it as an inline `<svg>`.
 * Deterministic: nodes and edges are sorted before layout, so the same graph in any order gives
 * the same bytes. Nodes are `<g class="node node-<kind>">` with a `<rect>` and a `<text>`; edges
 * are `<g class="edge">` with a `<path>` ending in an arrowhead and an optional
 * `<text class="edge-label">` (drawn over the line: the stylesheet gives it a halo).
 * An edge whose end is not a node is an error (a link to something not drawn would be a lie).
 */
export function graphSvg(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  options: GraphSvgOptions = {},
): string {
  const title = options.title ?? 'Graph';
  // Several graphs share one page: the arrowhead's id must be unique in the document.
  const markerId = `arrow-${
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'graph'
  }`;
  const sortedNodes = [...nodes].sort((a, b) => byText(a.id, b.id));
  const ids = new Set<string>();
  for (const node of sortedNodes) {
    if (ids.has(node.id)) throw new Error(`graphSvg: two nodes have the id "${node.id}"`);
    ids.add(node.id);
  }
  const sortedEdges = [...new Map(edges.map((edge) => [edgeKey(edge), edge])).values()].sort((a, b) =>
    byText(edgeKey(a), edgeKey(b)),
  );
  for (const edge of sortedEdges) {
    for (const end of [edge.from, edge.to]) {
      if (!ids.has(end))
        throw new Error(`graphSvg: the edge ${edge.from} → ${edge.to} refers to no node "${end}"`);
    }
  }

  // A multigraph: two signals can link the same pair of nodes (e.g. traces → logs and a second,
  // differently labelled link); each is its own arrow.
  const graph: LayoutGraph = new graphlib.Graph({ directed: true, multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 64, edgesep: 12, marginx: MARGIN, marginy: MARGIN });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of sortedNodes) {
    graph.setNode(node.id, { width: textWidth(node.label) + 2 * NODE_PADDING_X, height: NODE_HEIGHT });
  }
  sortedEdges.forEach((edge, index) => {
    const label = edge.label
      ? { width: textWidth(edge.label), height: EDGE_LABEL_HEIGHT, labelpos: 'c' as const }
      : {};
    graph.setEdge(edge.from, edge.to, label, String(index));
  });
  layout(graph);

  // dagre reports -Infinity for an empty graph; an empty drawing is 0 × 0.
  const size = graph.graph();
  const width = Number.isFinite(size.width) ? (size.width as number) : 0;
  const height = Number.isFinite(size.height) ? (size.height as number) : 0;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" role="img" viewBox="0 0 ${round(width)} ${round(height)}" width="${round(width)}" height="${round(height)}">`,
    `<title>${escapeXml(title)}</title>`,
    // One arrowhead for every edge; its colour follows the edge's stroke (context-stroke); the
    // class lets the stylesheet colour it where a browser does not know context-stroke.
    `<defs><marker id="${markerId}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path class="arrowhead" d="M0,0L10,5L0,10z" fill="context-stroke"/></marker></defs>`,
  );
  sortedEdges.forEach((edge, index) => {
    const laid = graph.edge(edge.from, edge.to, String(index));
    const points = (laid.points ?? []).map((point) => `${round(point.x)},${round(point.y)}`);
    const label = edge.label ?? '';
    parts.push(
      `<g class="edge" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}">`,
      `<title>${escapeXml(`${edge.from} → ${edge.to}${label ? `: ${label}` : ''}`)}</title>`,
      `<path d="M${points.join('L')}" fill="none" marker-end="url(#${markerId})"/>`,
    );
    if (label && laid.x !== undefined && laid.y !== undefined) {
      parts.push(
        `<text class="edge-label" x="${round(laid.x)}" y="${round(laid.y)}" text-anchor="middle" dominant-baseline="central">${escapeXml(label)}</text>`,
      );
    }
    parts.push('</g>');
  });
  for (const node of sortedNodes) {
    const laid = graph.node(node.id);
    const x = laid.x ?? 0;
    const y = laid.y ?? 0;
    parts.push(
      `<g class="node ${kindClass(node.kind)}" data-id="${escapeXml(node.id)}">`,
      `<rect x="${round(x - laid.width / 2)}" y="${round(y - laid.height / 2)}" width="${round(laid.width)}" height="${round(laid.height)}" rx="4"/>`,
      `<text x="${round(x)}" y="${round(y)}" text-anchor="middle" dominant-baseline="central">${escapeXml(node.label)}</text>`,
      '</g>',
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
