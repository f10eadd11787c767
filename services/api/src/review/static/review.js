// The review desk: the list · the finding · its source, side by side. State lives in the URL
// (filters, page, selected anomaly), so a reload or a link shows the same anomaly, whatever
// page of the list it is on. The API key stays in localStorage; decisions carry its name.
import {
  api, apiKey, boxesOn, cellsView, download, el, foldedLines, HttpError, imagePageView, kindBadge, lineSpan, linesView, pdfPageView,
  scrollWithin, setApiKey, show,
} from '/review/assets/common.js';
import { kindOf, lang, t, translatePage } from '/review/assets/i18n.js';
import { evidenceLabel } from '/review/assets/labels.js';

const PAGES = [25, 50, 100, 200];
const CONTEXT = 3; // source lines shown around the cited ones
const TABLE_CONTEXT = 8; // table rows shown around the cited cells' rows
const FILTERS = ['rule', 'severity', 'document', 'review', 'q'];
const STATES = ['unreviewed', 'confirmed', 'dismissed', 'corrected'];
const $ = (id) => document.getElementById(id);
translatePage();

const url = new URL(location.href);
const state = {
  filters: Object.fromEntries(FILTERS.map((k) => [k, url.searchParams.get(k) ?? ''])),
  offset: Number(url.searchParams.get('offset') ?? 0) || 0,
  /** rows a page (?limit=, one of PAGES; else 100) */
  limit: PAGES.includes(Number(url.searchParams.get('limit'))) ? Number(url.searchParams.get('limit')) : 100,
  selected: Number(url.searchParams.get('selected')) || null,
  /** A linked anomaly not on the page the URL names: find its page once, at load. */
  linked: Number(url.searchParams.get('selected')) || null,
  items: [],
  total: 0,
  current: null, // the selected anomaly, with its history
  checked: new Set(), // ids ticked for a decision on all of them
};

const filterQuery = () => {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (state.filters[k]) q.set(k, state.filters[k]);
  return q;
};

