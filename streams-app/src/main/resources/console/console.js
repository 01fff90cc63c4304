// The analyst console: one module, hash routes, every call to the app's own /api with the bearer token.
// No framework and no build step; the DOM is built with createElement so that no text from the data is parsed as HTML.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';

const BANDS = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const TYPES = ['SHOCK', 'ESCALATION', 'DE_ESCALATION', 'OTHER', 'PRICE_SPIKE', 'INVENTORY_DRAWDOWN', 'PRICE_FLOW_DIVERGENCE',
  'STOCKPILE_SQUEEZE', 'PRICE_FLOOR_BREACH', 'PRICE_CAP_BREACH', 'COUNTDOWN', 'TAKES_EFFECT', 'LAPSES'];
const FEED_LIMIT = 1000;
const EXPOSED_PAGE = 50;
const LONG_POLL_SECONDS = 25;
const TOKEN_KEY = 'supplyshock.token';

const view = document.getElementById('view');
let generation = 0;           // bumped on every navigation: a stale long poll or fetch stops drawing
let controller = new AbortController();
const feedFilters = { band: '', type: '', commodity: '', country: '', storyline: '' };

// ---------- DOM helpers ----------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k.startsWith('data-')) el.setAttribute(k, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const enc = encodeURIComponent;
const alertHref = id => '#/alert/' + enc(id);
const storylineHref = id => '#/storyline/' + enc(id);
const commodityHref = c => '#/commodity/' + enc(c);
const entityHref = e => '#/entity/' + enc(e);

function band(sev) {
  return h('span', { class: 'band band-' + String(sev || 'INFO').toLowerCase(), text: sev || '—' });
}

function when(iso) {
  if (!iso) return '';
  return String(iso).replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z');
}

function day(iso) {
  return iso ? String(iso).slice(0, 10) : '';
}

function status(text) {
  document.getElementById('status').textContent = text || '';
}

function loading() {
  document.body.dataset.loading = 'true';
  delete document.body.dataset.view;
}

function loaded(name) {
  document.body.dataset.view = name;
  delete document.body.dataset.loading;
}

// ---------- API ----------

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || ('HTTP ' + status));
    this.status = status;
    this.body = body;
  }
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

async function api(path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  const t = options.token !== undefined ? options.token : token();
  if (t) headers.Authorization = 'Bearer ' + t;
  const response = await fetch(path, { method: options.method || 'GET', headers, body: options.body, signal: options.signal || controller.signal });
  let body = null;
  const text = await response.text();
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = { error: text.slice(0, 300) };
  }
  if (response.status === 401 && options.token === undefined) {
    showLogin(body && body.error);
    throw new ApiError(401, body);
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function failed(name, error) {
  if (error.name === 'AbortError' || (error instanceof ApiError && error.status === 401)) return;
  view.replaceChildren(h('section', { class: 'card error', role: 'alert' },
    h('h1', { text: 'Could not load this page' }), h('p', { text: error.message }),
    h('p', {}, h('a', { href: '#/feed', text: 'Back to the feed' }))));
  loaded(name);
}

// ---------- login ----------

function showLogin(message) {
  document.getElementById('login-view').hidden = false;
  view.hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('login-error').textContent = message || '';
  loaded('login');
  document.getElementById('token').focus();
}

async function login(event) {
  event.preventDefault();
  const candidate = document.getElementById('token').value.trim();
  const error = document.getElementById('login-error');
  error.textContent = '';
  try {
    await api('/api/alerts?limit=1', { token: candidate });
  } catch (e) {
    error.textContent = e.status === 401 ? e.message : 'The app did not answer: ' + e.message;
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, candidate);
  document.getElementById('login-view').hidden = true;
  view.hidden = false;
  document.getElementById('logout').hidden = false;
  if (!location.hash || location.hash === '#' || location.hash === '#/login') location.hash = '#/feed';
  else route();
}

// ---------- router ----------

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const slash = path.indexOf('/');
  const name = slash < 0 ? path : path.slice(0, slash);
  const arg = slash < 0 ? '' : decodeURIComponent(path.slice(slash + 1));
  return { name: name || 'feed', arg, params: new URLSearchParams(query) };
}

