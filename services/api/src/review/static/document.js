// One document: its pages (PDF, scan, image: the page images; other kinds: the source lines)
// beside the reconstructed forms (funding block, indicator rows with their levels) and budget
// tables. A row points at its place: its box on the page, or its lines. A failed document
// shows its error.
import {
  api, el, imagePageView, kindBadge, lineSpan, linesView, marksOf, pdfPageView, scrollWithin, show, statusBadge,
} from '/review/assets/common.js';
import { kindOf, t, translatePage } from '/review/assets/i18n.js';

const $ = (id) => document.getElementById(id);
const id = Number(location.pathname.split('/').pop());
translatePage();

function point(tr, r) {
  if (r.line === null) return tr;
  tr.dataset.line = r.line;
  tr.dataset.lineEnd = r.line_end ?? r.line;
  if (r.page) tr.dataset.page = r.page;
  tr.addEventListener('click', () => highlight(tr, r.line, r.line_end ?? r.line, r.page));
  return tr;
}

function highlight(tr, from, to, page) {
  for (const x of document.querySelectorAll('tr.active')) x.classList.remove('active');
  tr?.classList.add('active');
  for (const x of document.querySelectorAll('.lines .cited, .pdf .box')) x.classList.contains('box') ? x.remove() : x.classList.remove('cited');
  for (let n = from; n <= to; n++) $(`L${n}`)?.classList.add('cited');
  const view = page && document.querySelector(`.pdf[data-page="${page}"]`);
  if (view && lineBoxes.size) {
    // a page not drawn yet is drawn once scrolled to: its boxes go on then
    const outline = () => {
      const sheet = view.querySelector('.sheet');
      const scale = Number(view.dataset.scale || 0);
      const boxes = [];
      for (let n = from; n <= to; n++) if (lineBoxes.has(n)) boxes.push({ bbox: lineBoxes.get(n) });
      if (scale) sheet.append(...marksOf(boxes, scale));
      scrollWithin($('source'), sheet.querySelector('.box') ?? sheet);
    };
    if (view.dataset.rendered === 'true') outline();
    else {
      view.addEventListener('rendered', outline, { once: true });
      scrollWithin($('source'), view);
    }
  } else {
    scrollWithin($('source'), $(`L${from}`));
  }
  history.replaceState(null, '', `#L${from}`);
}

const head = (...names) => el('thead', {}, el('tr', {}, names.map((n) => el('th', {}, n))));
const num = (v) => el('td', { class: 'n' }, show(v));

function formView(f) {
  const words = t('formFields');
  const fields = ['kind', 'year', 'project', 'department', 'implementer', 'amount_unit', 'budget_score', 'total_score', 'grade'];
  return el('div', { class: 'form', id: `form-${f.ordinal + 1}` },
    el('h3', {}, `${f.ordinal + 1}. ${f.attachment ? `${f.attachment} ` : ''}${f.title ?? t('untitled')}${f.fragment ? t('fragment') : ''}`),
    el('dl', {}, fields.flatMap((k) => [el('dt', {}, words[k]), el('dd', {}, show(k === 'kind' ? t('formKinds')[f.kind] ?? f.kind : f[k]))])),
    f.funding.length
      ? el('table', { class: 'funding' }, head('资金来源', '年初预算', '全年预算', '执行数', '余额', '分值', '执行率', '得分', t('line')),
          el('tbody', {}, f.funding.map((r) => point(el('tr', {},
            el('td', {}, r.source), num(r.initial_budget), num(r.annual_budget), num(r.executed), num(r.balance),
            num(r.weight), num(r.rate), num(r.score), el('td', {}, lineSpan(r))), r))))
      : el('p', { class: 'note' }, t('noFunding')),
    f.indicators.length
      ? el('table', { class: 'indicators' }, head('一级指标', '二级指标', '三级指标', '指标值', '实际完成值', '分值', '得分', '偏差原因', t('line')),
          el('tbody', {}, f.indicators.map((r) => point(el('tr', {},
            el('td', {}, show(r.level1)), el('td', {}, show(r.level2)), el('td', {}, r.name), el('td', {}, show(r.target)),
            el('td', {}, show(r.actual)), num(r.weight), num(r.score), el('td', {}, show(r.deviation)), el('td', {}, lineSpan(r))), r))))
      : el('p', { class: 'note' }, t('noIndicators')),
  );
}

