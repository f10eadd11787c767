// The anomaly review page. State lives in the URL (filters, page, selected anomaly), so a
// reload shows the same list. The API key stays in localStorage; decisions carry its name.
import {
  api, apiKey, boxesOn, cellsView, download, el, HttpError, linesView, pdfPageView, scrollWithin, setApiKey, show,
} from '/review/assets/common.js';

const PAGE = 100;
const CONTEXT = 3; // source lines shown around the cited ones
const TABLE_CONTEXT = 8; // table rows shown around the cited cells' rows
const FILTERS = ['rule', 'severity', 'document', 'review', 'q'];
const $ = (id) => document.getElementById(id);

const url = new URL(location.href);
const state = {
  filters: Object.fromEntries(FILTERS.map((k) => [k, url.searchParams.get(k) ?? ''])),
  offset: Number(url.searchParams.get('offset') ?? 0) || 0,
  selected: Number(url.searchParams.get('selected')) || null,
  items: [],
  total: 0,
  current: null, // the selected anomaly, with its history
};

const filterQuery = () => {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (state.filters[k]) q.set(k, state.filters[k]);
  return q;
};

function saveUrl() {
  const q = filterQuery();
  if (state.offset) q.set('offset', String(state.offset));
  if (state.selected) q.set('selected', String(state.selected));
  history.replaceState(null, '', `${location.pathname}${q.size ? `?${q}` : ''}`);
}

// ── the key: whose it is, shown beside it; a new key reloads the list ──
async function showWho() {
  if (!apiKey()) { $('who').textContent = ''; return; }
  try {
    const me = await api('/whoami');
    $('who').textContent = `${me.name} · ${me.role}`;
  } catch (e) {
    $('who').textContent = e instanceof HttpError && e.status === 401 ? 'unknown or revoked key' : e.message;
  }
}
$('key').value = apiKey();
$('key').addEventListener('change', () => {
  setApiKey($('key').value.trim());
  showWho();
  refresh().catch(failed);
});
showWho();

// ── filters and counts ──
const SELECTS = { rule: $('f-rule'), severity: $('f-severity'), document: $('f-document'), review: $('f-review') };

function fillSelect(select, options, value) {
  const first = select.options[0];
  select.replaceChildren(first, ...options.map((o) => el('option', { value: o.value }, o.label)));
  if (value && !options.some((o) => o.value === value)) select.append(el('option', { value }, `${value} · 0`));
  select.value = value;
}

async function loadCounts() {
  const c = await api(`/anomalies/counts?${filterQuery()}`);
  const rules = new Map();
  for (const r of c.rules) rules.set(r.rule, (rules.get(r.rule) ?? 0) + r.count);
  fillSelect(SELECTS.rule, [...rules].map(([rule, n]) => ({ value: rule, label: `${rule} · ${n}` })), state.filters.rule);
  fillSelect(SELECTS.severity, c.severities.map((s) => ({ value: s.severity, label: `${s.severity} · ${s.count}` })), state.filters.severity);
  fillSelect(SELECTS.document, c.documents.map((d) => ({ value: String(d.id), label: `${d.name} · ${d.count}` })), state.filters.document);
  const reviews = new Map(c.reviews.map((r) => [r.state, r.count]));
  fillSelect(SELECTS.review, ['unreviewed', 'confirmed', 'dismissed', 'corrected'].map((s) => ({ value: s, label: `${s} · ${reviews.get(s) ?? 0}` })), state.filters.review);
}

