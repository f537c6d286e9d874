// Building DOM nodes from data. Article text and actor names come from scraped news: they only ever reach
// the page as text nodes, never as HTML.

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const QUADS = {
  1: { name: 'verbal cooperation', color: '#6bb38e' },
  2: { name: 'material cooperation', color: '#2f7d5b' },
  3: { name: 'verbal conflict', color: '#e8a33d' },
  4: { name: 'material conflict', color: '#c8453a' },
};

export function number(value) {
  return value === null || value === undefined ? '–' : Number(value).toLocaleString('en');
}

// "1 event", "12 events".
export function count(value, word) {
  return `${number(value)} ${word}${value === 1 ? '' : 's'}`;
}

export function signed(value, digits = 1) {
  if (value === null || value === undefined) return '–';
  const text = Number(value).toFixed(digits);
  return value > 0 ? `+${text}` : text;
}

export function actorLabel(actor) {
  if (!actor) return '—';
  return actor.name || actor.text || actor.code || '—';
}

export function badge(text, kind) {
  return h('span', { class: `badge badge-${kind || text}` }, text);
}

export function card(title, ...children) {
  return h('section', { class: 'card' }, title ? h('h2', {}, title) : null, ...children);
}

export function errorBox(error) {
  const detail = error.detail ? JSON.stringify(error.detail) : '';
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, error.message || String(error)), detail ? h('code', {}, detail) : null);
}
