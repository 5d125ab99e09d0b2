import { describe, expect, it } from 'vitest';
import { type GraphEdge, type GraphNode, graphSvg } from './graph.js';

// The correlation graph of a full stack: datasources and the links between them.
const nodes: GraphNode[] = [
  { id: 'prometheus', label: 'Prometheus', kind: 'metrics' },
  { id: 'loki', label: 'Loki', kind: 'logs' },
  { id: 'tempo', label: 'Tempo', kind: 'traces' },
  { id: 'pyroscope', label: 'Pyroscope', kind: 'profiles' },
];
const edges: GraphEdge[] = [
  { from: 'prometheus', to: 'tempo', label: 'exemplars' },
  { from: 'loki', to: 'tempo', label: 'trace id' },
  { from: 'tempo', to: 'loki', label: 'logs' },
  { from: 'tempo', to: 'prometheus', label: 'metrics' },
  { from: 'tempo', to: 'pyroscope', label: 'profiles' },
];

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The rectangle of each node, read back from the SVG. */
function nodeBoxes(svg: string): Map<string, Box> {
  const boxes = new Map<string, Box>();
  const pattern =
    /<g class="node [^"]*" data-id="([^"]+)">\n<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"/g;
  for (const match of svg.matchAll(pattern)) {
    const [, id, x, y, width, height] = match;
    boxes.set(id!, { x: Number(x), y: Number(y), width: Number(width), height: Number(height) });
  }
  return boxes;
}

/** Each edge's end nodes and the points of its path, read back from the SVG. */
function edgePaths(svg: string): { from: string; to: string; points: { x: number; y: number }[] }[] {
  const pattern =
    /<g class="edge" data-from="([^"]+)" data-to="([^"]+)">\n<title>[^<]*<\/title>\n<path d="M([^"]+)"/g;
  return [...svg.matchAll(pattern)].map(([, from, to, d]) => ({
    from: from!,
    to: to!,
    points: d!.split('L').map((pair) => {
      const [x, y] = pair.split(',').map(Number);
      return { x: x!, y: y! };
    }),
  }));
}

const near = (box: Box, point: { x: number; y: number }, slack = 1): boolean =>
  point.x >= box.x - slack &&
  point.x <= box.x + box.width + slack &&
  point.y >= box.y - slack &&
  point.y <= box.y + box.height + slack;

describe('graphSvg', () => {
  it('gives the same bytes whatever the order of nodes and edges', () => {
    const svg = graphSvg(nodes, edges, { title: 'Signals' });
    expect(graphSvg([...nodes].reverse(), [...edges].reverse(), { title: 'Signals' })).toBe(svg);
    expect(
      graphSvg([nodes[2]!, nodes[0]!, nodes[3]!, nodes[1]!], [edges[3]!, ...edges], { title: 'Signals' }),
    ).toBe(svg);
  });

  it('draws one box per node, classed by kind, and no two boxes overlap', () => {
    const svg = graphSvg(nodes, edges);
    const boxes = nodeBoxes(svg);
    expect([...boxes.keys()].sort()).toEqual(['loki', 'prometheus', 'pyroscope', 'tempo']);
    expect(svg).toContain('<g class="node node-traces" data-id="tempo">');
    expect(svg).toContain('>Pyroscope</text>');
    const list = [...boxes.values()];
    for (const [i, a] of list.entries()) {
      for (const b of list.slice(i + 1)) {
        const apart =
          a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart).toBe(true);
      }
    }
  });

  it('makes each box wide enough for a longer label', () => {
    const short = nodeBoxes(graphSvg([{ id: 'a', label: 'Loki', kind: 'logs' }], [])).get('a')!;
    const long = nodeBoxes(
      graphSvg([{ id: 'a', label: 'Loki (logs, ruler, compactor)', kind: 'logs' }], []),
    ).get('a')!;
    expect(long.width).toBeGreaterThan(short.width * 3);
  });

  it('routes each edge from its source box to its target box, with its label', () => {
    const svg = graphSvg(nodes, edges);
    const boxes = nodeBoxes(svg);
    const paths = edgePaths(svg);
    expect(paths.map(({ from, to }) => `${from}→${to}`).sort()).toEqual(
      edges.map(({ from, to }) => `${from}→${to}`).sort(),
    );
    for (const path of paths) {
      expect(near(boxes.get(path.from)!, path.points[0]!)).toBe(true);
      expect(near(boxes.get(path.to)!, path.points.at(-1)!)).toBe(true);
    }
    expect(svg.match(/<text class="edge-label"/g)).toHaveLength(edges.length);
    expect(svg).toContain('>exemplars</text>');
  });

  it('fits the drawing in its viewBox', () => {
    const svg = graphSvg(nodes, edges);
    const [, width, height] = svg.match(/viewBox="0 0 ([\d.]+) ([\d.]+)"/)!.map(Number);
    for (const box of nodeBoxes(svg).values()) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width!);
      expect(box.y + box.height).toBeLessThanOrEqual(height!);
    }
  });

  it('is accessible: an image with a title, edges described in words', () => {
    const svg = graphSvg(nodes, edges, { title: 'Signals and their links' });
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*>\n<title>Signals and their links<\/title>/);
    expect(svg).toContain('<title>prometheus → tempo: exemplars</title>');
    expect(graphSvg(nodes, [])).toContain('<title>Graph</title>');
  });

  it('escapes text so that labels cannot break the markup', () => {
    const svg = graphSvg(
      [
        { id: 'a"b', label: '<script>alert(1)</script> & co', kind: 'x y' },
        { id: 'c', label: 'C', kind: 'x' },
      ],
      [{ from: 'a"b', to: 'c', label: '"quoted" <edge>' }],
      { title: 'A & <B>' },
    );
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(svg).toContain('data-id="a&quot;b"');
    expect(svg).toContain('class="node node-x-y"');
    expect(svg).toContain('&quot;quoted&quot; &lt;edge&gt;');
    expect(svg).toContain('<title>A &amp; &lt;B&gt;</title>');
  });

  it('gives each graph on a page its own arrowhead id', () => {
    const signals = graphSvg(nodes, edges, { title: 'Signals' });
    const pipelines = graphSvg(nodes, edges, { title: 'Collector pipelines' });
    expect(signals).toContain('<marker id="arrow-signals"');
    expect(signals).toContain('marker-end="url(#arrow-signals)"');
    expect(pipelines).toContain('<marker id="arrow-collector-pipelines"');
  });

  it('draws two differently labelled edges between the same nodes, and one for a repeated edge', () => {
    const pair = nodes.slice(0, 2);
    const svg = graphSvg(pair, [
      { from: 'loki', to: 'prometheus', label: 'recording rules' },
      { from: 'loki', to: 'prometheus', label: 'alerts' },
      { from: 'loki', to: 'prometheus', label: 'alerts' },
    ]);
    expect(edgePaths(svg)).toHaveLength(2);
  });

  it('draws an empty graph as an empty, valid SVG', () => {
    const svg = graphSvg([], []);
    expect(svg).toContain('viewBox="0 0 0 0"');
    expect(svg).not.toContain('Infinity');
    expect(svg).not.toContain('NaN');
  });

  it('refuses an edge to a node that is not drawn, and two nodes with one id', () => {
    expect(() => graphSvg(nodes, [{ from: 'tempo', to: 'mimir' }])).toThrow(/refers to no node "mimir"/);
    expect(() => graphSvg([...nodes, { id: 'loki', label: 'Loki 2', kind: 'logs' }], [])).toThrow(
      /two nodes have the id "loki"/,
    );
  });
});
