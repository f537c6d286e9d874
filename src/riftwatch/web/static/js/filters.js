// The filter bar shared by the event explorer and the map: every field maps to one API parameter and lives
// in the URL, and the choices (with their counts) come from /api/facets.
import { h, QUADS } from './dom.js';
import { facets } from './api.js';

export const FILTER_KEYS = ['source', 'target', 'directed', 'actor', 'type', 'quad_class', 'certainty', 'country', 'sector', 'mode', 'acled', 'date_from', 'date_to', 'place', 'q'];

export function filterParams(params) {
  const result = {};
  for (const key of FILTER_KEYS) {
    const values = params.getAll(key).filter((value) => value !== '');
    if (values.length) result[key] = values.length === 1 ? values[0] : values;
  }
  return result;
}

function select(name, label, values, current, describe = (value) => value) {
  return h('label', { class: 'field' }, h('span', {}, label),
    h('select', { name, 'aria-label': label },
      h('option', { value: '' }, `any`),
      values.map((item) => h('option', { value: item.value, selected: String(item.value) === current ? 'selected' : null },
        `${describe(item.value)} (${item.events.toLocaleString('en')})`))));
}

function input(name, label, current, type = 'text', placeholder = '') {
  return h('label', { class: 'field' }, h('span', {}, label),
    h('input', { name, type, value: current || '', placeholder, 'aria-label': label, maxlength: 100 }));
}

export async function filterBar(params, onChange) {
  const choices = await facets();
  const current = (key) => params.get(key) || '';
  const fields = [
    input('actor', 'Actor', current('actor'), 'text', 'IRN, Hezbollah…'),
    select('type', 'Type', choices.type, current('type')),
    select('quad_class', 'Quad class', choices.quad_class, current('quad_class'), (value) => `${value} ${QUADS[value]?.name || ''}`),
    select('certainty', 'Certainty', choices.certainty, current('certainty')),
    select('country', 'Country', choices.country, current('country')),
    select('sector', 'Sector', choices.sector, current('sector')),
  ];
  if (choices.mode.length) fields.push(select('mode', 'Mode', choices.mode, current('mode')));
  if (choices.acled.length) fields.push(select('acled', 'ACLED sub-event', choices.acled, current('acled')));
  fields.push(
    input('place', 'Place', current('place'), 'text', 'Aleppo, SYR…'),
    input('q', 'Words', current('q'), 'search', 'in the evidence'),
    input('date_from', 'From', current('date_from'), 'date'),
    input('date_to', 'To', current('date_to'), 'date'),
  );
  // A dyad chosen elsewhere (the timeline, the network) stays a filter until cleared.
  const hidden = ['source', 'target', 'directed'].filter((key) => params.get(key))
    .map((key) => h('input', { type: 'hidden', name: key, value: params.get(key) }));
  const dyad = params.get('source') || params.get('target')
    ? h('span', { class: 'chip' }, `dyad ${params.get('source') || 'any'} – ${params.get('target') || 'any'}`) : null;
  const form = h('form', { class: 'filters', role: 'search' }, hidden, dyad, fields,
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit' }, 'Apply'),
      h('button', { type: 'button', class: 'secondary', onclick: () => onChange({}) }, 'Clear')));
  const submit = () => {
    const values = {};
    for (const element of form.elements) {
      if (element.name && element.value) values[element.name] = element.value;
    }
    onChange(values);
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); submit(); });
  for (const element of form.querySelectorAll('select, input[type=date]')) element.addEventListener('change', submit);
  return form;
}
