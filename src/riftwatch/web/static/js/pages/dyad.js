// Dyad timeline: one pair's tone and volume per period, its rift alerts, and the events behind every point.
import { h, card, count, signed } from '../dom.js';
import { getJSON } from '../api.js';
import { chart, eventTable, unitField, unitOf } from '../components.js';
import { go, link } from '../router.js';

const PERIODS = ['day', 'week', 'month'];

function periodEnd(start, period) {
  const date = new Date(`${start}T00:00:00Z`);
  if (period === 'week') date.setUTCDate(date.getUTCDate() + 6);
  if (period === 'month') date.setUTCMonth(date.getUTCMonth() + 1, 0);
  return date.toISOString().slice(0, 10);
}

async function showEvents(panel, source, target, at, period, unit) {
  const until = periodEnd(at, period);
  panel.replaceChildren(h('p', { class: 'muted' }, 'Loading events…'));
  const result = await getJSON('/api/dyads/series/events', { source, target, period, at, unit, limit: 200 });
  panel.replaceChildren(...[
    h('h3', {}, (unit === 'merged' ? `${count(result.merged_ids.length, 'event')} told by ${count(result.total, 'report')}` : count(result.total, 'event'))
      + ` between ${source} and ${target}, ${at}${until !== at ? ` to ${until}` : ''}`),
    eventTable(result.items),
    result.total > result.items.length
      ? h('a', { class: 'more', href: link('events', { source, target, directed: 'false', date_from: at, date_to: until }) }, 'All of them in the explorer ›')
      : null].filter(Boolean));
  panel.dataset.at = at;
}

// Ticks that suit the span shown: years over several years, months over one, weeks over a few months.
function timeAxis(points) {
  const days = (Date.parse(points[points.length - 1].period) - Date.parse(points[0].period)) / 86400000;
  if (days > 3 * 365) return { tickCount: 'year', format: '%Y', labelAngle: 0 };
  if (days > 150) return { tickCount: 'month', format: '%b %Y', labelAngle: 0, labelOverlap: true };
  return { tickCount: 'week', format: '%d %b', labelAngle: 0, labelOverlap: true };
}

export default async function dyad(container, { params }) {
  const unit = unitOf(params);
  const top = await getJSON('/api/dyads/active', { limit: 40, unit });
  let source = params.get('source');
  let target = params.get('target');
  if ((!source || !target) && top.items.length) ({ source, target } = top.items[0]);
  container.append(h('h1', {}, 'Dyad timeline'));
  if (!source || !target) {
    container.append(card(null, h('p', { class: 'muted empty' }, 'No dyads in this store yet.')));
    return;
  }
  const period = PERIODS.includes(params.get('period')) ? params.get('period') : 'week';
  const pairs = top.items.map((d) => [d.source, d.target]);
  if (!pairs.some(([a, b]) => (a === source && b === target) || (a === target && b === source))) pairs.unshift([source, target]);
  const pairSelect = h('select', { name: 'pair', 'aria-label': 'Dyad' }, pairs.map(([a, b]) =>
    h('option', { value: `${a}|${b}`, selected: (a === source && b === target) || (a === target && b === source) ? 'selected' : null }, `${a} – ${b}`)));
  const periodSelect = h('select', { name: 'period', 'aria-label': 'Period' }, PERIODS.map((p) => h('option', { value: p, selected: p === period ? 'selected' : null }, p)));
  const unitBox = unitField(unit);
  const unitSelect = unitBox.querySelector('select');
  const change = () => {
    const [a, b] = pairSelect.value.split('|');
    go('dyad', { source: a, target: b, period: periodSelect.value, unit: unitSelect.value });
  };
  for (const element of [pairSelect, periodSelect, unitSelect]) element.addEventListener('change', change);
  container.append(h('form', { class: 'filters compact', onsubmit: (e) => e.preventDefault() },
    h('label', { class: 'field' }, h('span', {}, 'Dyad'), pairSelect),
    h('label', { class: 'field' }, h('span', {}, 'Period'), periodSelect), unitBox));

  const series = await getJSON('/api/dyads/series', { source, target, period, unit });
  const chartBox = h('div', { class: 'chart', id: 'chart-dyad' });
  const panel = h('div', { class: 'drill', id: 'dyad-events' }, h('p', { class: 'muted' }, 'Click a point or a bar to see the events behind it.'));
  const alertsBox = h('div', { id: 'dyad-alerts' }, h('p', { class: 'muted' }, 'Computing rift alerts…'));
  container.append(
    card(`${source} – ${target}: tone and volume per ${period}`, chartBox,
      h('p', { class: 'note' }, `Top: the weighted sum of Goldstein values per period (above zero cooperative, below conflictual); dashed lines mark rift alerts. Bottom: cooperative and conflictual events, weighted by certainty and attribution${unit === 'merged' ? ', each real-world event once (weighted by its corroboration)' : ', every report counted'}. State organs count as their country.`)),
    h('div', { class: 'grid narrow-wide' }, card('Rift alerts', alertsBox), card('Events behind the point', panel)));
  if (!series.points.length) {
    chartBox.append(h('p', { class: 'muted empty' }, 'No dated events between these two.'));
    return;
  }
  const select = (day) => {
    history.replaceState(null, '', link('dyad', { source, target, period, unit, at: day }));
    showEvents(panel, source, target, day, period, unit);
  };
  const draw = (alerts) => drawSeries(chartBox, series, alerts, period, select);
  await draw(series.alerts || []);
  if (series.alerts) showAlerts(alertsBox, series.alerts);
  else {
    // Alerts are still being computed on the server: draw them in when they come.
    getJSON('/api/alerts', { source, target, unit, limit: 100 })
      .then(async (found) => { await draw(found.items); showAlerts(alertsBox, found.items); })
      .catch((error) => alertsBox.replaceChildren(h('p', { class: 'muted' }, `Rift alerts unavailable: ${error.message}`)));
  }
  const at = params.get('at');
  if (at) {
    const hit = series.points.find((p) => p.period <= at && at <= periodEnd(p.period, period));
    await showEvents(panel, source, target, hit ? hit.period : at, period, unit);
  }
}

