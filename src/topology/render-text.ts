/**
 * The topology as text: per namespace, a heading and a list of its interfaces with the same
 * facts the diagram's details popup shows (describe.ts), then the outside ends. For keyboard
 * and screen-reader users, and for anyone who prefers a list to a picture.
 */
import { escapeHtml } from '../lib/exercise-markdown.ts';
import { describeInterface, kindLabel, topologySummary, type Fact, type InterfaceDescription } from './describe.ts';
import { interfaceRows } from './layout.ts';
import type { Topology } from './model.ts';

/** Facts as a definition list. */
function factList(facts: Fact[]): string {
  return `<dl>${facts.map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${f.values.map(escapeHtml).join('<br>')}</dd>`).join('')}</dl>`;
}

/** The details popup of one interface: its title and every fact. */
export function renderDetails(description: InterfaceDescription): string {
  return `<h3>${escapeHtml(description.title)}</h3>${factList(description.facts)}`;
}

const STATE_TEXT = { up: 'up', down: 'DOWN', 'no-carrier': 'up, NO CARRIER' } as const;

export function renderTopologyText(topology: Topology, headingLevel = 3): string {
  const h = `h${headingLevel}`;
  const sections = topology.namespaces.map((ns) => {
    const rows = interfaceRows(topology, ns.name);
    const items = rows.map(({ id, depth }) => {
      const item = topology.interfaces[id]!;
      const description = describeInterface(topology, id);
      const facts = factList(description.facts.filter((f) => f.label !== 'State'));
      return (
        `<li class="topo-text-if is-${item.state}" data-if="${escapeHtml(id)}" style="--depth:${depth}">` +
        `<p class="topo-text-name"><strong>${escapeHtml(item.name)}</strong> <span>${escapeHtml(kindLabel(item))}, ${STATE_TEXT[item.state]}</span></p>` +
        `${facts}</li>`
      );
    });
    const routes = [ns.defaultRoute ? `Default route: ${ns.defaultRoute}` : 'No default route', ...ns.routes.map((r) => `Route: ${r}`)];
    return (
      `<section class="topo-text-ns" data-ns="${escapeHtml(ns.name)}">` +
      `<${h}>${escapeHtml(ns.title)} <span class="topo-text-kind">${ns.name === '' ? 'root namespace' : 'namespace'}</span></${h}>` +
      `<p class="topo-text-routes">${routes.map(escapeHtml).join('<br>')}</p>` +
      `<ul>${items.join('')}</ul></section>`
    );
  });
  if (topology.outside.length) {
    const ends = topology.outside.map((o) => `<li><strong>${escapeHtml(o.title)}</strong>${o.address ? ` ${escapeHtml(o.address)}` : ''}: ${escapeHtml(o.summary)}</li>`);
    sections.push(`<section class="topo-text-ns" data-outside><${h}>Outside</${h}><ul>${ends.join('')}</ul></section>`);
  }
  return `<p class="topo-text-summary">${escapeHtml(topologySummary(topology))}.</p>${sections.join('')}`;
}