function tableView(tb) {
  return el('div', { class: 'form', id: `table-${tb.ordinal + 1}` },
    el('h3', {}, `${tb.title}${tb.code ? ` (${tb.code})` : ''}`),
    el('p', { class: 'note' }, [tb.entity, tb.amount_unit].filter(Boolean).join(' · ')),
    el('table', {}, head('code', '', ...tb.columns.map((c) => (typeof c === 'string' ? c : JSON.stringify(c))), t('line')),
      el('tbody', {}, tb.rows.map((r) => point(el('tr', {},
        el('td', {}, show(r.code)), el('td', {}, r.label), ...r.values.map((v) => num(v)), el('td', {}, lineSpan(r))), r)))));
}

// the boxes of the source lines (PDF, scans), for outlining a row on its page
const lineBoxes = new Map();

async function main() {
  const d = await api(`/documents/${id}`);
  const kind = kindOf(d.media_type, d.name);
  document.title = `ziping · ${d.name}`;
  $('title').textContent = d.name;
  $('kind').replaceChildren(kindBadge(d.media_type, d.name),
    ' ', statusBadge(d.status));
  $('anomalies-link').href = `/review?document=${id}`;
  if (d.error) {
    $('failure').hidden = false;
    $('failure').textContent = t('failedDoc', d.error.code, d.error.message ?? '');
  }
  const [doc, src] = await Promise.all([api(`/documents/${id}/reconstruction`), api(`/documents/${id}/source`)]);
  $('meta').textContent = `${show(d.pages)} ${t('pages')} · ${doc.forms.length} ${t('forms')} · ${doc.tables.length} ${t('tables')}`;
  $('forms').replaceChildren(
    ...(doc.forms.length || doc.tables.length ? [] : [el('p', { class: 'note' }, t('noForms'))]),
    ...doc.forms.map(formView),
    ...doc.tables.map(tableView),
  );
  if (!src.available) {
    $('source').replaceChildren(el('p', { class: 'note' }, t('sourceUnavailable', src.reason)));
  } else if (kind === 'pdf' || kind === 'image') {
    for (const l of src.lines) if (l.bbox) lineBoxes.set(l.line, l.bbox);
    const width = Math.max(300, $('source').clientWidth - 28);
    const pages = Array.from({ length: src.pages }, (_, k) => k + 1);
    $('source').replaceChildren(...pages.flatMap((p) => {
      const size = src.page_sizes?.find((s) => s.page === p);
      const height = size ? (size.height * width) / size.width : width * 1.414; // unknown size: A4
      const view = kind === 'pdf' ? pdfPageView(id, p, [], width, { lazy: true, height }) : imagePageView(id, p, [], width, size, { lazy: true });
      // the scale a box is drawn at: the page's width in points, from the stored layout
      if (size) view.dataset.scale = String(width / size.width);
      return [el('p', { class: 'note' }, t('pageN', p)), view];
    }));
  } else {
    $('source').replaceChildren(linesView(src.lines));
  }
  const m = /^#L(\d+)$/.exec(location.hash);
  if (m) {
    const n = Number(m[1]);
    const tr = [...document.querySelectorAll('tr[data-line]')].find((x) => n >= Number(x.dataset.line) && n <= Number(x.dataset.lineEnd));
    highlight(tr ?? null, n, n, Number(tr?.dataset.page) || null);
    scrollWithin($('forms'), tr);
  }
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  const why = e.status === 401 ? t('needKey') : e.message;
  $('forms').replaceChildren(el('p', { class: 'problem' }, t('cannotLoad', why)));
});
