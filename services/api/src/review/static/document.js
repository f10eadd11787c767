// One document: the reconstructed forms (funding block, indicator rows with their levels)
// and budget tables on the left, the source lines on the right. A row points at its lines.
import { api, el, linesView, scrollWithin, show } from '/review/assets/common.js';

const $ = (id) => document.getElementById(id);
const id = Number(location.pathname.split('/').pop());

const span = (r) => (r.line === null ? '—' : r.line_end && r.line_end !== r.line ? `${r.line}–${r.line_end}` : String(r.line));

function point(tr, r) {
  if (r.line === null) return tr;
  tr.dataset.line = r.line;
  tr.dataset.lineEnd = r.line_end ?? r.line;
  tr.addEventListener('click', () => highlight(tr, r.line, r.line_end ?? r.line));
  return tr;
}

function highlight(tr, from, to) {
  for (const x of document.querySelectorAll('tr.active')) x.classList.remove('active');
  tr?.classList.add('active');
  for (const x of document.querySelectorAll('.lines .cited')) x.classList.remove('cited');
  for (let n = from; n <= to; n++) $(`L${n}`)?.classList.add('cited');
  scrollWithin($('source'), $(`L${from}`));
  history.replaceState(null, '', `#L${from}`);
}

const head = (...names) => el('thead', {}, el('tr', {}, names.map((n) => el('th', {}, n))));
const num = (v) => el('td', { class: 'n' }, show(v));

function formView(f) {
  const fields = [
    ['kind', f.kind], ['year', f.year], ['project', f.project], ['department', f.department],
    ['implementer', f.implementer], ['amount unit', f.amount_unit], ['budget score', f.budget_score],
    ['total score', f.total_score], ['grade', f.grade],
  ];
  return el('div', { class: 'form', id: `form-${f.ordinal + 1}` },
    el('h3', {}, `${f.ordinal + 1}. ${f.attachment ? `${f.attachment} ` : ''}${f.title ?? '(untitled form)'}${f.fragment ? ' (fragment)' : ''}`),
    el('dl', {}, fields.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, show(v))])),
    f.funding.length
      ? el('table', { class: 'funding' }, head('资金来源', '年初预算', '全年预算', '执行数', '余额', '分值', '执行率', '得分', 'line'),
          el('tbody', {}, f.funding.map((r) => point(el('tr', {},
            el('td', {}, r.source), num(r.initial_budget), num(r.annual_budget), num(r.executed), num(r.balance),
            num(r.weight), num(r.rate), num(r.score), el('td', {}, span(r))), r))))
      : el('p', { class: 'note' }, 'no funding block'),
    f.indicators.length
      ? el('table', { class: 'indicators' }, head('一级指标', '二级指标', '三级指标', '指标值', '实际完成值', '分值', '得分', '偏差原因', 'line'),
          el('tbody', {}, f.indicators.map((r) => point(el('tr', {},
            el('td', {}, show(r.level1)), el('td', {}, show(r.level2)), el('td', {}, r.name), el('td', {}, show(r.target)),
            el('td', {}, show(r.actual)), num(r.weight), num(r.score), el('td', {}, show(r.deviation)), el('td', {}, span(r))), r))))
      : el('p', { class: 'note' }, 'no indicator rows'),
  );
}

function tableView(t) {
  return el('div', { class: 'form', id: `table-${t.ordinal + 1}` },
    el('h3', {}, `${t.title}${t.code ? ` (${t.code})` : ''}`),
    el('p', { class: 'note' }, [t.entity, t.amount_unit && `unit ${t.amount_unit}`].filter(Boolean).join(' · ')),
    el('table', {}, head('code', 'label', ...t.columns.map((c) => (typeof c === 'string' ? c : JSON.stringify(c))), 'line'),
      el('tbody', {}, t.rows.map((r) => point(el('tr', {},
        el('td', {}, show(r.code)), el('td', {}, r.label), ...r.values.map((v) => num(v)), el('td', {}, span(r))), r)))));
}

async function main() {
  const [doc, src] = await Promise.all([api(`/documents/${id}/reconstruction`), api(`/documents/${id}/source`)]);
  document.title = `ziping · ${doc.document.name}`;
  $('title').textContent = doc.document.name;
  $('meta').textContent = `${show(doc.document.media_type)} · ${doc.forms.length} forms · ${doc.tables.length} tables`;
  $('anomalies-link').href = `/review?document=${id}`;
  $('forms').replaceChildren(
    ...(doc.forms.length || doc.tables.length ? [] : [el('p', { class: 'note' }, 'nothing was reconstructed from this document')]),
    ...doc.forms.map(formView),
    ...doc.tables.map(tableView),
  );
  $('source').replaceChildren(
    src.available
      ? linesView(src.lines)
      : el('p', { class: 'note' }, `source unavailable: ${src.reason}`),
  );
  const m = /^#L(\d+)$/.exec(location.hash);
  if (m) {
    const n = Number(m[1]);
    const tr = [...document.querySelectorAll('tr[data-line]')].find((x) => n >= Number(x.dataset.line) && n <= Number(x.dataset.lineEnd));
    highlight(tr ?? null, n, n);
    scrollWithin($('forms'), tr);
  }
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  const why = e.status === 401 ? 'an API key is needed: enter it on the review page (key field)' : e.message;
  $('forms').replaceChildren(el('p', { class: 'problem' }, `could not load: ${why}`));
});
