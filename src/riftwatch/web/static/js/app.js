// The dashboard's router: each page is a function that fills a container from the API. The page's state
// (filters, the chosen dyad, the page of results) lives in the URL hash, so every view can be linked to.
import { h, errorBox } from './dom.js';
import { summary } from './api.js';
import overview from './pages/overview.js';
import dyad from './pages/dyad.js';
import network from './pages/network.js';
import map from './pages/map.js';
import events from './pages/events.js';
import alerts from './pages/alerts.js';
import article from './pages/article.js';
import { route } from './router.js';

const PAGES = { overview, dyad, network, map, events, alerts, article };
let rendering = 0;

function librariesMissing() {
  const missing = ['vega', 'vegaLite', 'vegaEmbed', 'cytoscape'].filter((name) => !(name in window));
  if (!missing.length) return null;
  return h('div', { class: 'error', role: 'alert' },
    h('strong', {}, 'The dashboard\'s libraries are not installed.'),
    ` Run "npm ci --prefix src/riftwatch/web" and reload (missing: ${missing.join(', ')}).`);
}

async function render() {
  const current = route();
  const page = PAGES[current.name];
  const token = ++rendering;
  const main = document.getElementById('page');
  delete main.dataset.ready;
  for (const anchor of document.querySelectorAll('#nav a[data-page]')) {
    anchor.classList.toggle('active', anchor.dataset.page === current.name);
  }
  const container = h('div', { class: `page page-${current.name}` });
  main.replaceChildren(container);
  const missing = librariesMissing();
  if (missing) {
    container.append(missing);
  } else if (!page) {
    container.append(errorBox(new Error(`No page "${current.name}"`)));
  } else {
    try {
      await page(container, current);
    } catch (error) {
      if (token === rendering) container.append(errorBox(error));
    }
  }
  if (token === rendering) {
    main.dataset.rendered = String(token); // lets a test tell this page from the one before
    main.dataset.ready = current.name;
    document.title = `riftwatch · ${current.name}`;
  }
}

async function showStore() {
  try {
    const info = await summary();
    const name = info.store.split('/').pop();
    document.getElementById('store-name').textContent = `${name} · ${info.events.toLocaleString('en')} events`;
  } catch {
    // the page itself shows the error
  }
}

window.addEventListener('hashchange', render);
showStore();
render();