function route() {
  if (sessionStorage.getItem(TOKEN_KEY) === null) {
    showLogin('');
    return;
  }
  document.getElementById('login-view').hidden = true;
  view.hidden = false;
  controller.abort();
  controller = new AbortController();
  const gen = ++generation;
  const { name, arg, params } = parseHash();
  loading();
  status('');
  view.replaceChildren(h('p', { class: 'muted', text: 'Loading…' }));
  const views = { feed: feedView, alert: alertView, storyline: storylineView, commodity: commodityView, entity: entityView, 'what-if': whatIfView };
  const render = views[name] || feedView;
  render(arg, params, gen).catch(e => failed(name, e)).finally(() => view.focus({ preventScroll: true }));
}

// ---------- feed ----------

function feedQuery() {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(feedFilters)) if (v) q.set(k, v);
  return q;
}

function alertRow(a) {
  return h('tr', { class: 'alert-row', 'data-alert-id': a.alertId, 'data-sequence': a.sequence, 'data-score': a.score, 'data-type': a.alertType },
    h('td', {}, band(a.severity)),
    h('td', { class: 'num score', text: a.score }),
    h('td', { text: a.alertType }),
    h('td', {}, h('a', { href: commodityHref(a.commodity), text: a.commodity })),
    h('td', { text: a.issuerCountry || '' }),
    h('td', { class: 'summary' }, h('a', { class: 'alert-link', href: alertHref(a.alertId), text: a.explanation ? a.explanation.summary : a.alertId })),
    h('td', { class: 'time' }, h('time', { datetime: a.eventTime, text: day(a.eventTime) })));
}

