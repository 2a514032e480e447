/**
 * A small deterministic layout for the topology diagram: namespaces as boxes in columns,
 * their interfaces stacked inside (ports and VLANs indented under their bridge or parent),
 * the outside world as clouds in the first column. Pure geometry; render-svg.ts draws it.
 *
 * Columns follow the cables: the host's namespace first, then each namespace one column to
 * the right of the one it is cabled to (breadth first). Namespaces not cabled to the host form
 * their own bands below, laid out the same way from one end of their chain; namespaces with no
 * cables at all share a last band, side by side. Within a column, boxes keep the order of what
 * they connect to on their left and sit level with it when there is room, so cables run
 * straight and seldom cross.
 *
 * @example
 * const layout = layoutTopology(buildTopology(state));
 * layout.interfaces['ns1/eth0']; // { x, y, width, height, depth }
 */
import type { Topology, TopologyEdge } from './model.ts';

export const SIZES = {
  margin: 8,
  pillWidth: 168,
  pillHeight: 36,
  /** Loopback gets one line: name, address, state. */
  loopbackHeight: 22,
  pillGap: 8,
  indent: 16,
  boxPadding: 8,
  boxTitle: 24,
  boxRouteLine: 16,
  columnGap: 44,
  rowGap: 22,
  bandGap: 30,
  cloudWidth: 108,
  cloudHeight: 62,
  isolatedPerRow: 3,
} as const;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedNamespace extends Box {
  name: string;
  column: number;
}

export interface PlacedInterface extends Box {
  id: string;
  /** Nesting under a bridge, bond or parent device (0 = top level). */
  depth: number;
  column: number;
}

export interface PlacedEdge {
  edge: TopologyEdge;
  /** SVG path data. */
  path: string;
}

export interface Layout {
  width: number;
  height: number;
  namespaces: Record<string, PlacedNamespace>;
  interfaces: Record<string, PlacedInterface>;
  clouds: Record<string, Box>;
  edges: PlacedEdge[];
}

interface Row {
  id: string;
  depth: number;
}

/**
 * The order interfaces are listed in a namespace: lo first, then each top-level device followed
 * by what hangs under it (ports under their bridge or bond, VLANs under their parent).
 */
export function interfaceRows(topology: Topology, namespace: string): Row[] {
  const ns = topology.namespaces.find((n) => n.name === namespace);
  if (!ns) return [];
  const ids = ns.interfaces;
  const holderOf = (id: string): string | undefined => {
    const item = topology.interfaces[id]!;
    // A device with both a master and a parent (a VLAN enslaved to a bridge) goes under the master.
    const holder = item.master ?? item.parent;
    return holder && ids.includes(holder) ? holder : undefined;
  };
  const children = new Map<string, string[]>();
  for (const id of ids) {
    const holder = holderOf(id);
    if (holder) children.set(holder, [...(children.get(holder) ?? []), id]);
  }
  const rows: Row[] = [];
  const seen = new Set<string>();
  const visit = (id: string, depth: number) => {
    if (seen.has(id)) return;
    seen.add(id);
    rows.push({ id, depth });
    for (const child of children.get(id) ?? []) visit(child, depth + 1);
  };
  for (const id of ids) if (!holderOf(id)) visit(id, 0);
  // Anything left sits in a cycle of holders (not something the kernel allows); list it flat.
  for (const id of ids) visit(id, 0);
  return rows;
}

/** Namespaces joined by cables, as an adjacency list (each neighbour once). */
function namespaceGraph(topology: Topology): Map<string, string[]> {
  const graph = new Map<string, string[]>(topology.namespaces.map((n) => [n.name, []]));
  for (const edge of topology.edges) {
    if (edge.kind !== 'cable') continue;
    const a = topology.interfaces[edge.from]!.namespace;
    const b = topology.interfaces[edge.to]!.namespace;
    if (a === b) continue;
    if (!graph.get(a)!.includes(b)) graph.get(a)!.push(b);
    if (!graph.get(b)!.includes(a)) graph.get(b)!.push(a);
  }
  for (const list of graph.values()) list.sort();
  return graph;
}

