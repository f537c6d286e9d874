// Rift alerts: every dyad whose relation shifted against its own baseline, with the events behind it.
import { h, card, count, number, signed } from '../dom.js';
import { getJSON, summary } from '../api.js';
import { chart, unitField, unitOf } from '../components.js';
import { go, link } from '../router.js';

export default async function alerts(container, { params }) {
  const direction = params.get('direction') || '';
  const unit = unitOf(params);
  const [info, result] = await Promise.all([summary(), getJSON('/api/alerts', { limit: 200, direction, unit })]);
  const select = h('select', { name: 'direction', 'aria-label': 'Direction' },
    ['', 'rift', 'rapprochement'].map((value) => h('option', { value, selected: value === direction ? 'selected' : null }, value || 'any')));
  const unitBox = unitField(unit);
  const change = () => go('alerts', { direction: select.value, unit: unitBox.querySelector('select').value });
  select.addEventListener('change', change);
  unitBox.addEventListener('change', change);
  container.append(h('h1', {}, 'Rift alerts'),
    h('form', { class: 'filters compact' }, h('label', { class: 'field' }, h('span', {}, 'Direction'), select), unitBox));
  if (!result.items.length) {
    container.append(card(null, h('p', { class: 'muted empty' }, "No rift alerts in this store.")));
    return;
  }
  const box = h('div', { class: 'chart', id: 'chart-alerts' });
  const table = h('table', { class: 'alerts-table' },
    h('thead', {}, h('tr', {}, ['Change from', 'Raised on', 'Dyad', 'Direction', 'Kind', 'Before → after', 'Score', 'Events'].map((name) => h('th', {}, name)))),
    h('tbody', {}, result.items.map((a) => h('tr', { class: `alert-${a.direction}` },
      h('td', { class: 'nowrap' }, a.date), h('td', { class: 'nowrap' }, a.detected_on),
      h('td', {}, h('a', { href: link('dyad', { source: a.source, target: a.target, at: a.date, unit }) }, `${a.source} – ${a.target}`)),
      h('td', {}, h('span', { class: `badge badge-${a.direction}` }, a.direction)),
      h('td', {}, a.kind, a.third ? ` (over ${a.third})` : ''),
      h('td', { class: 'num' }, `${signed(a.before)} → ${signed(a.after)}`),
      h('td', { class: 'num' }, Number(a.score).toFixed(1)),
      h('td', { class: 'num' }, number(a.events.length))))));
  container.append(card(count(result.total, 'alert'), box, table));
  const view = await chart(box, {
    height: { step: 22 },
    data: { values: result.items.map((a) => ({ ...a, at: a.date, dyad: `${a.source} – ${a.target}`, n: a.events.length })) },
    mark: { type: 'point', filled: true, cursor: 'pointer', opacity: 0.85 },
    encoding: {
      x: { field: 'date', type: 'temporal', title: 'change from' },
      y: { field: 'dyad', type: 'nominal', title: null },
      color: { field: 'direction', type: 'nominal', scale: { domain: ['rift', 'rapprochement'], range: ['#c8453a', '#2f7d5b'] }, title: null },
      size: { field: 'score', type: 'quantitative', title: 'score', legend: null },
      shape: { field: 'kind', type: 'nominal', title: null, legend: result.items.some((a) => a.kind !== 'shift') ? {} : null },
      tooltip: [{ field: 'dyad' }, { field: 'direction' }, { field: 'kind' }, { field: 'date', type: 'temporal' }, { field: 'detected_on' }, { field: 'score', format: '.1f' }],
    },
  });
  view.addEventListener('click', (_, item) => {
    if (item?.datum?.source) go('dyad', { source: item.datum.source, target: item.datum.target, at: item.datum.at, unit });
  });
}
