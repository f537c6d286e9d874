// The dashboard's only way to the data: the riftwatch JSON API on the same origin.

export class ApiError extends Error {
  constructor(status, error, detail) {
    super(`${status} ${error}`);
    this.status = status;
    this.detail = detail;
  }
}

export function apiUrl(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((item) => url.searchParams.append(key, item));
    else url.searchParams.set(key, value);
  }
  return url;
}

export async function getJSON(path, params = {}) {
  const response = await fetch(apiUrl(path, params));
  let body;
  try {
    body = await response.json();
  } catch {
    body = { error: response.statusText, detail: null };
  }
  if (!response.ok) throw new ApiError(response.status, body.error, body.detail);
  return body;
}

let facetsPromise = null;
export function facets() {
  facetsPromise = facetsPromise || getJSON('/api/facets');
  return facetsPromise;
}

let summaryPromise = null;
export function summary() {
  summaryPromise = summaryPromise || getJSON('/api/summary');
  return summaryPromise;
}
