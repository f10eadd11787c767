// The documents list: every document with its status, kind, pages, forms, anomalies by
// severity and review progress; a failed one shows its error code and message. Filters and
// search live in the URL.
import { api, apiKey, el, HttpError, setApiKey, show } from '/review/assets/common.js';
import { kindOf, t, translatePage } from '/review/assets/i18n.js';

const $ = (id) => document.getElementById(id);
translatePage();

const KINDS = {
  'application/pdf': 'pdf', 'image/png': 'image', 'image/jpeg': 'image',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx', 'text/plain': 'text',
};
const url = new URL(location.href);
const filters = { status: url.searchParams.get('status') ?? '', media_type: url.searchParams.get('media_type') ?? '', q: url.searchParams.get('q') ?? '' };

$('f-status').append(...Object.entries(t('statuses')).map(([v, label]) => el('option', { value: v }, label)));
$('f-kind').append(...Object.entries(KINDS).map(([v, k]) => el('option', { value: v }, `${t('kinds')[k]} · ${v.split('/').pop().replace(/^vnd\..*\./, '')}`)));
$('f-status').value = filters.status;
$('f-kind').value = filters.media_type;
$('f-q').value = filters.q;

$('key').value = apiKey();
$('key').addEventListener('change', () => { setApiKey($('key').value.trim()); load().catch(failed); });

const query = () => new URLSearchParams(Object.entries(filters).filter(([, v]) => v));

function row(d) {
  const kind = kindOf(d.media_type, d.name);
  const total = d.errors + d.warnings;
  const progress = total ? el('span', { class: 'progress' },
    el('progress', { max: total, value: d.reviewed }), ` ${t('reviewedOf', d.reviewed, total)}`) : '—';
  return el('tr', { dataset: { id: d.id, status: d.status } },
    el('td', { class: 'name' },
      el('a', { href: `/review/documents/${d.id}` }, d.name),
      d.status === 'failed' ? el('div', { class: 'failure' }, el('code', { class: 'code' }, d.error_code), ' ', el('span', { class: 'message' }, show(d.error_message))) : null),
    el('td', {}, el('span', { class: `badge kind kind-${kind}` }, t('kinds')[kind])),
    el('td', {}, el('span', { class: `badge status-${d.status}` }, t('statuses')[d.status] ?? d.status)),
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
