// What an evidence path (`indicators[8].score`, `funding[2].executed`, `form.total_score`,
// `tables[0].rows[3].values[2]`) means, in the words of the form: the field names live here,
// in one place; the rows' names come from the document's reconstruction.
const FIELDS = {
  zh: {
    indicators: { name: '指标名称', level1: '一级指标', level2: '二级指标', target_initial: '年初指标值', target: '指标值', actual: '实际完成值', weight: '分值', score: '得分', deviation: '偏差原因' },
    funding: { source: '资金来源', initial_budget: '年初预算数', annual_budget: '全年预算数', executed: '执行数', balance: '余额', weight: '分值', rate: '执行率', score: '得分' },
    form: { title: '表名', year: '年度', project: '项目名称', department: '主管部门', implementer: '实施单位', amount_unit: '金额单位', budget_score: '预算执行得分', total_score: '总分', grade: '等级', indicators: '指标行' },
    other: { label: '标签', form: '表', indicators: '指标行', prose: '文字说明', weight: '分值', level1: '一级指标', level2: '二级指标', name: '指标名称', total_score: '总分' },
    ocr: 'OCR', report: '报告', row: '行', column: (n) => `第${n}列`, indicatorN: (n) => `指标 ${n}`, fundingN: (n) => `资金 ${n}`, tableN: (n) => `表 ${n}`,
  },
  en: {
    indicators: { name: 'indicator', level1: 'level 1', level2: 'level 2', target_initial: 'initial target', target: 'target', actual: 'actual', weight: 'weight', score: 'score', deviation: 'deviation reason' },
    funding: { source: 'source', initial_budget: 'initial budget', annual_budget: 'annual budget', executed: 'executed', balance: 'balance', weight: 'weight', rate: 'rate', score: 'score' },
    form: { title: 'title', year: 'year', project: 'project', department: 'department', implementer: 'implementer', amount_unit: 'amount unit', budget_score: 'budget score', total_score: 'total score', grade: 'grade', indicators: 'indicator rows' },
    other: { label: 'label', form: 'form', indicators: 'indicator rows', prose: 'narrative', weight: 'weight', level1: 'level 1', level2: 'level 2', name: 'indicator', total_score: 'total score' },
    ocr: 'OCR', report: 'report', row: 'row', column: (n) => `column ${n}`, indicatorN: (n) => `indicator ${n}`, fundingN: (n) => `funding ${n}`, tableN: (n) => `table ${n}`,
  },
};

/**
 * `path` in words: [where, field] — e.g. ['一级指标 产出指标 · 完成率', '得分']. `form` is the
 * anomaly's reconstructed form (funding, indicators), `tables` the document's budget tables;
 * either may be missing, then the row's number stands in.
 */
export function evidenceLabel(path, { form, tables } = {}, lang = 'zh') {
  const w = FIELDS[lang] ?? FIELDS.zh;
  let m = /^indicators\[(\d+)\]\.(\w+)$/.exec(path);
  if (m) {
    const r = form?.indicators?.[Number(m[1])];
    return [r ? r.name : w.indicatorN(Number(m[1]) + 1), w.indicators[m[2]] ?? m[2]];
  }
  m = /^funding\[(\d+)\]\.(\w+)$/.exec(path);
  if (m) {
    const r = form?.funding?.[Number(m[1])];
    return [r ? r.source : w.fundingN(Number(m[1]) + 1), w.funding[m[2]] ?? m[2]];
  }
  m = /^form\.(\w+)$/.exec(path);
  if (m) return [form?.title ?? w.other.form, w.form[m[1]] ?? m[1]];
  m = /^tables\[(\d+)\]\.rows\[(\d+)\]\.values\[(\d+)\]$/.exec(path);
  if (m) {
    const tb = tables?.[Number(m[1])];
    const row = tb?.rows?.[Number(m[2])];
    const col = tb?.columns?.[Number(m[3])];
    return [`${tb ? tb.title : w.tableN(Number(m[1]) + 1)} · ${row ? row.label : `${w.row} ${Number(m[2]) + 1}`}`,
      typeof col === 'string' ? col : w.column(Number(m[3]) + 1)];
  }
  m = /^(ocr|report)\.(.+)$/.exec(path);
  if (m) return [w[m[1]], m[2]];
  return ['', w.other[path] ?? path];
}
