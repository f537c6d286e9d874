// The event explorer: server-side filters, a volume chart of what matches, and a page of events whose rows
// open the evidence sentence in its article.
import { h, card, count } from '../dom.js';
import { getJSON } from '../api.js';
import { chart, eventTable, pager, quadScale, quadName } from '../components.js';
import { filterBar, filterParams } from '../filters.js';
import { go } from '../router.js';

const PAGE = 25;
const SORTS = { '-date': 'newest first', date: 'oldest first', goldstein: 'most conflictual', '-goldstein': 'most cooperative', '-confidence': 'surest first' };

export default async function events(container, { params }) {
  const filters = filterParams(params);
  const offset = Math.max(0, Number(params.get('offset') || 0));
  const sort = SORTS[params.get('sort')] ? params.get('sort') : '-date';
  const bar = await filterBar(params, (values) => go('events', values));
  const [result, volume] = await Promise.all([
    getJSON('/api/events', { ...filters, offset, limit: PAGE, sort }),
    getJSON('/api/events/volume', { ...filters, period: 'month' }),
  ]);
  const sortSelect = h('select', { name: 'sort', 'aria-label': 'Sort' },
    Object.entries(SORTS).map(([value, label]) => h('option', { value, selected: value === sort ? 'selected' : null }, label)));
  sortSelect.addEventListener('change', () => go('events', { ...filters, sort: sortSelect.value }));
  const volumeBox = h('div', { class: 'chart', id: 'chart-explorer' });
  container.append(h('h1', {}, 'Event explorer'), bar,
    card(null,
      h('div', { class: 'table-head' },
        h('p', { class: 'count', id: 'event-count' }, count(result.total, 'event')),
        h('label', { class: 'field inline' }, h('span', {}, 'Sort'), sortSelect)),
      volumeBox,
      eventTable(result.items),
      pager(result, (next) => go('events', { ...filters, sort, offset: next }))));
  if (volume.points.length) {
    await chart(volumeBox, {
      height: 90,
      data: { values: volume.points.map((p) => ({ ...p, quad: quadName(p.quad_class) })) },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'period', type: 'temporal', timeUnit: 'yearmonth', title: null },
        y: { field: 'events', type: 'quantitative', aggregate: 'sum', title: 'per month' },
        color: { field: 'quad', type: 'nominal', scale: quadScale, title: null, legend: { orient: 'right' } },
      },
    });
  }
}