function alertTable(id, alerts) {
  return h('table', { id, class: 'alerts' },
    h('caption', { class: 'sr-only', text: 'Alerts, newest first' }),
    h('thead', {}, h('tr', {}, ['Band', 'Score', 'Type', 'Commodity', 'Issuer', 'Summary', 'Event time'].map(t => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, alerts.map(alertRow)));
}

function filterControl(key, label, options) {
  const id = 'filter-' + key;
  const control = options
    ? h('select', { id, name: key }, h('option', { value: '', text: 'any' }), options.map(o => h('option', { value: o, text: o, selected: feedFilters[key] === o })))
    : h('input', { id, name: key, type: 'search', value: feedFilters[key], placeholder: 'any', autocomplete: 'off' });
  return h('div', { class: 'field' }, h('label', { for: id, text: label }), control);
}

async function feedView(_arg, _params, gen) {
  const page = await api('/api/alerts?' + withLimit(feedQuery(), FEED_LIMIT));
  if (gen !== generation) return;
  const count = h('p', { id: 'feed-count', role: 'status' });
  const table = alertTable('feed', page.alerts);
  const tbody = table.tBodies[0];
  const describe = (listed, total, caughtUp) => {
    count.textContent = listed + (listed === 1 ? ' alert' : ' alerts')
      + (total > listed ? ' listed (newest ' + listed + ' of ' + total + ')' : '')
      + (caughtUp ? '' : ' · still reading the alerts topic');
  };
  describe(page.alerts.length, page.total, page.caughtUp);
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the feed' },
    filterControl('band', 'Band', BANDS), filterControl('type', 'Type', TYPES),
    filterControl('commodity', 'Commodity'), filterControl('country', 'Country'), filterControl('storyline', 'Storyline'),
    h('button', { type: 'submit', text: 'Apply' }));
  form.addEventListener('change', () => form.requestSubmit());
  form.addEventListener('submit', e => {
    e.preventDefault();
    for (const k of Object.keys(feedFilters)) feedFilters[k] = form.elements[k].value.trim();
    route();
  });
  view.replaceChildren(h('h1', { text: 'Alert feed' }), form, count,
    page.alerts.length ? table : h('div', {}, table, h('p', { class: 'muted', text: 'No alerts match yet; new ones appear here as they arrive.' })));
  loaded('feed');
  longPoll(page.latestSequence, gen, tbody, describe);
}

function withLimit(q, limit) {
  q.set('limit', limit);
  return q.toString();
}

async function longPoll(after, gen, tbody, describe) {
  let latest = after;
  while (gen === generation) {
    const q = feedQuery();
    q.set('after', latest);
    q.set('wait', LONG_POLL_SECONDS);
    let page;
    try {
      page = await api('/api/alerts?' + withLimit(q, FEED_LIMIT));
    } catch (e) {
      if (e.name === 'AbortError' || gen !== generation || e.status === 401) return;
      status('Feed interrupted (' + e.message + '); retrying');
      await new Promise(r => setTimeout(r, 5000));
      continue;
    }
    if (gen !== generation) return;
    status('');
    if (page.alerts.length) {
      const rows = page.alerts.map(a => {
        const old = tbody.querySelector('tr[data-alert-id="' + CSS.escape(a.alertId) + '"]');
        if (old) old.remove();
        const row = alertRow(a);
        row.classList.add('fresh');
        return row;
      });
      tbody.prepend(...rows);
      while (tbody.rows.length > FEED_LIMIT) tbody.lastElementChild.remove();
    }
    describe(tbody.rows.length, page.total, page.caughtUp);
    latest = Math.max(latest, page.latestSequence);
    if (!page.alerts.length) await new Promise(r => setTimeout(r, 1000)); // answered at once (busy): do not spin
  }
}

// ---------- alert ----------

function provenance(items) {
  return items.map(p => p.kind === 'baseline'
    ? h('span', { class: 'prov baseline', text: p.source + ', ' + p.year + (p.estimate ? ', estimate' : '') })
    : h('span', { class: 'prov event', title: p.implied ? 'the triggering event itself' : 'a news event joined into the state', text: 'event ' + p.eventId + (p.implied ? ' (trigger)' : '') }));
}

function inputsTable(id, inputs) {
  return h('table', { id, class: 'inputs' },
    h('caption', { text: 'Inputs of the score, in the order applied' }),
    h('thead', {}, h('tr', {}, ['Input', 'Value', 'Factor', 'Rule', 'Provenance'].map(t => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, inputs.map(i => h('tr', { class: 'input-row' },
      h('td', { class: 'input-name', text: i.name }),
      h('td', { class: 'input-value', text: i.value }),
      h('td', { class: 'input-factor num', text: typeof i.factor === 'number' ? i.factor.toFixed(2) : i.factor }),
      h('td', { class: 'input-rule', text: i.rule || i.note || '' }),
      h('td', { class: 'input-provenance' }, i.provenance ? provenance(i.provenance) : '')))));
}

function entityTable(id, entities) {
  return h('table', { id, class: 'entities' },
    h('thead', {}, h('tr', {}, ['Entity', 'Weight', 'Role', 'Supplying country'].map(t => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, entities.map(e => h('tr', { class: 'entity-row' + (e.named ? ' named' : '') },
      h('td', {}, e.entityId ? h('a', { class: 'entity-link', href: entityHref(e.entityId), text: e.entityName || e.entityId }) : e.entityName),
      h('td', { class: 'num', text: typeof e.weight === 'number' ? e.weight.toFixed(2) : '' }),
      h('td', { text: e.role || '' }),
      h('td', { text: e.country || 'any' })))));
}

function miniAlertLink(a, label) {
  if (a.inFeed === false) return h('span', { class: 'muted', text: a.alertId + ' (no longer in the feed)' });
  return h('a', { href: alertHref(a.alertId) }, (label ? label + ': ' : ''), band(a.severity), ' ', a.alertType + ' · ' + a.commodity + ' · ' + day(a.eventTime));
}

async function alertView(id, _params, gen) {
  const d = await api('/api/alerts/' + enc(id));
  if (gen !== generation) return;
  const a = d.alert;
  const related = [];
  if (d.supersedes) related.push(h('li', {}, miniAlertLink(d.supersedes, 'supersedes')));
  else if (a.supersedesAlertId) related.push(h('li', {}, miniAlertLink({ alertId: a.supersedesAlertId, inFeed: false }, 'supersedes')));
  d.related.forEach(r => related.push(h('li', {}, miniAlertLink(r))));
  const exposedAll = h('a', { id: 'alert-exposed-all', href: commodityHref(a.commodity), text: 'All ' + d.exposed.total + ' exposed entities of ' + a.commodity });
  view.replaceChildren(h('section', { id: 'alert', 'aria-labelledby': 'alert-title' },
    h('p', { class: 'crumbs' }, h('a', { href: '#/feed', text: 'Feed' }), ' › alert'),
    h('h1', { id: 'alert-title' }, a.alertType + ' · ', h('a', { href: commodityHref(a.commodity), text: a.commodity }), a.issuerCountry ? ' · ' + a.issuerCountry : ''),
    h('div', { class: 'headline' },
      h('span', { id: 'alert-band' }, band(a.severity)),
      h('span', { class: 'score' }, 'score ', h('strong', { id: 'alert-score', text: a.score }), ' / 100'),
      a.previousSeverity ? h('span', { class: 'muted', text: 'was ' + a.previousSeverity }) : null),
    h('p', { id: 'alert-summary', class: 'lead', text: d.summary }),
    h('figure', { class: 'quote' },
      h('blockquote', { id: 'alert-quote', text: d.quote || '(no quote)' }),
      h('figcaption', { text: d.sourceSummary || '' })),
    h('dl', { class: 'facts' },
      h('dt', { text: 'Instrument' }), h('dd', { text: a.instrument + (a.action ? ' · ' + a.action : '') }),
      h('dt', { text: 'Countries' }), h('dd', { text: (a.countries || []).join(', ') || '—' }),
      h('dt', { text: 'Event time' }), h('dd', { text: when(a.eventTime) }),
      h('dt', { text: 'Detected' }), h('dd', { text: when(a.detectedAt) }),
      h('dt', { text: 'Storyline' }), h('dd', {}, a.storylineId
        ? h('a', { id: 'alert-storyline', href: storylineHref(a.storylineId), text: a.storylineId + (a.storylineSequence ? ' (#' + a.storylineSequence + ')' : '') })
        : h('span', { id: 'alert-storyline', text: 'none (market signal)' })),
      h('dt', { text: 'Source events' }), h('dd', { text: (d.sourceEventIds || []).join(', ') }),
      h('dt', { text: 'Situation' }), h('dd', { class: 'mono', text: a.dedupKey })),
    h('h2', { text: 'Evidence' }),
    inputsTable('alert-inputs', d.inputs),
    h('h2', { text: 'Exposed entities' }),
    d.exposed.note ? h('p', { class: 'muted', text: d.exposed.note }) : null,
    entityTable('alert-exposed', d.exposed.entities),
    h('p', {}, exposedAll),
    h('h2', { text: 'Related alerts' }),
    h('ul', { id: 'alert-related', class: 'related' }, related.length ? related : h('li', { class: 'muted', text: 'none' })),
    h('p', {}, h('a', { id: 'alert-whatif', class: 'button', href: '#/what-if?from=' + enc(a.alertId), text: 'What if this became a ban on every destination?' }))));
  loaded('alert');
}

// ---------- storyline ----------

function bandChart(alerts) {
  const w = 600, hgt = 120, pad = 24;
  const times = alerts.map(a => Date.parse(a.eventTime));
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const x = t => pad + (t1 === t0 ? (w - 2 * pad) / 2 : (t - t0) / (t1 - t0) * (w - 2 * pad));
  const y = sev => hgt - pad - BANDS.indexOf(sev) * ((hgt - 2 * pad) / (BANDS.length - 1));
  const svg = s('svg', { viewBox: `0 0 ${w} ${hgt}`, class: 'bandchart', role: 'img', 'aria-label': 'Band of each alert over time' });
  BANDS.forEach(b => svg.append(s('text', { x: 2, y: y(b) + 4, class: 'axis' }, b[0])));
  svg.append(s('polyline', { points: alerts.map((a, i) => x(times[i]) + ',' + y(a.severity)).join(' '), class: 'line' }));
  alerts.forEach((a, i) => svg.append(s('circle', { cx: x(times[i]), cy: y(a.severity), r: 4, class: 'dot band-' + a.severity.toLowerCase() },
    s('title', {}, a.alertType + ' ' + a.severity + ' ' + day(a.eventTime)))));
  return svg;
}

async function storylineView(id, _params, gen) {
  const d = await api('/api/storylines/' + enc(id));
  if (gen !== generation) return;
  const alerts = d.alerts;
  const story = d.storyline;
  view.replaceChildren(h('section', { id: 'storyline', 'aria-labelledby': 'storyline-title' },
    h('p', { class: 'crumbs' }, h('a', { href: '#/feed', text: 'Feed' }), ' › storyline'),
    h('h1', { id: 'storyline-title', text: id }),
    h('p', { class: 'muted', text: (story ? story.alertCount + ' alerts in all on ' + story.commodities.join(', ') : 'storyline record not read yet')
      + '; ' + alerts.length + ' in the feed, oldest first' }),
    alerts.length ? bandChart(alerts) : null,
    h('ol', { class: 'timeline' }, alerts.map(a => h('li', { class: 'timeline-item type-' + a.alertType.toLowerCase(), 'data-alert-id': a.alertId },
      h('time', { datetime: a.eventTime, text: day(a.eventTime) }), ' ',
      h('span', { class: 'type', text: a.alertType }), ' ', band(a.severity), ' ',
      h('a', { href: alertHref(a.alertId), text: a.commodity + ' · score ' + a.score + ' · ' + (a.explanation ? a.explanation.summary : '') }))))));
  loaded('storyline');
}

// ---------- commodity ----------

function sharesChart(shares) {
  // Every share gets its bar (a commodity has a few dozen at most: countries times stages).
  const rows = shares.slice().sort((a, b) => a.stage.localeCompare(b.stage) || b.sharePct - a.sharePct);
  const bar = 18, labelW = 190, w = 640;
  const svg = s('svg', { viewBox: `0 0 ${w} ${Math.max(1, rows.length) * (bar + 4) + 4}`, class: 'shares', role: 'img', 'aria-label': 'Supply shares by country and stage' });
  rows.forEach((r, i) => {
    const yy = 4 + i * (bar + 4);
    svg.append(s('text', { x: 0, y: yy + 13, class: 'label' }, r.stage + ' · ' + r.country));
    svg.append(s('rect', { x: labelW, y: yy, width: Math.max(1, (w - labelW - 60) * Math.min(100, r.sharePct) / 100), height: bar, class: 'bar stage-' + r.stage.toLowerCase() },
      s('title', {}, r.country + ' ' + r.stage + ' ' + r.sharePct + '% (' + (r.source || 'unknown source') + (r.asOf ? ', as of ' + day(r.asOf) : '') + ')')));
    svg.append(s('text', { x: w - 55, y: yy + 13, class: 'value' }, Math.round(r.sharePct * 10) / 10 + '%'));
  });
  return svg;
}

function observationCharts(container, observations) {
  const groups = new Map();
  for (const o of observations) {
    if (typeof o.value !== 'number' || !o.observedAt) continue;
    const key = o.metric + (o.unit ? ' (' + o.unit + ')' : '');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(o);
  }
  if (!groups.size) {
    container.append(h('p', { class: 'muted', text: 'No observations with a value for this commodity.' }));
    return;
  }
  const width = Math.min(640, Math.max(280, container.clientWidth || 640));
  [...groups.entries()].slice(0, 4).forEach(([key, points]) => {
    points.sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt));
    const holder = h('div', { class: 'chart' });
    container.append(holder);
    new uPlot({ title: key, width, height: 180, series: [{}, { label: key, stroke: '#1f5fa8', width: 2, points: { show: true, size: 6 } }],
      axes: [{}, { size: 60 }], scales: { x: { time: true } } },
    [points.map(p => Date.parse(p.observedAt) / 1000), points.map(p => p.value)], holder);
  });
}

async function commodityView(commodity, params, gen) {
  const offset = Math.max(0, parseInt(params.get('offset') || '0', 10) || 0);
  const [state, exposed, alerts] = await Promise.all([
    api('/api/commodities/' + enc(commodity)).catch(e => ({ missing: e.message })),
    api('/api/exposed/' + enc(commodity) + '?offset=' + offset + '&limit=' + EXPOSED_PAGE).catch(e => ({ missing: e.message, total: 0, profiles: [] })),
    api('/api/alerts?commodity=' + enc(commodity) + '&limit=20')]);
  if (gen !== generation) return;
  const shares = state.supplyShares || [];
  const measures = (state.measures || []).filter(m => !m.endedOn);
  const observations = h('div', { id: 'commodity-observations' });
  const pager = [];
  if (offset > 0) pager.push(h('a', { href: commodityHref(commodity) + '?offset=' + Math.max(0, offset - EXPOSED_PAGE), text: '‹ previous' }));
  if (offset + EXPOSED_PAGE < exposed.total) pager.push(h('a', { href: commodityHref(commodity) + '?offset=' + (offset + EXPOSED_PAGE), text: 'next ›' }));
  view.replaceChildren(h('section', { id: 'commodity', 'aria-labelledby': 'commodity-title' },
    h('p', { class: 'crumbs' }, h('a', { href: '#/feed', text: 'Feed' }), ' › commodity'),
    h('h1', { id: 'commodity-title', text: commodity }),
    state.missing ? h('p', { class: 'muted', text: state.missing }) : null,
    h('h2', { text: 'Supply shares by country and stage' }),
    h('div', { id: 'commodity-shares' }, shares.length ? sharesChart(shares) : h('p', { class: 'muted', text: 'No supply shares known.' })),
    h('h2', { text: 'Measures in force' }),
    h('table', { id: 'commodity-measures' },
      h('thead', {}, h('tr', {}, ['Event', 'Instrument', 'Action', 'Issuer', 'Targets', 'Effective', 'Expires'].map(t => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, measures.length ? measures.map(m => h('tr', {},
        h('td', { text: m.eventId }), h('td', { text: m.instrument }), h('td', { text: m.action }), h('td', { text: m.issuerCountry || '' }),
        h('td', { text: (m.targetCountries || []).join(', ') || 'all' }), h('td', { text: day(m.effectiveOn) }), h('td', { text: day(m.expiresOn) })))
        : h('tr', {}, h('td', { colspan: 7, class: 'muted', text: 'none' })))),
    h('h2', { text: 'Recent observations' }),
    observations,
    h('h2', { text: 'Exposed entities (' + exposed.total + ')' }),
    entityTable('commodity-exposed', (exposed.profiles || []).map(p => ({ ...p }))),
    h('p', { class: 'pager' }, pager),
    h('h2', { text: 'Latest alerts' }),
    alertTable('commodity-alerts', alerts.alerts)));
  observationCharts(observations, state.observations || []);
  loaded('commodity');
}

// ---------- entity ----------

async function entityView(entity, _params, gen) {
  const d = await api('/api/entities/' + enc(entity) + '/alerts');
  if (gen !== generation) return;
  view.replaceChildren(h('section', { id: 'entity', 'aria-labelledby': 'entity-title' },
    h('p', { class: 'crumbs' }, h('a', { href: '#/feed', text: 'Feed' }), ' › entity'),
    h('h1', { id: 'entity-title', text: (d.entityName || entity) + ' · exposure ' + d.maxShockScore }),
    h('h2', { text: 'Exposure rows' }),
    h('table', { class: 'rows' },
      h('thead', {}, h('tr', {}, ['Commodity', 'Supplying country', 'Weight', 'Role', 'Commodity shock', 'Exposure'].map(t => h('th', { scope: 'col', text: t })))),
      h('tbody', { id: 'entity-rows' }, d.rows.map(r => h('tr', {},
        h('td', {}, h('a', { href: commodityHref(r.commodity), text: r.commodity })), h('td', { text: r.country || 'any' }),
        h('td', { class: 'num', text: r.weight.toFixed(2) }), h('td', { text: r.role }),
        h('td', { class: 'num', text: r.commodityShockScore }), h('td', { class: 'num', text: r.shockScore }))))),
    h('h2', { text: 'Alerts that reach it (' + d.total + ')' }),
    alertTable('entity-alerts', d.alerts)));
  loaded('entity');
}

// ---------- what-if ----------

function hypotheticalBan(a) {
  const date = day(a.eventTime);
  const source = (a.explanation && a.explanation.sourceEventIds && a.explanation.sourceEventIds[0]) || a.alertId;
  return {
    id: 'whatif-' + source + '-ban', kind: 'policy', subtype: 'export_ban', issuer_country: a.issuerCountry, target_country: null,
    commodity: a.commodity, value: null, unit: null, effective_date: date, announced_date: date, group: null,
    entities: [], quote: null,
    english: 'What if ' + (a.issuerCountry || 'the issuer') + ' banned all exports of ' + a.commodity + ' (from ' + source + ', ' + a.instrument + ')?',
  };
}

function parseEvents(text) {
  const trimmed = text.trim();
  if (!trimmed) throw [{ line: 1, field: '', message: 'give at least one event, one JSON object per line' }];
  if (trimmed.startsWith('[')) return JSON.parse(trimmed);
  if (/^\{\s*"events"\s*:/.test(trimmed)) return JSON.parse(trimmed).events;
  const events = [];
  const errors = [];
  trimmed.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      events.push(JSON.parse(line));
    } catch (e) {
      errors.push({ line: i + 1, field: '', message: 'not JSON: ' + e.message });
    }
  });
  if (errors.length) throw errors;
  return events;
}

function fieldErrors(list) {
  return h('ul', {}, list.map(f => h('li', { text: 'line ' + f.line + (f.field ? ', field ' + f.field : '') + ': ' + f.message })));
}

function whatIfResult(r) {
  const alert = r.alert;
  const shock = (r.shocks && r.shocks[0]) || {};
  const score = alert ? alert.score : shock.score;
  const sev = alert ? alert.severity : shock.severity;
  const inputs = alert ? alert.explanation.inputs : (shock.explanation ? shock.explanation.inputs : []);
  const exposure = r.exposure || { count: 0, top: [] };
  return h('article', { class: 'whatif-item card' },
    h('h3', { text: (r.eventId || '') + ' · ' + (r.commodity || '') }),
    h('p', { class: 'headline' }, h('span', { class: 'whatif-band' }, band(sev)), ' score ',
      h('strong', { class: 'whatif-score', text: score === undefined || score === null ? '—' : score }),
      alert ? ' · would raise ' + alert.alertType : ' · no alert'),
    h('p', { class: 'whatif-reason', text: r.reason || '' }),
    (alert && alert.explanation) ? h('p', { text: alert.explanation.summary }) : null,
    inputs && inputs.length ? inputsTable(null, inputs) : null,
    h('p', { text: 'Exposure rows it would change: ' + exposure.count }),
    exposure.top && exposure.top.length ? h('ul', {}, exposure.top.map(e => h('li', {},
      h('a', { href: entityHref(e.entityId), text: e.name || e.entityName || e.entityId }), e.weight !== undefined ? ' · weight ' + e.weight : ''))) : null);
}

async function whatIfView(_arg, params, gen) {
  const input = h('textarea', { id: 'whatif-input', rows: 10, spellcheck: 'false', 'aria-describedby': 'whatif-help' });
  const errors = h('div', { id: 'whatif-errors', role: 'alert' });
  const result = h('div', { id: 'whatif-result', 'aria-live': 'polite' });
  const run = h('button', { id: 'whatif-run', type: 'submit', text: 'Score it' });
  const from = params.get('from');
  if (from) {
    const d = await api('/api/alerts/' + enc(from));
    if (gen !== generation) return;
    input.value = JSON.stringify(hypotheticalBan(d.alert));
  }
  const form = h('form', { class: 'whatif' },
    h('label', { for: 'whatif-input', text: 'Hypothetical events, one JSON object per line (the publisher\'s format)' }),
    h('p', { id: 'whatif-help', class: 'hint', text: 'Scored against the current state with the production scorer; nothing is published and no state changes.' }),
    input, run);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    errors.replaceChildren();
    result.replaceChildren();
    let events;
    try {
      events = parseEvents(input.value);
    } catch (list) {
      errors.append(fieldErrors(Array.isArray(list) ? list : [{ line: 1, field: '', message: String(list.message || list) }]));
      return;
    }
    run.disabled = true;
    loading();
    try {
      const answer = await api('/api/what-if', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ events }) });
      result.append(...answer.results.map(whatIfResult));
    } catch (err) {
      if (err.name === 'AbortError') return;
      errors.append(h('p', { text: err.message }));
      if (err.body && err.body.fields) errors.append(fieldErrors(err.body.fields));
    } finally {
      run.disabled = false;
      loaded('what-if');
    }
  });
  view.replaceChildren(h('section', { id: 'whatif', 'aria-labelledby': 'whatif-title' },
    h('h1', { id: 'whatif-title', text: 'What if…' }),
    from ? h('p', {}, 'Prefilled from ', h('a', { href: alertHref(from), text: 'an alert' }), ': the same issuer and commodity, as an export ban on every destination.') : null,
    form, errors, result));
  loaded('what-if');
}

// ---------- start ----------

document.getElementById('login-form').addEventListener('submit', login);
document.getElementById('logout').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  controller.abort();
  generation++;
  showLogin('');
});
window.addEventListener('hashchange', route);
// The bare address always asks for the token (a bookmark of a view goes straight there when this tab has one).
const bare = !location.hash || location.hash === '#' || location.hash === '#/login';
if (!bare && sessionStorage.getItem(TOKEN_KEY) !== null) {
  document.getElementById('logout').hidden = false;
  route();
} else {
  showLogin('');
}