function showAlerts(box, alerts) {
  box.replaceChildren(alerts.length
    ? h('ul', { class: 'alerts' }, alerts.map((a) => h('li', { class: `alert alert-${a.direction}` },
      h('strong', {}, `${a.direction} from ${a.date}`), ` (raised ${a.detected_on}): ${signed(a.before)} → ${signed(a.after)} per day, score ${Number(a.score).toFixed(1)}, ${a.events.length} events`)))
    : h('p', { class: 'muted' }, 'No rift alert on this dyad.'));
  box.dataset.loaded = 'true';
}

async function drawSeries(chartBox, series, alerts, period, select) {
  const rules = alerts.map((a) => ({ date: a.date, label: `${a.direction} (${a.kind})` }));
  const width = Math.max(400, chartBox.clientWidth - 90);
  const x = { field: 'period', type: 'temporal', title: null, scale: { padding: 8 }, axis: timeAxis(series.points) };
  const view = await chart(chartBox, {
    data: { values: series.points },
    resolve: { scale: { x: 'shared' } },
    vconcat: [
      {
        width, height: 200,
        layer: [
          { mark: { type: 'rule', color: '#9aa3b2' }, encoding: { y: { datum: 0, type: 'quantitative' } } },
          ...(rules.length ? [{ data: { values: rules }, mark: { type: 'rule', strokeDash: [6, 4], color: '#7b2cbf', strokeWidth: 2 },
            encoding: { x: { field: 'date', type: 'temporal' }, tooltip: [{ field: 'label', title: 'alert' }, { field: 'date', type: 'temporal' }] } }] : []),
          { mark: { type: 'line', point: { size: 45, cursor: 'pointer' }, color: '#3b5b92', strokeWidth: 1.8 },
            encoding: { x, y: { field: 'value', type: 'quantitative', title: 'Goldstein sum' },
              tooltip: [{ field: 'period', type: 'temporal', title: `${period} from` }, { field: 'value', format: '+.1f', title: 'Goldstein sum' }, { field: 'events' }] } },
        ],
      },
      {
        width, height: 110,
        transform: [{ calculate: '-datum.conflict', as: 'conflictual' }, { calculate: 'datum.cooperation', as: 'cooperative' },
          { fold: ['cooperative', 'conflictual'], as: ['side', 'count'] }],
        mark: { type: 'bar', cursor: 'pointer', width: Math.max(1.5, Math.min(18, (0.7 * width) / series.points.length)) },
        encoding: { x, y: { field: 'count', type: 'quantitative', title: 'weighted events' },
          color: { field: 'side', type: 'nominal', scale: { domain: ['cooperative', 'conflictual'], range: ['#2f7d5b', '#c8453a'] }, title: null },
          tooltip: [{ field: 'period', type: 'temporal', title: `${period} from` }, { field: 'events' }, { field: 'cooperation', format: '.1f' }, { field: 'conflict', format: '.1f' }] },
      },
    ],
  });
  view.addEventListener('click', (_, item) => {
    const at = item?.datum?.period;
    if (!at) return;
    select(typeof at === 'string' ? at.slice(0, 10) : new Date(at).toISOString().slice(0, 10));
  });
}
