// The pages' words, Chinese by default (the auditors'), English on the switch; the choice is
// kept in this browser. Static text carries data-i18n="key" (data-i18n-placeholder for an
// input's hint); scripts call t('key', …args).
const LANG_KEY = 'ziping.lang';
export const lang = () => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh');

const WORDS = {
  zh: {
    title: 'ziping · 异常审核', docsTitle: 'ziping · 文档列表', rule: '规则', severity: '级别', document: '文档', review: '审核',
    search: '搜索', key: '密钥', allRules: '全部规则', all: '全部', allDocuments: '全部文档', any: '不限',
    searchHint: '说明、指标、项目', keyHint: 'API 密钥', switchLang: 'English', documentsLink: '文档列表', reviewLink: '异常审核',
    loading: '加载中…', prev: '← 上一页', next: '下一页 →', pickOne: '请选择一条异常（j / k）',
    rangeOf: (a, b, n) => `第 ${a}–${b} 条，共 ${n} 条异常`, noMatch: '没有符合筛选条件的异常', nothing: '此处没有待审核的异常',
    needKey: '请输入 API 密钥（密钥栏）以加载', cannotLoad: (m) => `无法加载：${m}`, badKey: '密钥未知或已吊销',
    error: '错误', warning: '警告', unreviewed: '未审核', confirmed: '已确认', dismissed: '已驳回', corrected: '已更正',
    expected: '应为', found: '实为', difference: '差额', confirm: '确认 (c)', dismiss: '驳回 (d)', correct: '更正 (x)',
    reasonHint: '理由（驳回必填）', valueHint: '正确值', history: (n) => `审核记录（${n}）`, notReviewed: '尚未审核',
    by: (who, when) => `${who}，${when}`, rightValue: '正确值', evidence: '证据', field: '项目', value: '值', page: '页', line: '行', cell: '单元格',
    source: '原文', noSourceLine: '未引用原文位置', loadingSource: '正在加载原文…', sourceUnavailable: (r) => `原文不可用：${r}`,
    pageN: (p) => `第 ${p} 页`,
    textLines: '从文件读出的文本行', cellsNotInTable: (r) => `所引单元格（${r}）不在读出的表格中；文本行如下：`,
    needReason: '请填写驳回理由，然后按 Enter', needValue: '请填写正确值，然后按 Enter', keyMissing: 'API 密钥缺失或错误（密钥栏）',
    selected: (n) => `已选 ${n} 条`, confirmSelected: '全部确认', dismissSelected: '全部驳回', clearSelection: '取消选择',
    bulkDone: (n, d) => `已${d === 'confirmed' ? '确认' : '驳回'} ${n} 条`, project: '项目', form: (n) => `表 ${n}`, table: '表',
    indicator: '指标', keys: 'j/k 下一条 / 上一条 · c 确认 · d 驳回（输入理由，Enter） · x 更正（输入正确值，Enter） · 决定后自动跳到下一条未审核',
    kinds: { pdf: 'PDF', scan: '扫描件', image: '图片', xlsx: 'Excel', docx: 'Word', csv: 'CSV', html: '网页', text: '文本' },
    status: '状态', statuses: { done: '完成', failed: '失败', queued: '排队', running: '处理中' }, kind: '类型', pages: '页数', forms: '表单',
    anomalies: '异常', progress: '审核进度', allStatuses: '全部状态', allKinds: '全部类型', docSearchHint: '文件名、错误',
    documentsOf: (n) => `共 ${n} 个文档`, reviewedOf: (a, b) => `${a}/${b}`, tables: '预算表', noForms: '未从此文档还原出表单',
    thisDocsAnomalies: '本文档的异常', fragment: '（残表）', untitled: '（无标题表）', noFunding: '无资金块', noIndicators: '无指标行',
    formFields: { kind: '类型', year: '年度', project: '项目名称', department: '主管部门', implementer: '实施单位', amount_unit: '金额单位', budget_score: '预算执行得分', total_score: '总分', grade: '等级' },
    failedDoc: (c, m) => `处理失败（${c}）：${m}`,
    formKinds: { project: '项目支出绩效自评', department: '部门整体绩效自评', target: '绩效目标申报' },
  },
  en: {
    title: 'ziping · anomaly review', docsTitle: 'ziping · documents', rule: 'rule', severity: 'severity', document: 'document', review: 'review',
    search: 'search', key: 'key', allRules: 'all rules', all: 'all', allDocuments: 'all documents', any: 'any',
    searchHint: 'message, indicator, project', keyHint: 'API key', switchLang: '中文', documentsLink: 'documents', reviewLink: 'anomaly review',
    loading: 'loading…', prev: '← previous page', next: 'next page →', pickOne: 'Select an anomaly (j / k).',
    rangeOf: (a, b, n) => `${a}–${b} of ${n} anomalies`, noMatch: 'no anomaly matches these filters', nothing: 'Nothing to review here.',
    needKey: 'enter your API key (key field) to load', cannotLoad: (m) => `could not load: ${m}`, badKey: 'unknown or revoked key',
    error: 'error', warning: 'warning', unreviewed: 'unreviewed', confirmed: 'confirmed', dismissed: 'dismissed', corrected: 'corrected',
    expected: 'expected', found: 'found', difference: 'difference', confirm: 'confirm (c)', dismiss: 'dismiss (d)', correct: 'correct (x)',
    reasonHint: 'reason (required to dismiss)', valueHint: 'the right value', history: (n) => `history (${n})`, notReviewed: 'not reviewed yet',
    by: (who, when) => `by ${who}, ${when}`, rightValue: 'right value', evidence: 'evidence', field: 'field', value: 'value', page: 'page', line: 'line', cell: 'cell',
    source: 'source', noSourceLine: 'no source line is cited', loadingSource: 'loading the source…', sourceUnavailable: (r) => `source unavailable: ${r}`,
    pageN: (p) => `page ${p}`,
    textLines: 'the text lines read from the file', cellsNotInTable: (r) => `the cited cells (${r}) are in no table read from the file; its lines:`,
    needReason: 'type the reason for dismissing, then Enter', needValue: 'type the right value, then Enter', keyMissing: 'the API key is missing or wrong (key field)',
    selected: (n) => `${n} selected`, confirmSelected: 'confirm all', dismissSelected: 'dismiss all', clearSelection: 'clear',
    bulkDone: (n, d) => `${d} ${n}`, project: 'project', form: (n) => `form ${n}`, table: 'table',
    indicator: 'indicator', keys: 'j/k next / previous · c confirm · d dismiss (type the reason, Enter) · x correct (type the value, Enter) · a decision moves to the next unreviewed',
    kinds: { pdf: 'PDF', scan: 'scan', image: 'image', xlsx: 'Excel', docx: 'Word', csv: 'CSV', html: 'HTML', text: 'text' },
    status: 'status', statuses: { done: 'done', failed: 'failed', queued: 'queued', running: 'running' }, kind: 'kind', pages: 'pages', forms: 'forms',
    anomalies: 'anomalies', progress: 'reviewed', allStatuses: 'all statuses', allKinds: 'all kinds', docSearchHint: 'file name, error',
    documentsOf: (n) => `${n} documents`, reviewedOf: (a, b) => `${a}/${b}`, tables: 'budget tables', noForms: 'nothing was reconstructed from this document',
    thisDocsAnomalies: "this document's anomalies", fragment: ' (fragment)', untitled: '(untitled form)', noFunding: 'no funding block', noIndicators: 'no indicator rows',
    formFields: { kind: 'kind', year: 'year', project: 'project', department: 'department', implementer: 'implementer', amount_unit: 'amount unit', budget_score: 'budget score', total_score: 'total score', grade: 'grade' },
    failedDoc: (c, m) => `failed (${c}): ${m}`,
    formKinds: { project: 'project self-evaluation', department: 'department self-evaluation', target: 'target declaration' },
  },
};