function saveUrl() {
  const q = filterQuery();
  if (state.offset) q.set('offset', String(state.offset));
  if (state.limit !== 100) q.set('limit', String(state.limit));
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
    $('who').textContent = e instanceof HttpError && e.status === 401 ? t('badKey') : e.message;
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
  fillSelect(SELECTS.severity, c.severities.map((s) => ({ value: s.severity, label: `${t(s.severity)} · ${s.count}` })), state.filters.severity);
  fillSelect(SELECTS.document, c.documents.map((d) => ({ value: String(d.id), label: `${d.name} · ${d.count}` })), state.filters.document);
  const reviews = new Map(c.reviews.map((r) => [r.state, r.count]));
  fillSelect(SELECTS.review, STATES.map((s) => ({ value: s, label: `${t(s)} · ${reviews.get(s) ?? 0}` })), state.filters.review);
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
$('prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - state.limit); refresh(); });
$('next').addEventListener('click', () => { state.offset += state.limit; refresh(); });

// ── the list ──
const stateOf = (a) => a.review?.decision ?? 'unreviewed';
const badge = (cls, text) => el('span', { class: `badge ${cls}` }, text);

function row(a) {
  const box = el('input', { type: 'checkbox', class: 'check', 'aria-label': `#${a.id}` });
  box.checked = state.checked.has(a.id);
  box.addEventListener('click', (e) => e.stopPropagation());
  box.addEventListener('change', () => { if (box.checked) state.checked.add(a.id); else state.checked.delete(a.id); showBulk(); });
  return el('tr', { dataset: { id: a.id, rule: a.rule, state: stateOf(a) }, onclick: () => select(a.id) },
    el('td', { class: 'sel' }, box),
    el('td', { class: 'msg', title: a.message },
      el('div', { class: 'tags' }, el('b', {}, a.rule), badge(`sev-${a.severity}`, t(a.severity))),
      el('div', { class: 'text' }, a.message),
      el('div', { class: 'doc' }, kindBadge(a.media_type, a.document), ' ', a.document)),
    el('td', { class: 'state' }, badge(`state-${stateOf(a)}`, t(stateOf(a)))));
}

async function loadList() {
  const q = filterQuery();
  q.set('limit', String(state.limit));
  q.set('offset', String(state.offset));
  const page = await api(`/anomalies?${q}`);
  state.items = page.items;
  state.total = page.total;
  $('anomalies').tBodies[0].replaceChildren(...page.items.map(row));
  $('summary').textContent = page.total ? t('rangeOf', page.offset + 1, page.offset + page.items.length, page.total) : t('noMatch');
  $('prev').disabled = state.offset === 0;
  $('next').disabled = !page.next;
  $('check-all').checked = page.items.length > 0 && page.items.every((a) => state.checked.has(a.id));
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
  await loadCounts();
  // a link to an anomaly: open the page of the list it is on
  if (state.linked) {
    const { place } = await api(`/desk/anomalies/${state.linked}/place?${filterQuery()}`);
    if (place !== null) state.offset = Math.floor(place / state.limit) * state.limit;
  }
  await loadList();
  const linked = state.linked;
  state.linked = null;
  const keep = state.items.find((a) => a.id === state.selected);
  if (keep || linked) await select(state.selected); // a linked anomaly the filters leave out still shows
  else if (state.items.length) await select(state.items[0].id);
  else {
    state.selected = null;
    state.current = null;
    $('detail').replaceChildren(el('p', { class: 'empty' }, t('nothing')));
    $('source-head').replaceChildren();
    $('source').replaceChildren();
    saveUrl();
  }
  showBulk();
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
  renderDetail(a, await reconstruction(a.document_id).catch(() => null));
}

// the forms and tables of a document, for the evidence's words (one fetch per document)
const reconstructions = new Map();
function reconstruction(documentId) {
  if (!reconstructions.has(documentId)) reconstructions.set(documentId, api(`/documents/${documentId}/reconstruction`));
  return reconstructions.get(documentId);
}

function renderDetail(a, rec) {
  if (state.current?.id !== a.id) return;
  const reviewState = stateOf(a);
  const numeric = a.expected_num !== null && a.found_num !== null;
  const reason = el('input', { id: 'reason', placeholder: t('reasonHint') });
  const value = el('input', { id: 'corrected-value', placeholder: t('valueHint') });
  reason.addEventListener('keydown', (e) => { if (e.key === 'Enter') decide('dismissed'); if (e.key === 'Escape') reason.blur(); });
  value.addEventListener('keydown', (e) => { if (e.key === 'Enter') decide('corrected'); if (e.key === 'Escape') value.blur(); });
  const form = rec?.forms.find((f) => f.id === a.form_id);
  const cells = a.evidence.some((e) => e.ref); // a sheet's or table's cells: their refs get a column
  const where = [a.project && `${t('project')} ${a.project}`, a.department, a.year, a.form !== null && t('form', a.form),
    a.table_title && `${t('table')} ${a.table_title}`, a.indicator && `${t('indicator')} ${a.indicator}`].filter(Boolean).join(' · ');

  $('detail').replaceChildren(
    el('h2', {}, `#${a.id} ${a.rule}`, badge(`sev-${a.severity}`, t(a.severity)), badge(`state-${reviewState}`, t(reviewState))),
    el('p', { class: 'message' }, a.message),
    el('table', { class: 'figures' },
      el('thead', {}, el('tr', {}, el('th', {}, t('expected')), el('th', {}, t('found')), numeric ? el('th', {}, t('difference')) : null)),
      el('tbody', {}, el('tr', {},
        el('td', { class: 'num', id: 'expected' }, show(a.expected)),
        el('td', { class: 'num', id: 'found' }, show(a.found)),
        numeric ? el('td', { class: 'num' }, String(Math.round((a.found_num - a.expected_num) * 1e6) / 1e6)) : null))),
    where ? el('p', { class: 'context' }, where) : null,
    el('div', { class: 'decide' },
      el('button', { type: 'button', class: 'confirm', id: 'confirm', onclick: () => decide('confirmed') }, t('confirm')),
      el('span', { class: 'pair' }, reason,
        el('button', { type: 'button', class: 'dismiss', id: 'dismiss', onclick: () => decide('dismissed') }, t('dismiss'))),
      el('span', { class: 'pair' }, value,
        el('button', { type: 'button', class: 'correct', id: 'correct', onclick: () => decide('corrected') }, t('correct')))),
    el('p', { class: 'problem', id: 'problem', role: 'alert' }),
    el('h3', {}, t('evidence')),
    el('table', { class: 'evidence' },
      el('thead', {}, el('tr', {}, el('th', {}, t('field')), el('th', {}, t('value')), el('th', {}, t('page')), el('th', {}, t('line')), cells ? el('th', {}, t('cell')) : null)),
      el('tbody', {}, a.evidence.map((e, k) => {
        const [at, field] = evidenceLabel(e.field, { form, tables: rec?.tables }, lang());
        const placed = e.line !== null || e.ref || e.bbox;
        return el('tr', { dataset: { ev: k, path: e.field }, class: placed ? 'placed' : null, title: e.field, onclick: placed ? () => jump(k) : null },
          el('td', { class: 'label' }, at ? `${at} · ${field}` : field), el('td', { class: 'n' }, show(e.value)), el('td', {}, show(e.page)),
          el('td', {}, lineSpan(e)), cells ? el('td', {}, show(e.ref)) : null);
      }))),
    el('h3', {}, t('history', a.history.length)),
    a.history.length
      ? el('ol', { id: 'history' }, a.history.map((r) => el('li', { dataset: { decision: r.decision } },
          badge(`state-${r.decision}`, t(r.decision)), ` ${t('by', r.reviewer, new Date(r.created_at).toLocaleString())}`,
          r.reason ? ` — ${r.reason}` : '', r.corrected_value ? ` — ${t('rightValue')}: ${r.corrected_value}` : '')))
      : el('p', { class: 'note', id: 'history' }, t('notReviewed')),
  );
  showSource(a);
}

// ── the source, beside the finding ──
async function showSource(a) {
  const spans = a.evidence.filter((e) => e.line !== null);
  $('source-head').replaceChildren(
    el('a', { href: `/review/documents/${a.document_id}${spans[0] ? `#L${spans[0].line}` : ''}`, class: 'docname' }, kindBadge(a.media_type, a.document), ' ', a.document));
  const target = $('source');
  if (!spans.length) {
    target.replaceChildren(el('p', { class: 'note' }, t('noSourceLine')));
    target.dataset.ready = 'true';
    return;
  }
  target.dataset.ready = 'false';
  target.replaceChildren(el('p', { class: 'note' }, t('loadingSource')));
  const from = Math.max(1, Math.min(...spans.map((s) => s.line)) - CONTEXT);
  const to = Math.max(...spans.map((s) => s.line_end ?? s.line)) + CONTEXT;
  const kind = kindOf(a.media_type, a.document);
  // cells of a sheet or table (XLSX, CSV, DOCX, HTML): the tables holding them come with the lines
  const refs = new Set(spans.map((s) => s.ref).filter(Boolean));
  const src = await api(`/documents/${a.document_id}/source?from=${from}&to=${to}${refs.size ? `&context_rows=${TABLE_CONTEXT}` : ''}`);
  if (state.current?.id !== a.id) return;
  const cited = new Set(spans.flatMap((s) => Array.from({ length: (s.line_end ?? s.line) - s.line + 1 }, (_, i) => s.line + i)));
  if (!src.available) {
    target.replaceChildren(el('p', { class: 'note' }, t('sourceUnavailable', src.reason)));
    target.dataset.ready = 'true';
    return;
  }
  const tables = (src.tables ?? []).filter((tb) => tb.rows.some((r) => r.cells.some((c) => refs.has(c.ref))));
  const lines = linesView(src.lines, cited);
  const parts = [];
  if (tables.length) {
    // the rendered table; the text lines folded away below
    const views = tables.map((tb) => cellsView(tb, refs));
    target.replaceChildren(...views, foldedLines(lines));
    for (const v of views) scrollWithin(v.querySelector('.grid'), v.querySelector('td.cited'), { x: true });
    target.dataset.ready = 'true';
    return;
  }
  if (refs.size) parts.push(el('p', { class: 'note' }, t('cellsNotInTable', [...refs].join(', '))));
  if (kind === 'pdf' || kind === 'image') {
    // the page image, the cited boxes outlined: what the auditor compares the figures with
    const pages = [...new Set(spans.map((s) => s.page).filter((p) => p))].sort((x, y) => x - y);
    const width = Math.max(300, target.clientWidth - 24);
    for (const p of pages) {
      const boxes = boxesOn(p, a.evidence.map((e, k) => ({ ...e, ev: k })).filter((e) => e.line !== null || e.bbox), src.lines);
      parts.push(el('p', { class: 'note' }, t('pageN', p)), kind === 'pdf'
        ? pdfPageView(a.document_id, p, boxes, width)
        : imagePageView(a.document_id, p, boxes, width, src.page_sizes?.find((s) => s.page === p)));
    }
    parts.push(foldedLines(lines));
  } else {
    parts.push(lines);
  }
  target.replaceChildren(...parts);
  scrollWithin(target.querySelector('.lines'), target.querySelector('.lines .cited'));
  target.dataset.ready = 'true';
}

/** An evidence row's place in the source: its box, cell or line, brought into view and marked. */
function jump(k) {
  const e = state.current?.evidence[k];
  if (!e) return;
  for (const x of document.querySelectorAll('#source .focus, #detail tr.focus')) x.classList.remove('focus');
  document.querySelector(`#detail tr[data-ev="${k}"]`)?.classList.add('focus');
  const target = (e.ref && document.querySelector(`#source td[data-ref="${CSS.escape(e.ref)}"]`))
    ?? document.querySelector(`#source .box[data-ev="${k}"]`)
    ?? (e.line !== null && document.querySelector(`#source #L${e.line}`));
  if (!target) return;
  target.classList.add('focus');
  const folded = target.closest('details');
  if (folded && !folded.open) folded.open = true;
  const box = target.closest('.grid, .pdf, .lines') ?? $('source');
  scrollWithin(box, target, { x: true });
  if (box !== $('source')) scrollWithin($('source'), box);
}

// ── decisions ──
async function decide(decision) {
  const a = state.current;
  if (!a) return;
  const problem = $('problem');
  const body = { decision };
  if (decision === 'dismissed') body.reason = $('reason').value.trim();
  if (decision === 'corrected') body.corrected_value = $('corrected-value').value.trim();
  if (decision === 'dismissed' && !body.reason) { problem.textContent = t('needReason'); $('reason').focus(); return; }
  if (decision === 'corrected' && !body.corrected_value) { problem.textContent = t('needValue'); $('corrected-value').focus(); return; }
  try {
    const res = await api(`/anomalies/${a.id}/reviews`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    document.activeElement?.blur();
    updateRows([res.anomaly]);
    loadCounts();
    if (!advance(a.id)) { state.current = res.anomaly; renderDetail(res.anomaly, await reconstruction(a.document_id).catch(() => null)); }
  } catch (e) {
    problem.textContent = e instanceof HttpError && e.status === 401 ? t('keyMissing') : e.message;
  }
}

/** The list's rows and items for these anomalies, as now reviewed. */
function updateRows(anomalies) {
  for (const a of anomalies) {
    const i = state.items.findIndex((x) => x.id === (a.id ?? a.anomaly_id));
    if (i < 0) continue;
    if (a.review !== undefined) state.items[i] = { ...state.items[i], review: a.review };
    const tr = $('anomalies').querySelector(`tr[data-id="${state.items[i].id}"]`);
    const fresh = row(state.items[i]);
    fresh.classList.toggle('selected', state.items[i].id === state.selected);
    tr?.replaceWith(fresh);
  }
}

/** Selects the next unreviewed anomaly after `id` on the page (else the first before it); false when none is left. */
function advance(id) {
  const i = state.items.findIndex((a) => a.id === id);
  const order = [...state.items.slice(i + 1), ...state.items.slice(0, Math.max(0, i))];
  const next = order.find((a) => stateOf(a) === 'unreviewed');
  if (!next) return false;
  select(next.id);
  return true;
}

// ── several at once ──
function showBulk() {
  const n = state.checked.size;
  $('bulk').hidden = n === 0;
  $('bulk-count').textContent = t('selected', n);
  $('bulk-problem').textContent = '';
}
$('check-all').addEventListener('change', () => {
  for (const a of state.items) { if ($('check-all').checked) state.checked.add(a.id); else state.checked.delete(a.id); }
  for (const box of $('anomalies').querySelectorAll('tbody input.check')) box.checked = $('check-all').checked;
  showBulk();
});
$('bulk-clear').addEventListener('click', () => {
  state.checked.clear();
  for (const box of $('anomalies').querySelectorAll('input.check, #check-all')) box.checked = false;
  showBulk();
});
$('bulk-reason').addEventListener('keydown', (e) => { if (e.key === 'Enter') decideAll('dismissed'); });
$('bulk-confirm').addEventListener('click', () => decideAll('confirmed'));
$('bulk-dismiss').addEventListener('click', () => decideAll('dismissed'));

async function decideAll(decision) {
  const ids = [...state.checked];
  const reason = $('bulk-reason').value.trim();
  if (!ids.length) return;
  if (decision === 'dismissed' && !reason) { $('bulk-problem').textContent = t('needReason'); $('bulk-reason').focus(); return; }
  try {
    const res = await api('/anomalies/reviews', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids, decision, ...(reason ? { reason } : {}) }),
    });
    state.checked.clear();
    $('bulk-reason').value = '';
    $('check-all').checked = false;
    updateRows(res.reviews.map((r) => ({ id: r.anomaly_id, review: r })));
    showBulk();
    $('summary').textContent = t('bulkDone', res.reviews.length, decision);
    loadCounts();
    if (ids.includes(state.selected) && !advance(state.selected)) select(state.selected);
  } catch (e) {
    $('bulk-problem').textContent = e instanceof HttpError && e.status === 401 ? t('keyMissing') : e.message;
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
  $('summary').textContent = e instanceof HttpError && e.status === 401 ? t('needKey') : t('cannotLoad', e.message);
  document.body.dataset.state = e instanceof HttpError ? e.code ?? 'error' : 'error';
}

refresh().catch(failed);
