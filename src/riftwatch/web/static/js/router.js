// Where the dashboard is: the page, its argument and its parameters, all in the URL hash.

export function route() {
  const raw = window.location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const [name, ...rest] = path.split('/');
  return { name: name || 'overview', arg: rest.length ? decodeURIComponent(rest.join('/')) : null, params: new URLSearchParams(query) };
}

export function link(name, params = {}, arg = null) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((item) => query.append(key, item));
    else query.set(key, value);
  }
  const text = query.toString();
  return `#/${name}${arg ? `/${encodeURIComponent(arg)}` : ''}${text ? `?${text}` : ''}`;
}

export function go(name, params = {}, arg = null) {
  window.location.hash = link(name, params, arg);
}
