/**
 * Draws a laid-out topology as SVG markup: namespace boxes, interface "pills" (name, kind,
 * first address, and a mark when down or without an address), cables, port and VLAN
 * connectors, and clouds for the outside world. Colours come from CSS classes
 * (src/styles/topology.css), so the page theme applies. Every text is escaped.
 *
 * Each pill is a focusable `g[data-if]` with an accessible label; the element that shows the
 * diagram (src/elements/topology-panel.ts) adds the details popup and keyboard moves.
 */
import { escapeHtml } from '../lib/exercise-markdown.ts';
import { describeInterface, kindLabel, topologySummary } from './describe.ts';
import { SIZES, type Layout } from './layout.ts';
import type { Topology, TopologyInterface } from './model.ts';

/** Average advance of the monospace font at 11px (and at 10px), for cutting text to fit. */
const CHAR_WIDTH = 6.7;
const SMALL_CHAR_WIDTH = 6.1;
const PAD = 8;
const MIN_SCALE = 0.85;

/** Cuts text to at most `width` pixels, ending in an ellipsis when cut. */
export function fit(text: string, width: number, charWidth = CHAR_WIDTH): string {
  const max = Math.max(1, Math.floor(width / charWidth));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const STATE_MARKS: Record<TopologyInterface['state'], string> = { up: '', down: 'DOWN', 'no-carrier': 'NO CARRIER' };

function pill(topology: Topology, layout: Layout, id: string, first: boolean): string {
  const item = topology.interfaces[id]!;
  const box = layout.interfaces[id]!;
  const description = describeInterface(topology, id);
  const mark = STATE_MARKS[item.state];
  const kind = kindLabel(item);
  const address = item.addresses.length ? item.addresses[0]! + (item.addresses.length > 1 ? ` +${item.addresses.length - 1}` : '') : 'no address';
  const classes = ['topo-if', `is-${item.state}`, item.addresses.length ? '' : 'no-address'].filter(Boolean).join(' ');
  const right = (text: string, y: number, cls: string) => `<text class="${cls}" x="${box.width - PAD}" y="${y}" text-anchor="end">${escapeHtml(text)}</text>`;
  const nameText = (width: number) => `<text class="topo-if-name" x="${PAD + 11}" y="15">${escapeHtml(fit(item.name, width))}</text>`;
  let lines: string;
  if (item.kind === 'loopback') {
    // One line: name, address, and the state mark when it is not up.
    const tag = mark;
    const nameWidth = item.name.length * CHAR_WIDTH;
    const addressX = PAD + 11 + nameWidth + 8;
    lines =
      nameText(nameWidth) +
      `<text class="topo-if-address" x="${addressX}" y="15">${escapeHtml(fit(address, box.width - addressX - PAD - tag.length * SMALL_CHAR_WIDTH - 6))}</text>` +
      (mark ? right(mark, 15, 'topo-if-mark') : '');
  } else {
    lines =
      nameText(box.width - PAD * 2 - 11 - kind.length * SMALL_CHAR_WIDTH - 6) +
      right(kind, 15, 'topo-if-kind') +
      `<text class="topo-if-address" x="${PAD}" y="29">${escapeHtml(fit(address, box.width - PAD * 2 - (mark ? mark.length * SMALL_CHAR_WIDTH + 8 : 0)))}</text>` +
      (mark ? right(mark, 29, 'topo-if-mark') : '');
  }
  return (
    `<g class="${classes}" data-if="${escapeHtml(id)}" transform="translate(${box.x},${box.y})" tabindex="${first ? 0 : -1}" role="img" aria-label="${escapeHtml(description.summary)}">` +
    `<rect class="topo-if-box" width="${box.width}" height="${box.height}" rx="6"/>` +
    `<circle class="topo-if-dot" cx="${PAD + 3}" cy="11" r="3.5"/>` +
    lines +
    `</g>`
  );
}

/** A cloud outline filling a box of the cloud's size, from arcs. */
function cloudPath(width: number, height: number): string {
  const w = width;
  const h = height;
  return (
    `M${w * 0.16},${h * 0.9} A${h * 0.2},${h * 0.2} 0 0 1 ${w * 0.1},${h * 0.5} ` +
    `A${h * 0.28},${h * 0.28} 0 0 1 ${w * 0.32},${h * 0.2} A${h * 0.34},${h * 0.34} 0 0 1 ${w * 0.68},${h * 0.16} ` +
    `A${h * 0.26},${h * 0.26} 0 0 1 ${w * 0.9},${h * 0.46} A${h * 0.22},${h * 0.22} 0 0 1 ${w * 0.84},${h * 0.9} Z`
  );
}

/** A route without its device and source, for the one line a namespace box has room for. */
const shortRoute = (route: string) => route.replace(/ (dev|src) \S+/g, '');

export interface RenderOptions {
  /** The diagram's accessible name, e.g. "Topology of your VM". */
  label: string;
}

export function renderTopologySvg(topology: Topology, layout: Layout, options: RenderOptions): string {
  const parts: string[] = [];
  for (const ns of topology.namespaces) {
    const box = layout.namespaces[ns.name];
    if (!box) continue;
    const host = ns.name === '' ? ' is-host' : '';
    parts.push(
      `<g class="topo-ns${host}" data-ns="${escapeHtml(ns.name)}" transform="translate(${box.x},${box.y})">` +
        `<rect class="topo-ns-box" width="${box.width}" height="${box.height}" rx="10"/>` +
        `<text class="topo-ns-title" x="${SIZES.boxPadding}" y="17">${escapeHtml(fit(ns.title, box.width - SIZES.boxPadding * 2 - 90))}</text>` +
        `<text class="topo-ns-kind" x="${box.width - SIZES.boxPadding}" y="17" text-anchor="end">${ns.name === '' ? 'root namespace' : 'namespace'}</text>` +
        (ns.defaultRoute ? `<text class="topo-ns-route" x="${SIZES.boxPadding}" y="${SIZES.boxTitle + 9}">${escapeHtml(fit(shortRoute(ns.defaultRoute), box.width - SIZES.boxPadding * 2, SMALL_CHAR_WIDTH))}</text>` : '') +
        `</g>`,
    );
  }
  for (const { edge, path } of layout.edges) {
    const classes = ['topo-edge', `topo-edge-${edge.kind}`, edge.down ? 'is-down' : ''].filter(Boolean).join(' ');
    parts.push(`<path class="${classes}" d="${path}" data-from="${escapeHtml(edge.from)}" data-to="${escapeHtml(edge.to)}"/>`);
  }
  for (const outside of topology.outside) {
    const box = layout.clouds[outside.id];
    if (!box) continue;
    const lines = [outside.world ? outside.title : 'unlisted', outside.address ?? (outside.world ? '' : 'namespace')].filter(Boolean);
    parts.push(
      `<g class="topo-cloud${outside.world ? ' is-world' : ''}" data-outside="${escapeHtml(outside.id)}" transform="translate(${box.x},${box.y})">` +
        `<title>${escapeHtml(`${outside.title}: ${outside.summary}`)}</title>` +
        `<path class="topo-cloud-shape" d="${cloudPath(box.width, box.height)}"/>` +
        lines
          .map((line, i) => `<text class="${i === 0 ? 'topo-cloud-title' : 'topo-cloud-text'}" x="${box.width / 2}" y="${box.height * 0.52 + (i - (lines.length - 1) / 2) * 14 + 4}" text-anchor="middle">${escapeHtml(fit(line, box.width - 12, i === 0 ? CHAR_WIDTH : SMALL_CHAR_WIDTH))}</text>`)
          .join('') +
        `</g>`,
    );
  }
  const order = topology.namespaces.flatMap((ns) => Object.values(layout.interfaces).filter((p) => topology.interfaces[p.id]!.namespace === ns.name).sort((a, b) => a.y - b.y));
  order.forEach((placed, i) => parts.push(pill(topology, layout, placed.id, i === 0)));
  const label = `${options.label}: ${topologySummary(topology)}. Arrow keys move between interfaces; the text view lists everything.`;
  return (
    // Shrinks with a narrow panel down to MIN_SCALE, then the panel scrolls: smaller text would be unreadable.
    `<svg class="topology-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${layout.width} ${layout.height}" style="width:100%;max-width:${layout.width}px;min-width:${Math.round(layout.width * MIN_SCALE)}px" role="group" aria-label="${escapeHtml(label)}">` +
    parts.join('') +
    `</svg>`
  );
}
