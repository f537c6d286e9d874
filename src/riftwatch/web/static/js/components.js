// Pieces several pages share: the events table, the pager and vega-lite charts.
import { h, QUADS, actorLabel, badge, signed, number } from './dom.js';
import { link } from './router.js';

export function eventTable(items, { caption } = {}) {
  if (!items.length) return h('p', { class: 'muted empty' }, 'No events match.');
  const rows = items.map((event) => {
    const href = link('article', { event: event.id }, event.article_id);
    const open = () => { window.location.hash = href; };
    return h('tr', { class: 'event-row', tabindex: 0, dataset: { eventId: event.id }, onclick: open,
      onkeydown: (e) => { if (e.key === 'Enter') open(); } },
      h('td', { class: 'nowrap' }, event.date || '—'),
      h('td', {}, actorLabel(event.source), event.source?.code ? h('small', { class: 'code' }, event.source.code) : null),
      h('td', {}, h('span', { class: 'type', style: `border-color:${QUADS[event.quad_class]?.color}` }, event.type),
        event.kind === 'stance' ? h('small', { class: 'muted' }, ' stance') : null),
      h('td', {}, actorLabel(event.target), event.target?.code ? h('small', { class: 'code' }, event.target.code) : null),
      h('td', {}, badge(event.certainty)),
      h('td', { class: 'nowrap' }, event.location ? event.location.name : '—'),
      h('td', { class: 'evidence' }, h('a', { href, class: 'evidence-link', onclick: (e) => e.stopPropagation() }, event.evidence.sentence)),
      h('td', { class: 'num' }, signed(event.goldstein)));
  });
  return h('table', { class: 'events' },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, ['Date', 'Source', 'Type', 'Target', 'Certainty', 'Place', 'Evidence', 'Goldstein'].map((name) => h('th', {}, name)))),
    h('tbody', {}, rows));
}

export function pager(result, onPage) {
  const { offset, limit, total } = result;
  const first = total ? offset + 1 : 0;
  const last = Math.min(offset + limit, total);
  return h('div', { class: 'pager' },
    h('button', { type: 'button', class: 'secondary', disabled: offset === 0 ? 'disabled' : null, onclick: () => onPage(Math.max(0, offset - limit)) }, '‹ Previous'),
    h('span', { class: 'pager-status' }, `${number(first)}–${number(last)} of ${number(total)}`),
    h('button', { type: 'button', class: 'secondary', disabled: result.next_offset === null ? 'disabled' : null, onclick: () => onPage(result.next_offset) }, 'Next ›'));
}

export const quadScale = {
  domain: ['1 verbal cooperation', '2 material cooperation', '3 verbal conflict', '4 material conflict'],
  range: [QUADS[1].color, QUADS[2].color, QUADS[3].color, QUADS[4].color],
};

export function quadName(quad) {
  return `${quad} ${QUADS[quad]?.name || ''}`;
}

const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  axis: { labelColor: '#3b4252', titleColor: '#3b4252', gridColor: '#e8ebf0', domainColor: '#c5cad3', tickColor: '#c5cad3' },
  legend: { labelColor: '#3b4252', titleColor: '#3b4252', orient: 'bottom' },
  view: { stroke: null },
};

export async function chart(element, spec) {
  const full = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CONFIG, ...spec };
  // 'container' width works for single and layered views only; concatenated views size themselves.
  if (!('width' in spec) && !spec.vconcat && !spec.hconcat) full.width = 'container';
  const result = await window.vegaEmbed(element, full, { actions: false, renderer: 'svg', tooltip: { theme: 'light' } });
  element.dataset.drawn = 'true';
  return result.view;
}

// What the relation pages count: every report, or each real-world event once (the store's merged events,
// weighted by corroboration). It lives in the URL as `unit`, like every other choice.
export const UNITS = { mentions: 'every report', merged: 'each event once (merged)' };

export function unitOf(params) {
  return params.get('unit') === 'merged' ? 'merged' : 'mentions';
}

export function unitField(current) {
  return h('label', { class: 'field' }, h('span', {}, 'Count'),
    h('select', { name: 'unit', 'aria-label': 'Count' }, Object.entries(UNITS).map(([value, label]) =>
      h('option', { value, selected: value === current ? 'selected' : null }, label))));
}
