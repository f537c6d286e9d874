// The signed actor network: a tie for each pair that has enough events, green when its mean Goldstein is
// cooperative and red when conflictual; node size follows the number of events.
import { h, card, number, signed } from '../dom.js';
import { getJSON } from '../api.js';
import { go, link } from '../router.js';
import { unitField, unitOf } from '../components.js';

// Node colours for the blocs relations finds (actors more cooperative among themselves than with others).
const BLOCS = ['#3b5b92', '#8a5cb8', '#2a9d8f', '#b5838d', '#6d8b3a', '#c07a2c', '#4d6d9a', '#7a6c5d'];

export default async function network(container, { params }) {
  const minEvents = Number(params.get('min_events') || 2);
  const unit = unitOf(params);
  const query = { min_events: minEvents, date_from: params.get('date_from'), date_to: params.get('date_to'), limit: 120, unit };
  const data = await getJSON('/api/network', query);
  const form = h('form', { class: 'filters compact', onsubmit: (e) => { e.preventDefault(); submit(); } },
    h('label', { class: 'field' }, h('span', {}, 'At least … events per tie'),
      h('input', { name: 'min_events', type: 'number', min: 1, max: 10000, value: minEvents })),
    h('label', { class: 'field' }, h('span', {}, 'From'), h('input', { name: 'date_from', type: 'date', value: params.get('date_from') || '' })),
    h('label', { class: 'field' }, h('span', {}, 'To'), h('input', { name: 'date_to', type: 'date', value: params.get('date_to') || '' })),
    unitField(unit),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit' }, 'Apply')));
  function submit() {
    go('network', Object.fromEntries([...new FormData(form)].filter(([, value]) => value !== '')));
  }
  const box = h('div', { id: 'network', class: 'network', dataset: { nodes: data.nodes.length, edges: data.edges.length } });
  const legend = h('div', { class: 'legend' },
    h('span', { class: 'swatch coop' }), 'cooperative tie',
    h('span', { class: 'swatch conf' }), 'conflictual tie',
    h('span', { class: 'muted' }, ` · ${data.nodes.length} actors, ${data.edges.length} ties`
      + (data.triangles ? ` · triangles: ${data.triangles.balanced} balanced, ${data.triangles.unbalanced} unbalanced` : '')
      + ` · node colour: bloc`));
  const strongest = [...data.edges].sort((a, b) => b.events - a.events).slice(0, 12);
  container.append(h('h1', {}, 'Signed actor network'), form,
    h('div', { class: 'grid wide-narrow' },
      card(null, box, legend),
      card('Strongest ties', h('table', { class: 'dyads' },
        h('thead', {}, h('tr', {}, ['Tie', 'Events', 'Goldstein sum'].map((name) => h('th', {}, name)))),
        h('tbody', {}, strongest.map((edge) => h('tr', {},
          h('td', {}, h('a', { href: link('dyad', { source: edge.source, target: edge.target, unit }) }, `${edge.source} – ${edge.target}`)),
          h('td', { class: 'num' }, number(edge.events)),
          h('td', { class: `num ${edge.sign < 0 ? 'neg' : 'pos'}` }, signed(edge.goldstein_sum)))))))));
  if (!data.nodes.length) {
    box.append(h('p', { class: 'muted empty' }, 'No ties with that many events.'));
    return;
  }
  const maxEvents = Math.max(...data.nodes.map((n) => n.events));
  const maxTie = Math.max(...data.edges.map((e) => e.events));
  const cy = window.cytoscape({
    container: box,
    elements: [
      ...data.nodes.map((n) => ({ data: { id: n.id, label: n.label, size: 14 + 30 * Math.sqrt(n.events / maxEvents),
        colour: BLOCS[(n.bloc ?? 0) % BLOCS.length] } })),
      ...data.edges.map((e) => ({ data: { id: `${e.source}~${e.target}`, source: e.source, target: e.target, sign: e.sign,
        width: 1 + 6 * Math.sqrt(e.events / maxTie), label: `${e.events}` } })),
    ],
    style: [
      { selector: 'node', style: { width: 'data(size)', height: 'data(size)', label: 'data(label)', 'background-color': 'data(colour)',
        color: '#1f2430', 'font-size': 12, 'font-weight': 600, 'text-valign': 'bottom', 'text-halign': 'center', 'text-margin-y': 3,
        'text-outline-color': '#fbfcfd', 'text-outline-width': 3, 'border-width': 2, 'border-color': '#fff' } },
      { selector: 'edge', style: { width: 'data(width)', 'curve-style': 'bezier', opacity: 0.75 } },
      { selector: 'edge[sign > 0]', style: { 'line-color': '#2f7d5b' } },
      { selector: 'edge[sign < 0]', style: { 'line-color': '#c8453a', 'line-style': 'solid' } },
      { selector: ':selected', style: { 'border-color': '#f2c14e', 'border-width': 4 } },
    ],
    layout: { name: 'cose', animate: false, randomize: true, nodeRepulsion: () => 120000, idealEdgeLength: () => 120,
      nodeOverlap: 40, gravity: 0.4, numIter: 2500, componentSpacing: 120, padding: 30 },
    maxZoom: 1.5,
    minZoom: 0.3,
  });
  cy.on('tap', 'edge', (event) => go('dyad', { source: event.target.data('source'), target: event.target.data('target'), unit }));
  cy.on('tap', 'node', (event) => go('events', { actor: event.target.id() }));
  box.dataset.drawn = 'true';
}