function distancesFrom(graph: Map<string, string[]>, root: string): Map<string, number> {
  const distance = new Map([[root, 0]]);
  const queue = [root];
  while (queue.length) {
    const node = queue.shift()!;
    for (const next of graph.get(node)!) {
      if (distance.has(next)) continue;
      distance.set(next, distance.get(node)! + 1);
      queue.push(next);
    }
  }
  return distance;
}

/** The namespace farthest from `from` (ties by name): one end of a chain. */
function farthest(distance: Map<string, number>): string {
  return [...distance.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

/** Bands of namespaces with their column (0-based, from the first namespace column). */
function assignColumns(topology: Topology): Array<Map<string, number>> {
  const graph = namespaceGraph(topology);
  const bands: Array<Map<string, number>> = [];
  const placed = new Set<string>();
  const isolated: string[] = [];
  const order = topology.namespaces.map((n) => n.name);
  for (const name of order) {
    if (placed.has(name)) continue;
    if (name !== '' && graph.get(name)!.length === 0) {
      isolated.push(name);
      placed.add(name);
      continue;
    }
    // The host roots its band; any other band starts at one end of its longest chain.
    const component = distancesFrom(graph, name);
    const root = name === '' ? '' : farthest(distancesFrom(graph, farthest(component)));
    const columns = distancesFrom(graph, root);
    for (const member of columns.keys()) placed.add(member);
    bands.push(columns);
  }
  if (isolated.length) {
    // Namespaces without cables, side by side in rows of a few.
    for (let i = 0; i < isolated.length; i += SIZES.isolatedPerRow) {
      bands.push(new Map(isolated.slice(i, i + SIZES.isolatedPerRow).map((name, j) => [name, j])));
    }
  }
  return bands;
}

/** Offsets of each row's top from the first row's, and the height of all rows. */
function rowOffsets(topology: Topology, rows: Row[]): { tops: number[]; heights: number[]; total: number } {
  const heights = rows.map((row) => (topology.interfaces[row.id]!.kind === 'loopback' ? SIZES.loopbackHeight : SIZES.pillHeight));
  const tops = heights.map((_, i) => heights.slice(0, i).reduce((sum, h) => sum + h + SIZES.pillGap, 0));
  const total = rows.length ? tops.at(-1)! + heights.at(-1)! : SIZES.pillHeight;
  return { tops, heights, total };
}

const headerHeight = (hasRouteLine: boolean) => SIZES.boxTitle + (hasRouteLine ? SIZES.boxRouteLine : 0);

export function layoutTopology(topology: Topology): Layout {
  const rowsOf = new Map(topology.namespaces.map((n) => [n.name, interfaceRows(topology, n.name)]));
  const nsByName = new Map(topology.namespaces.map((n) => [n.name, n]));
  const maxDepth = (name: string) => Math.max(0, ...rowsOf.get(name)!.map((r) => r.depth));
  const boxWidth = (name: string) => SIZES.boxPadding * 2 + maxDepth(name) * SIZES.indent + SIZES.pillWidth;
  const bands = assignColumns(topology);

  // Column widths are shared by all bands, so columns line up down the whole diagram.
  const columnCount = Math.max(1, ...bands.map((b) => Math.max(...b.values()) + 1));
  const columnWidths = Array.from({ length: columnCount }, (_, c) =>
    Math.max(SIZES.pillWidth + SIZES.boxPadding * 2, ...bands.flatMap((b) => [...b].filter(([, col]) => col === c).map(([name]) => boxWidth(name)))),
  );
  const hasClouds = topology.outside.length > 0;
  const firstX = SIZES.margin + (hasClouds ? SIZES.cloudWidth + SIZES.columnGap : 0);
  const columnX = columnWidths.map((_, c) => firstX + columnWidths.slice(0, c).reduce((sum, w) => sum + w + SIZES.columnGap, 0));

  const namespaces: Record<string, PlacedNamespace> = {};
  const interfaces: Record<string, PlacedInterface> = {};
  const centreY = (id: string) => interfaces[id]!.y + interfaces[id]!.height / 2;
  const place = (name: string, column: number, top: number) => {
    const ns = nsByName.get(name)!;
    const rows = rowsOf.get(name)!;
    const width = columnWidths[column]!;
    const x = columnX[column]!;
    const { tops, heights, total } = rowOffsets(topology, rows);
    const height = headerHeight(!!ns.defaultRoute) + total + SIZES.boxPadding;
    namespaces[name] = { name, column, x, y: top, width, height };
    const firstRow = top + headerHeight(!!ns.defaultRoute);
    rows.forEach((row, i) => {
      const indent = row.depth * SIZES.indent;
      interfaces[row.id] = {
        id: row.id,
        depth: row.depth,
        column,
        x: x + SIZES.boxPadding + indent,
        y: firstRow + tops[i]!,
        // Right edges line up, so cables leave every pill at the same x.
        width: width - SIZES.boxPadding * 2 - indent,
        height: heights[i]!,
      };
    });
  };
  /** Cables from `name`'s interfaces to interfaces already placed: [own interface id, the other's centre y]. */
  const anchorsOf = (name: string): Array<[string, number]> =>
    topology.edges
      .filter((e) => e.kind === 'cable')
      .flatMap((e): Array<[string, string]> => [
        [e.from, e.to],
        [e.to, e.from],
      ])
      .filter(([own, other]) => topology.interfaces[own]!.namespace === name && interfaces[other] && topology.interfaces[other]!.namespace !== name)
      .map(([own, other]) => [own, centreY(other)]);

  let top: number = SIZES.margin;
  for (const band of bands) {
    let bottom = top;
    for (let column = 0; column < columnCount; column++) {
      const members = [...band].filter(([, c]) => c === column).map(([name]) => name);
      // Keep the order of what each box connects to on its left; then by name.
      const wanted = new Map<string, { key: number; top: number }>();
      for (const name of members) {
        const anchors = anchorsOf(name);
        if (!anchors.length) continue;
        const key = anchors.reduce((sum, [, y]) => sum + y, 0) / anchors.length;
        // Where the box would sit to put its first cabled interface level with its neighbour.
        const rows = rowsOf.get(name)!;
        const ns = nsByName.get(name)!;
        const rowIndex = rows.findIndex((r) => r.id === anchors[0]![0]);
        const { tops, heights } = rowOffsets(topology, rows);
        const offset = headerHeight(!!ns.defaultRoute) + tops[rowIndex]! + heights[rowIndex]! / 2;
        wanted.set(name, { key, top: anchors[0]![1] - offset });
      }
      members.sort((a, b) => (wanted.get(a)?.key ?? Infinity) - (wanted.get(b)?.key ?? Infinity) || a.localeCompare(b));
      let next = top;
      for (const name of members) {
        const y = Math.max(next, wanted.get(name)?.top ?? top);
        place(name, column, y);
        next = y + namespaces[name]!.height + SIZES.rowGap;
        bottom = Math.max(bottom, y + namespaces[name]!.height);
      }
    }
    top = bottom + SIZES.bandGap;
  }

  // Clouds: in the first column, level with the interface they connect to, never overlapping.
  const clouds: Record<string, Box> = {};
  let cloudNext: number = SIZES.margin;
  const cloudTargets = topology.outside.map((o) => {
    const ends = topology.edges.filter((e) => e.kind === 'outside' && e.to === o.id && interfaces[e.from]);
    const y = ends.length ? ends.reduce((sum, e) => sum + centreY(e.from), 0) / ends.length : SIZES.margin;
    return { id: o.id, y };
  });
  cloudTargets.sort((a, b) => a.y - b.y || a.id.localeCompare(b.id));
  for (const { id, y } of cloudTargets) {
    const cloudTop = Math.max(cloudNext, y - SIZES.cloudHeight / 2);
    clouds[id] = { x: SIZES.margin, y: cloudTop, width: SIZES.cloudWidth, height: SIZES.cloudHeight };
    cloudNext = cloudTop + SIZES.cloudHeight + SIZES.rowGap / 2;
  }

  const edges = topology.edges.flatMap((edge): PlacedEdge[] => {
    const path = edgePath(edge, topology, interfaces, clouds);
    return path ? [{ edge, path }] : [];
  });

  const loops = edges.filter((e) => e.edge.kind === 'cable' && interfaces[e.edge.from]!.column === interfaces[e.edge.to]!.column);
  const right = Math.max(
    ...Object.values(namespaces).map((n) => n.x + n.width),
    ...Object.values(clouds).map((c) => c.x + c.width),
    ...loops.map((e) => interfaces[e.edge.from]!.x + interfaces[e.edge.from]!.width + LOOP_BULGE),
  );
  const lowest = Math.max(...Object.values(namespaces).map((n) => n.y + n.height), ...Object.values(clouds).map((c) => c.y + c.height));
  return { width: Math.ceil(right + SIZES.margin), height: Math.ceil(lowest + SIZES.margin), namespaces, interfaces, clouds, edges };
}

const r = (n: number) => Math.round(n * 10) / 10;
/** How far a cable between two interfaces of one column swings out to the right. */
const LOOP_BULGE = SIZES.columnGap * 0.6;

function edgePath(edge: TopologyEdge, topology: Topology, interfaces: Record<string, PlacedInterface>, clouds: Record<string, Box>): string | undefined {
  const from = interfaces[edge.from];
  if (!from) return undefined;
  const midY = (b: Box) => b.y + b.height / 2;
  if (edge.kind === 'outside') {
    const cloud = clouds[edge.to];
    if (!cloud) return undefined;
    const x1 = from.x;
    const x2 = cloud.x + cloud.width;
    const dx = Math.max(24, (x1 - x2) / 2);
    return `M${r(x1)},${r(midY(from))} C${r(x1 - dx)},${r(midY(from))} ${r(x2 + dx)},${r(midY(cloud))} ${r(x2)},${r(midY(cloud))}`;
  }
  const to = interfaces[edge.to];
  if (!to) return undefined;
  if (edge.kind === 'cable') {
    if (from.column === to.column) {
      // Both ends in one column: a loop out to the right and back.
      const x = from.x + from.width;
      return `M${r(x)},${r(midY(from))} C${r(x + LOOP_BULGE)},${r(midY(from))} ${r(x + LOOP_BULGE)},${r(midY(to))} ${r(x)},${r(midY(to))}`;
    }
    const [left, right] = from.column < to.column ? [from, to] : [to, from];
    const x1 = left.x + left.width;
    const x2 = right.x;
    const dx = (x2 - x1) / 2;
    return `M${r(x1)},${r(midY(left))} C${r(x1 + dx)},${r(midY(left))} ${r(x2 - dx)},${r(midY(right))} ${r(x2)},${r(midY(right))}`;
  }
  // member / stacked: within one box. A child right under its holder gets a tree connector;
  // otherwise a bracket on the left joins the two.
  const holder = topology.interfaces[edge.from]!.master ?? topology.interfaces[edge.from]!.parent;
  if (holder === edge.to && from.depth === to.depth + 1) {
    const x = to.x + SIZES.indent / 2;
    return `M${r(x)},${r(to.y + to.height)} V${r(midY(from))} H${r(from.x)}`;
  }
  const x = Math.min(from.x, to.x);
  return `M${r(from.x)},${r(midY(from))} C${r(x - 9)},${r(midY(from))} ${r(x - 9)},${r(midY(to))} ${r(to.x)},${r(midY(to))}`;
}