export function t(key, ...args) {
  const w = WORDS[lang()][key] ?? WORDS.zh[key] ?? key;
  return typeof w === 'function' ? w(...args) : w;
}

/** Fills the static text, and wires the switch (#lang): a switch reloads the page in the other language. */
export function translatePage() {
  document.documentElement.lang = lang() === 'en' ? 'en' : 'zh-CN';
  for (const n of document.querySelectorAll('[data-i18n]')) n.textContent = t(n.dataset.i18n);
  for (const n of document.querySelectorAll('[data-i18n-placeholder]')) n.setAttribute('placeholder', t(n.dataset.i18nPlaceholder));
  document.getElementById('lang')?.addEventListener('click', () => {
    localStorage.setItem(LANG_KEY, lang() === 'en' ? 'zh' : 'en');
    location.reload();
  });
}

/** The kind of a document, from its media type and name: pdf, image, xlsx, docx, csv, html, text. */
export function kindOf(mediaType, name = '') {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (mediaType === 'application/pdf') return 'pdf';
  if (mediaType?.startsWith('image/')) return 'image';
  if (mediaType?.includes('spreadsheetml')) return 'xlsx';
  if (mediaType?.includes('wordprocessingml')) return 'docx';
  if (ext === 'csv' || mediaType === 'text/csv') return 'csv';
  if (ext === 'html' || ext === 'htm' || mediaType === 'text/html') return 'html';
  return 'text';
}
