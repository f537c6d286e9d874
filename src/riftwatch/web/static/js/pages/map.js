// Where events happened: places grouped on the server (one circle per place, sized by events, coloured by
// mean Goldstein) over Natural Earth country outlines from the world-atlas package.
import { h, card, number } from '../dom.js';
import { getJSON } from '../api.js';
import { chart } from '../components.js';
import { filterBar, filterParams } from '../filters.js';
import { go } from '../router.js';

// Mercator fitted to the places shown (in the projection's own y, so that high latitudes stay in view).
function projection(places, width, height) {
  const toY = (lat) => Math.log(Math.tan(Math.PI / 4 + (Math.max(-80, Math.min(80, lat)) * Math.PI) / 360));
  const lons = places.map((p) => p.lon);
  const ys = places.map((p) => toY(p.lat));
  const [west, east] = [Math.min(...lons), Math.max(...lons)];
  const [low, high] = [Math.min(...ys), Math.max(...ys)];
  const span = Math.max(((east - west) * Math.PI) / 180, 0.08);
  const rise = Math.max(high - low, 0.08);
  const scale = Math.max(120, Math.min(4000, 0.75 * Math.min(width / span, height / rise)));
  const centerLat = (Math.atan(Math.exp((low + high) / 2)) * 360) / Math.PI - 90;
  return { type: 'mercator', center: [(west + east) / 2, centerLat], scale };
}

export default async function map(container, { params }) {
  const filters = filterParams(params);
  const bar = await filterBar(params, (values) => go('map', values));
  const data = await getJSON('/api/locations', { ...filters, limit: 1500 });
  const box = h('div', { class: 'chart map', id: 'chart-map' });
  container.append(h('h1', {}, 'Map of event locations'), bar,
    card(null, h('p', { class: 'count', id: 'map-count' }, `${number(data.located_events)} located events at ${number(data.places.length)} places`), box,
      h('p', { class: 'note' }, 'Circle size: events at the place; colour: mean Goldstein (red conflict, green cooperation). Click a place for its events.')));
  if (!data.places.length) {
    box.append(h('p', { class: 'muted empty' }, 'No located events match.'));
    return;
  }
  const width = Math.max(480, box.clientWidth - 8);
  const height = 520;
  const view = await chart(box, {
    width, height,
    projection: projection(data.places, width, height),
    layer: [
      { data: { url: '/vendor/countries-110m.json', format: { type: 'topojson', feature: 'countries' } },
        mark: { type: 'geoshape', fill: '#eef1f5', stroke: '#b8c0cc', strokeWidth: 0.6, clip: true } },
      { data: { values: data.places },
        mark: { type: 'circle', opacity: 0.85, stroke: '#4a5263', strokeWidth: 0.7, cursor: 'pointer' },
        encoding: {
          longitude: { field: 'lon', type: 'quantitative' },
          latitude: { field: 'lat', type: 'quantitative' },
          size: { field: 'events', type: 'quantitative', scale: { range: [40, 1800] }, title: 'events' },
          color: { field: 'mean_goldstein', type: 'quantitative', scale: { domain: [-6, 6], scheme: 'redyellowgreen', clamp: true }, title: 'mean Goldstein' },
          tooltip: [{ field: 'name', title: 'place' }, { field: 'country' }, { field: 'events' }, { field: 'mean_goldstein', format: '+.1f' }, { field: 'top_type', title: 'most frequent' }],
        } },
    ],
  });
  view.addEventListener('click', (_, item) => {
    if (item?.datum?.name) go('events', { ...filters, place: item.datum.name });
  });
}