for (const [key, select] of Object.entries(SELECTS)) {
  select.addEventListener('change', () => {
    state.filters[key] = select.value;
    state.offset = 0;
    refresh();
  });
}
let typing;
$('f-q').value = state.filters.q;
$('f-q').addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(() => {
    state.filters.q = $('f-q').value.trim();
    state.offset = 0;
    refresh();
  }, 250);
});
$('prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); refresh(); });
$('next').addEventListener('click', () => { state.offset += PAGE; refresh(); });

// ── the list ──
const stateOf = (a) => a.review?.decision ?? 'unreviewed';
const badge = (cls, text) => el('span', { class: `badge ${cls}` }, text);

function row(a) {
  return el('tr', { dataset: { id: a.id, rule: a.rule, state: stateOf(a) }, onclick: () => select(a.id) },
    el('td', { class: 'doc', title: a.document }, a.document),
    el('td', {}, a.rule),
    el('td', {}, badge(`sev-${a.severity}`, a.severity)),
    el('td', { class: 'msg', title: a.message }, a.message),
    el('td', { class: 'state' }, badge(`state-${stateOf(a)}`, stateOf(a))));
}

async function loadList() {
  const q = filterQuery();
  q.set('limit', String(PAGE));
  q.set('offset', String(state.offset));
  const page = await api(`/anomalies?${q}`);
  state.items = page.items;
  state.total = page.total;
  $('anomalies').tBodies[0].replaceChildren(...page.items.map(row));
  $('summary').textContent = page.total
    ? `${page.offset + 1}–${page.offset + page.items.length} of ${page.total} anomalies`
    : 'no anomaly matches these filters';
  $('prev').disabled = state.offset === 0;
  $('next').disabled = !page.next;
  // the indicators of the document in view (rule, severity, review and q are anomaly filters)
  const exports = new URLSearchParams(state.filters.document ? { document: state.filters.document } : {});
  $('export-csv').href = `/export/indicators.csv${exports.size ? `?${exports}` : ''}`;
  $('export-xlsx').href = `/export/indicators.xlsx${exports.size ? `?${exports}` : ''}`;
}
// a plain link would go without the key
for (const id of ['export-csv', 'export-xlsx']) {
  $(id).addEventListener('click', (e) => {
    e.preventDefault();
    download($(id).getAttribute('href')).catch(failed);
  });
}

async function refresh() {
  saveUrl();
  await Promise.all([loadCounts(), loadList()]);
  const keep = state.items.find((a) => a.id === state.selected);
  if (keep) await select(keep.id);
  else if (state.items.length) await select(state.items[0].id);
  else {
    state.selected = null;
    state.current = null;
    $('detail').replaceChildren(el('p', { class: 'empty' }, 'Nothing to review here.'));
    saveUrl();
  }
  document.body.dataset.ready = 'true';
}

// ── one anomaly ──
let selecting = 0;
async function select(id) {
  const mine = ++selecting;
  state.selected = id;
  saveUrl();
  for (const tr of $('anomalies').tBodies[0].rows) tr.classList.toggle('selected', Number(tr.dataset.id) === id);
  const tr = $('anomalies').querySelector('tr.selected');
  const list = $('list');
  if (tr && (tr.offsetTop < list.scrollTop + 30 || tr.offsetTop + tr.offsetHeight > list.scrollTop + list.clientHeight)) scrollWithin(list, tr);
  const a = await api(`/anomalies/${id}`);
  if (mine !== selecting) return;
  state.current = a;
  renderDetail(a);
}

function renderDetail(a) {
  const reviewState = stateOf(a);
  const numeric = a.expected_num !== null && a.found_num !== null;
  const spans = a.evidence.filter((e) => e.line !== null);
  const reason = el('input', { id: 'reason', placeholder: 'reason (required to dismiss)' });
  const value = el('input', { id: 'corrected-value', placeholder: 'the right value' });
  reason.addEventListener('keydown', (e) => { if (e.key === 'Enter') decide('dismissed'); if (e.key === 'Escape') reason.blur(); });
  value.addEventListener('keydown', (e) => { if (e.key === 'Enter') decide('corrected'); if (e.key === 'Escape') value.blur(); });

  const where = [a.project && `project ${a.project}`, a.department, a.year, a.form !== null && `form ${a.form + 1}`,
    a.table_title && `table ${a.table_title}`, a.indicator && `indicator ${a.indicator}`].filter(Boolean).join(' · ');
  const source = el('div', { id: 'source' }, el('p', { class: 'note' }, spans.length ? 'loading the source…' : 'no source line is cited'));

  $('detail').replaceChildren(
    el('h2', {}, `#${a.id} ${a.rule}`, badge(`sev-${a.severity}`, a.severity), badge(`state-${reviewState}`, reviewState)),
    el('p', { class: 'message' }, a.message),
    el('table', { class: 'figures' },
      el('thead', {}, el('tr', {}, el('th', {}, 'expected'), el('th', {}, 'found'), numeric ? el('th', {}, 'difference') : null)),
      el('tbody', {}, el('tr', {},
        el('td', { class: 'num', id: 'expected' }, show(a.expected)),
        el('td', { class: 'num', id: 'found' }, show(a.found)),
        numeric ? el('td', { class: 'num' }, String(Math.round((a.found_num - a.expected_num) * 1e6) / 1e6)) : null))),
    el('p', { class: 'context' },
      el('a', { href: `/review/documents/${a.document_id}${spans[0] ? `#L${spans[0].line}` : ''}` }, a.document),
      where ? ` · ${where}` : ''),
    el('h3', {}, 'decision'),
    el('div', { class: 'decide' },
      el('button', { type: 'button', class: 'confirm', id: 'confirm', onclick: () => decide('confirmed') }, 'confirm (c)'),
      reason,
      el('button', { type: 'button', class: 'dismiss', id: 'dismiss', onclick: () => decide('dismissed') }, 'dismiss (d)'),
      value,
      el('button', { type: 'button', class: 'correct', id: 'correct', onclick: () => decide('corrected') }, 'correct (x)')),
    el('p', { class: 'problem', id: 'problem', role: 'alert' }),
    el('h3', {}, `history (${a.history.length})`),
    a.history.length
      ? el('ol', { id: 'history' }, a.history.map((r) => el('li', { dataset: { decision: r.decision } },
          badge(`state-${r.decision}`, r.decision), ` by ${r.reviewer}, ${new Date(r.created_at).toLocaleString()}`,
          r.reason ? ` — ${r.reason}` : '', r.corrected_value ? ` — right value: ${r.corrected_value}` : '')))
      : el('p', { class: 'note', id: 'history' }, 'not reviewed yet'),
    el('h3', {}, 'evidence'),
    el('table', { class: 'evidence' },
      el('thead', {}, el('tr', {}, el('th', {}, 'field'), el('th', {}, 'value'), el('th', {}, 'page'), el('th', {}, 'line'), el('th', {}, 'cell'))),
      el('tbody', {}, a.evidence.map((e) => el('tr', {},
        el('td', {}, e.field), el('td', { class: 'n' }, show(e.value)), el('td', {}, show(e.page)),
        el('td', {}, e.line === null ? '—' : e.line_end && e.line_end !== e.line ? `${e.line}–${e.line_end}` : e.line),
        el('td', {}, show(e.ref)))))),
    el('h3', {}, 'source'),
    source,
  );
  if (spans.length) loadSource(a, spans, source);
}

async function loadSource(a, spans, target) {
  const from = Math.max(1, Math.min(...spans.map((s) => s.line)) - CONTEXT);
  const to = Math.max(...spans.map((s) => s.line_end ?? s.line)) + CONTEXT;
  const pdf = a.media_type === 'application/pdf';
  // cells of a sheet or table (XLSX, CSV, DOCX, HTML): the tables holding them come with the lines
  const refs = new Set(spans.map((s) => s.ref).filter(Boolean));
  const query = `from=${from}&to=${to}${refs.size ? `&context_rows=${TABLE_CONTEXT}` : ''}`;
  // a PDF's highlight needs the cited lines' boxes: fetch those lines whatever the window
  const src = await api(`/documents/${a.document_id}/source?${query}`);
  if (state.current?.id !== a.id) return;
  const cited = new Set(spans.flatMap((s) => Array.from({ length: (s.line_end ?? s.line) - s.line + 1 }, (_, i) => s.line + i)));
  if (!src.available) {
    target.replaceChildren(el('p', { class: 'note' }, `source unavailable: ${src.reason}`));
    return;
  }
  const tables = (src.tables ?? []).filter((t) => t.rows.some((r) => r.cells.some((c) => refs.has(c.ref))));
  if (tables.length) {
    showCells(tables, refs, linesView(src.lines, cited), target);
    return;
  }
  const parts = [];
  if (refs.size) parts.push(el('p', { class: 'note' }, `the cited cells (${[...refs].join(', ')}) are in no table read from the file; its lines:`));
  if (pdf) {
    const pages = [...new Set(spans.map((s) => s.page).filter((p) => p))].sort((x, y) => x - y);
    const width = Math.min(900, target.clientWidth || 700);
    for (const p of pages) parts.push(el('p', { class: 'note' }, `page ${p}`), pdfPageView(a.document_id, p, boxesOn(p, spans, src.lines), width));
    parts.push(el('p', { class: 'note' }, 'the text lines read from the PDF:'));
  }
  parts.push(linesView(src.lines, cited));
  target.replaceChildren(...parts);
  scrollWithin(target.querySelector('.lines'), target.querySelector('.lines .cited'));
}

/** The tables holding the cited cells, each scrolled to its first cited cell; the text lines folded away below. */
function showCells(tables, refs, lines, target) {
  const views = tables.map((t) => cellsView(t, refs));
  const folded = el('details', { class: 'source-lines' }, el('summary', {}, 'the text lines read from the file'), lines);
  folded.addEventListener('toggle', () => scrollWithin(lines, lines.querySelector('.cited')));
  target.replaceChildren(...views, folded);
  for (const v of views) scrollWithin(v.querySelector('.grid'), v.querySelector('td.cited'), { x: true });
}

// ── decisions ──
async function decide(decision) {
  const a = state.current;
  if (!a) return;
  const problem = $('problem');
  const body = { decision };
  if (decision === 'dismissed') body.reason = $('reason').value.trim();
  if (decision === 'corrected') body.corrected_value = $('corrected-value').value.trim();
  if (decision === 'dismissed' && !body.reason) { problem.textContent = 'type the reason for dismissing, then Enter'; $('reason').focus(); return; }
  if (decision === 'corrected' && !body.corrected_value) { problem.textContent = 'type the right value, then Enter'; $('corrected-value').focus(); return; }
  try {
    const res = await api(`/anomalies/${a.id}/reviews`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const i = state.items.findIndex((x) => x.id === a.id);
    if (i >= 0) {
      state.items[i] = res.anomaly;
      $('anomalies').tBodies[0].rows[i].replaceWith(row(res.anomaly));
      $('anomalies').tBodies[0].rows[i].classList.add('selected');
    }
    state.current = res.anomaly;
    renderDetail(res.anomaly);
    loadCounts();
  } catch (e) {
    problem.textContent = e instanceof HttpError && e.status === 401 ? 'the API key is missing or wrong (key field)' : e.message;
  }
}

// ── keys ──
function move(step) {
  const i = state.items.findIndex((a) => a.id === state.selected);
  const next = state.items[Math.min(state.items.length - 1, Math.max(0, i + step))];
  if (next && next.id !== state.selected) select(next.id);
}

document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.target instanceof HTMLElement && e.target.closest('input, textarea, select')) return;
  const act = {
    j: () => move(1),
    k: () => move(-1),
    c: () => decide('confirmed'),
    d: () => ($('reason')?.value.trim() ? decide('dismissed') : $('reason')?.focus()),
    x: () => ($('corrected-value')?.value.trim() ? decide('corrected') : $('corrected-value')?.focus()),
  }[e.key];
  if (act) {
    e.preventDefault();
    act();
  }
});

function failed(e) {
  $('summary').textContent = e instanceof HttpError && e.status === 401
    ? 'enter your API key (key field) to load the anomalies'
    : `could not load: ${e.message}`;
  document.body.dataset.state = e instanceof HttpError ? e.code ?? 'error' : 'error';
}

refresh().catch(failed);
