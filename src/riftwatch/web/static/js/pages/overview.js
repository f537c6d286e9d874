// Overview: how much there is, what kinds of events, the most active dyads and the latest rift alerts.
import { h, card, number, signed } from '../dom.js';
import { getJSON, summary } from '../api.js';
import { chart, quadScale, quadName } from '../components.js';
import { link, go } from '../router.js';

function stat(label, value) {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-value' }, value), h('div', { class: 'stat-label' }, label));
}

export function dyadTable(items) {
  if (!items.length) return h('p', { class: 'muted empty' }, 'No dyads: no event names two actors yet.');
  return h('table', { class: 'dyads' },
    h('thead', {}, h('tr', {}, ['Dyad', 'Events', 'Cooperation / conflict', 'Mean Goldstein'].map((name) => h('th', {}, name)))),
    h('tbody', {}, items.map((dyad) => {
      const total = dyad.cooperation + dyad.conflict || 1;
      return h('tr', {},
        h('td', {}, h('a', { href: link('dyad', { source: dyad.source, target: dyad.target }), class: 'dyad-link' }, `${dyad.source} – ${dyad.target}`)),
        h('td', { class: 'num' }, number(dyad.events)),
        h('td', {}, h('div', { class: 'split', title: `${dyad.cooperation} cooperative, ${dyad.conflict} conflictual` },
          h('span', { class: 'coop', style: `width:${(100 * dyad.cooperation) / total}%` }),
          h('span', { class: 'conf', style: `width:${(100 * dyad.conflict) / total}%` }))),
        h('td', { class: 'num' }, signed(dyad.mean_goldstein)));
    })));
}

export function alertList(items, relations) {
  if (!items.length) return h('p', { class: 'muted empty' }, `No rift alerts in this store.`);
  return h('ul', { class: 'alerts' }, items.map((alert) => h('li', { class: `alert alert-${alert.direction}` },
    h('a', { href: link('dyad', { source: alert.source, target: alert.target, at: alert.date }) },
      h('strong', {}, `${alert.source} – ${alert.target}`), ` ${alert.direction}`),
    h('span', { class: 'muted' }, ` from ${alert.date}, seen ${alert.detected_on} · ${signed(alert.before)} → ${signed(alert.after)} · score ${Number(alert.score).toFixed(1)}`))));
}

export default async function overview(container) {
  // Rift alerts may still be computing on a large store: the rest of the page does not wait for them.
  const alertsBox = h('div', { id: 'latest-alerts' }, h('p', { class: 'muted' }, 'Computing rift alerts…'));
  const alertsLoaded = getJSON('/api/alerts', { limit: 6 });
  const [info, volume, types, dyads] = await Promise.all([
    summary(),
    getJSON('/api/events/volume', { period: 'month' }),
    getJSON('/api/events/counts/type', { limit: 20 }),
    getJSON('/api/dyads/active', { limit: 10 }),
  ]);
  alertsLoaded.then((alerts) => { alertsBox.replaceChildren(alertList(alerts.items, info.relations)); alertsBox.dataset.loaded = 'true'; })
    .catch((error) => alertsBox.replaceChildren(h('p', { class: 'muted' }, `Rift alerts unavailable: ${error.message}`)));
  const volumeChart = h('div', { class: 'chart', id: 'chart-volume' });
  const typeChart = h('div', { class: 'chart', id: 'chart-types' });
  container.append(
    h('h1', {}, 'Overview'),
    h('div', { class: 'stats' },
      stat('articles', number(info.articles)), stat('events', number(info.events)),
      stat('events with a place', number(info.located_events)),
      stat('event dates', info.first_event_date ? `${info.first_event_date} → ${info.last_event_date}` : '–')),
    h('div', { class: 'grid wide-narrow' }, card('Events per month, by quad class', volumeChart), card('Event types', typeChart)),
    h('div', { class: 'grid two' }, card('Most active dyads', dyadTable(dyads.items)),
      card('Latest rift alerts', alertsBox, h('a', { href: '#/alerts', class: 'more' }, 'All alerts ›'))));
  const points = volume.points.map((p) => ({ ...p, quad: quadName(p.quad_class) }));
  await Promise.all([
    chart(volumeChart, {
      height: 240,
      data: { values: points },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'period', type: 'temporal', timeUnit: 'yearmonth', title: null },
        y: { field: 'events', type: 'quantitative', aggregate: 'sum', title: 'events' },
        color: { field: 'quad', type: 'nominal', scale: quadScale, title: null },
      },
    }),
    chart(typeChart, {
      height: { step: 17 },
      data: { values: types.values.map((t) => ({ ...t, quad: quadName(t.quad_class) })) },
      mark: { type: 'bar', tooltip: true, cursor: 'pointer' },
      encoding: {
        y: { field: 'value', type: 'nominal', sort: '-x', title: null },
        x: { field: 'events', type: 'quantitative', title: 'events' },
        color: { field: 'quad', type: 'nominal', scale: quadScale, legend: null },
      },
    }).then((view) => view.addEventListener('click', (_, item) => {
      if (item?.datum?.value) go('events', { type: item.datum.value });
    })),
  ]);
}
