// One article with every event read in it: the chosen event's evidence sentence is highlighted in the text,
// its trigger marked, and its attribution and certainty shown beside it.
import { h, card, actorLabel, badge, signed, QUADS } from '../dom.js';
import { getJSON } from '../api.js';
import { go } from '../router.js';

// Non-overlapping highlight ranges: the chosen event first, then the others in reading order.
function ranges(events, selected) {
  const chosen = [];
  const ordered = [selected, ...events.filter((e) => e !== selected)].filter(Boolean);
  for (const event of ordered) {
    const { start, end } = event.evidence;
    if (chosen.some((r) => start < r.end && r.start < end)) continue;
    chosen.push({ start, end, event, selected: event === selected });
  }
  return chosen.sort((a, b) => a.start - b.start);
}

// The trigger as a whole word ("hit", not the "hit" inside "white"), else its first occurrence.
function triggerAt(text, trigger) {
  const escaped = trigger.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const word = new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').exec(text);
  return word ? word.index + word[1].length : text.indexOf(trigger);
}

function sentenceNode(text, range) {
  const mark = h('mark', { class: range.selected ? 'evidence selected' : 'evidence', dataset: { eventId: range.event.id },
    title: `${range.event.type} · ${range.event.certainty}`, onclick: () => go('article', { event: range.event.id }, range.event.article_id) });
  const trigger = range.event.evidence.trigger;
  const at = range.selected && trigger ? triggerAt(text, trigger) : -1;
  if (at >= 0) mark.append(text.slice(0, at), h('strong', { class: 'trigger' }, text.slice(at, at + trigger.length)), text.slice(at + trigger.length));
  else mark.append(text);
  return mark;
}

function articleText(text, events, selected) {
  const body = h('div', { class: 'article-text', id: 'article-text' });
  let cursor = 0;
  for (const range of ranges(events, selected)) {
    body.append(text.slice(cursor, range.start), sentenceNode(text.slice(range.start, range.end), range));
    cursor = range.end;
  }
  body.append(text.slice(cursor));
  return body;
}

function row(label, ...value) {
  return [h('dt', {}, label), h('dd', {}, ...value)];
}

function details(event) {
  if (!event) return h('p', { class: 'muted' }, 'No event was read in this article.');
  const a = event.attribution;
  const said = a.speaker || a.via || a.anonymous
    ? [a.speaker || 'unnamed source', a.anonymous ? ' (anonymous)' : '', a.via ? ` via ${a.via}` : '']
    : ['the article itself'];
  return h('dl', { class: 'details', id: 'event-details' },
    row('Type', h('span', { class: 'type', style: `border-color:${QUADS[event.quad_class]?.color}` }, event.type),
      ` ${event.kind === 'stance' ? 'stance · ' : ''}CAMEO ${event.cameo} · quad ${event.quad_class} ${QUADS[event.quad_class]?.name || ''}`),
    row('Source', actorLabel(event.source), event.source?.code ? h('small', { class: 'code' }, event.source.code) : null,
      event.source?.implied ? h('small', { class: 'muted' }, ' implied') : null),
    row('Target', actorLabel(event.target), event.target?.code ? h('small', { class: 'code' }, event.target.code) : null,
      event.target?.implied ? h('small', { class: 'muted' }, ' implied') : null),
    row('Certainty', badge(event.certainty)),
    row('Attribution', h('span', { id: 'attribution' }, ...said)),
    row('Date', event.date ? `${event.date} (${event.date_precision})` : 'not stated'),
    row('Place', event.location ? `${event.location.name}${event.location.country ? `, ${event.location.country}` : ''} (${event.location.precision})` : 'not stated'),
    row('Goldstein', signed(event.goldstein)),
    event.mode ? row('Mode', event.mode) : null,
    event.acled ? row('ACLED', `${event.acled.event_type} / ${event.acled.sub_event_type}`) : null,
    event.background ? row('Background', 'mentioned as background') : null,
    [['dead', event.dead], ['injured', event.injured], ['size', event.size]].some(([, n]) => n !== null && n !== undefined)
      ? row('Numbers', [['dead', event.dead], ['injured', event.injured], ['size', event.size]].filter(([, n]) => n !== null && n !== undefined).map(([k, n]) => `${k} ${n}`).join(', '))
      : null,
    row('Trigger', h('q', {}, event.evidence.trigger)),
    row('Rule', h('code', {}, event.evidence.rule)),
    row('Confidence', Number(event.confidence).toFixed(2)));
}

export default async function article(container, { arg, params }) {
  const data = await getJSON(`/api/articles/${encodeURIComponent(arg || '')}`);
  const { article: doc, events } = data;
  const selected = events.find((e) => e.id === params.get('event')) || events[0] || null;
  const meta = [doc.date, doc.dateline, doc.source_name, doc.author].filter(Boolean).join(' · ');
  const list = h('ol', { class: 'event-list' }, events.map((event) => h('li', { class: event === selected ? 'current' : null },
    h('a', { href: `#/article/${encodeURIComponent(doc.id)}?event=${encodeURIComponent(event.id)}` },
      `${actorLabel(event.source)} ${event.type} ${actorLabel(event.target)}`), ' ', badge(event.certainty))));
  container.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/events', onclick: (e) => { if (history.length > 1) { e.preventDefault(); history.back(); } } }, '‹ Back')),
    h('h1', { class: 'article-title' }, doc.title || doc.source_id),
    h('p', { class: 'muted' }, meta, doc.url ? [' · ', h('a', { href: doc.url, rel: 'noopener noreferrer', target: '_blank' }, 'original')] : null),
    h('div', { class: 'grid wide-narrow' },
      card(null, articleText(doc.text, events, selected)),
      h('div', {}, card('The highlighted event', details(selected)), card(`All ${events.length} events in this article`, list))));
  container.querySelector('mark.selected')?.scrollIntoView({ block: 'center' });
}
