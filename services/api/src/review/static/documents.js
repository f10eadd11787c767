// The documents list: every document with its status, kind, pages, forms, anomalies by
// severity and review progress; a failed one shows its error code and message. Filters and
// search live in the URL.
import { api, apiKey, el, HttpError, kindBadge, setApiKey, show, statusBadge } from '/review/assets/common.js';
import { kindOf, t, translatePage } from '/review/assets/i18n.js';

const $ = (id) => document.getElementById(id);
translatePage();

const MEDIA_TYPES = [
  'application/pdf', 'image/png', 'image/jpeg', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/plain',
];
const url = new URL(location.href);
const filters = { status: url.searchParams.get('status') ?? '', media_type: url.searchParams.get('media_type') ?? '', q: url.searchParams.get('q') ?? '' };

$('f-status').append(...Object.entries(t('statuses')).map(([v, label]) => el('option', { value: v }, label)));
$('f-kind').append(...MEDIA_TYPES.map((v) => el('option', { value: v }, `${t('kinds')[kindOf(v)]} · ${v.split('/').pop().replace(/^vnd\..*\./, '')}`)));
$('f-status').value = filters.status;
$('f-kind').value = filters.media_type;
$('f-q').value = filters.q;

$('key').value = apiKey();
$('key').addEventListener('change', () => { setApiKey($('key').value.trim()); load().catch(failed); });

const query = () => new URLSearchParams(Object.entries(filters).filter(([, v]) => v));

function row(d) {
  const total = d.errors + d.warnings;
  const progress = total ? el('span', { class: 'progress' },
    el('progress', { max: total, value: d.reviewed }), ` ${t('reviewedOf', d.reviewed, total)}`) : '—';
  return el('tr', { dataset: { id: d.id, status: d.status } },
    el('td', { class: 'name' },
      el('a', { href: `/review/documents/${d.id}` }, d.name),
      d.status === 'failed' ? el('div', { class: 'failure' }, el('code', { class: 'code' }, d.error_code), ' ', el('span', { class: 'message' }, show(d.error_message))) : null),
    el('td', {}, kindBadge(d.media_type, d.name)),
    el('td', {}, statusBadge(d.status)),
    el('td', { class: 'n' }, show(d.pages)),
    el('td', { class: 'n' }, d.forms + d.tables),
    el('td', { class: 'n' }, d.errors ? el('a', { href: `/review?document=${d.id}&severity=error`, class: 'sev-error' }, d.errors) : '0'),
    el('td', { class: 'n' }, d.warnings ? el('a', { href: `/review?document=${d.id}&severity=warning`, class: 'sev-warning' }, d.warnings) : '0'),
    el('td', {}, progress));
}

async function load() {
  const q = query();
  history.replaceState(null, '', `${location.pathname}${q.size ? `?${q}` : ''}`);
  q.set('limit', '500');
  const page = await api(`/desk/documents?${q}`);
  $('documents').tBodies[0].replaceChildren(...page.items.map(row));
  $('summary').textContent = t('documentsOf', page.total);
  document.body.dataset.ready = 'true';
}

$('f-status').addEventListener('change', () => { filters.status = $('f-status').value; load().catch(failed); });
$('f-kind').addEventListener('change', () => { filters.media_type = $('f-kind').value; load().catch(failed); });
let typing;
$('f-q').addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(() => { filters.q = $('f-q').value.trim(); load().catch(failed); }, 250);
});

function failed(e) {
  $('summary').textContent = e instanceof HttpError && e.status === 401 ? t('needKey') : t('cannotLoad', e.message);
}
load().catch(failed);
