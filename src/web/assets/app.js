// The clerk's page. Every figure, message and verdict comes from the server
// (the library's own JSON); this script only draws it. Text from workbooks is
// always set with textContent, never as HTML.
'use strict';

const T = {
  vi: {
    title: 'Báo cáo TTHTCĐ', tab_check: 'Kiểm tra và lập báo cáo', tab_cons: 'Tổng hợp', tab_tpl: 'Mẫu',
    stopped: 'Chương trình baocao đã dừng. Mở lại baocao để tiếp tục.',
    drop_one: 'Thả sổ Excel vào đây, hoặc bấm để chọn tệp (.xlsx, .xls, .ods)', reading: 'Đang đọc…',
    download_docx: 'Tải báo cáo Word (.docx)', download_json: 'Kết quả dạng JSON', diagnostics: 'Các vấn đề',
    figures: 'Số liệu đọc được', indicators: 'Chỉ tiêu', directives: 'Văn bản chỉ đạo',
    drop_many: 'Thả nhiều sổ hoặc cả thư mục vào đây, hoặc bấm để chọn các tệp', pick_folder: 'Hoặc chọn cả thư mục:',
    period: 'Kỳ tổng hợp', allow_errors: 'Vẫn lập, bỏ các tệp lỗi ra', run: 'Lập tổng hợp',
    office: 'Thông tin cơ quan (cho báo cáo tổng hợp)', f_authority: 'Cơ quan chủ quản', f_issuer: 'Cơ quan ban hành',
    f_area: 'Địa bàn', f_place: 'Địa danh', f_number: 'Số ký hiệu', f_date: 'Ngày báo cáo',
    f_recipients: 'Kính gửi (mỗi dòng một nơi)', f_copies: 'Nơi nhận (mỗi dòng một nơi)', f_sauth: 'Quyền hạn ký',
    f_stitle: 'Chức vụ người ký', f_sname: 'Người ký', remember: 'Ghi nhớ cho lần sau',
    download_summary: 'Tải bảng tổng hợp (.xlsx)', download_town: 'Tải báo cáo tổng hợp (.docx)',
    coverage: 'Các đơn vị theo tháng', present: 'có số liệu', missing: 'thiếu', left_out: 'bị bỏ ra vì lỗi',
    double_counted: 'tính trùng', totals: 'Tổng cộng', problems: 'Các vấn đề',
    tpl_intro: 'Sổ mẫu để các đơn vị nhập số liệu, và ví dụ đã điền của phường Kim Sơn năm 2018.',
    tpl_blank: 'Tải sổ mẫu trống (.xlsx)', tpl_example: 'Tải ví dụ Kim Sơn 2018 (.xlsx)',
    footer: 'Chạy trên máy này; tệp không được gửi đi đâu.',
    preview: 'Xem trước báo cáo', preview_town: 'Xem trước báo cáo tổng hợp',
    use_config: 'Điền các mục Thông tin sổ còn thiếu bằng thông tin cơ quan đã ghi nhớ (như --config)',
    general: 'Chung', error: 'lỗi', warning: 'cảnh báo', note: 'ghi chú',
    counts: (e, w, n) => `${e} lỗi, ${w} cảnh báo, ${n} ghi chú`,
    ok_report: 'Sổ không có lỗi: có thể tải báo cáo Word.',
    has_errors: 'Sổ có lỗi: chưa lập báo cáo. Bấm vào từng lỗi để xem ô cần sửa, sửa trong Excel rồi chọn lại tệp.',
    unreadable: 'Không đọc được tệp này:',
    totals_line: (a, c, p, f) => `${a} hoạt động có số liệu, ${c} lớp (chuyên đề), ${p} lượt người, nữ ${f}.`,
    h_tt: 'TT', h_act: 'Hoạt động', h_classes: 'Số lớp', h_part: 'Lượt người', h_female: 'Nữ',
    h_ind: 'Chỉ tiêu', h_value: 'Giá trị', h_prev: 'Kỳ trước', h_unit: 'Đơn vị',
    sheet_of: (s, c) => c ? `Trang «${s}», ô ${c}` : `Trang «${s}»`, sheet_part: '(một phần của trang)',
    uploading: (i, n) => `Đã đọc ${i}/${n} tệp`, files_used: (u, n) => `${u}/${n} tệp được dùng`,
    detected: p => `Kỳ tìm thấy: ${p}`, unit: 'Đơn vị', month: m => `T${m}`,
    cons_ok: 'Đã lập tổng hợp: có thể tải bảng tổng hợp và báo cáo.',
    cons_double: 'Có tệp tính trùng thời gian: chưa lập tổng hợp. Bỏ một trong các tệp trùng (xem dưới) rồi chọn lại.',
    cons_errors: 'Có tệp lỗi: chưa lập tổng hợp. Sửa các tệp lỗi, hoặc đánh dấu “Vẫn lập, bỏ các tệp lỗi ra”.',
    saved: p => `Đã ghi nhớ thông tin cơ quan vào ${p}.`, loaded: p => `Thông tin cơ quan lấy từ ${p}.`,
    by_period: 'Lượt người theo tháng', no_diag: 'Không có vấn đề nào.',
    cons_totals: (c, p, f) => `${c} lớp (chuyên đề), ${p} lượt người, nữ ${f}.`,
  },
  en: {
    title: 'TTHTCĐ reports', tab_check: 'Check and report', tab_cons: 'Consolidate', tab_tpl: 'Templates',
    stopped: 'baocao has stopped. Start baocao again to go on.',
    drop_one: 'Drop an Excel workbook here, or click to choose a file (.xlsx, .xls, .ods)', reading: 'Reading…',
    download_docx: 'Download the Word report (.docx)', download_json: 'Result as JSON', diagnostics: 'Problems',
    figures: 'Figures read', indicators: 'Indicators', directives: 'Directives',
    drop_many: 'Drop many workbooks or a whole folder here, or click to choose files', pick_folder: 'Or choose a whole folder:',
    period: 'Period', allow_errors: 'Make it anyway, leaving files with errors out', run: 'Consolidate',
    office: 'The office (for the consolidated report)', f_authority: 'Superior body', f_issuer: 'Issuing office',
    f_area: 'Area', f_place: 'Place', f_number: 'Number', f_date: 'Date',
    f_recipients: 'To (one per line)', f_copies: 'Copies to (one per line)', f_sauth: 'Signing authority',
    f_stitle: "Signer's title", f_sname: 'Signer', remember: 'Remember for next time',
    download_summary: 'Download the summary (.xlsx)', download_town: 'Download the consolidated report (.docx)',
    coverage: 'Units by month', present: 'reported', missing: 'missing', left_out: 'left out for errors',
    double_counted: 'double counted', totals: 'Totals', problems: 'Problems',
    tpl_intro: 'The blank workbook for units to fill in, and the filled-in example of Kim Sơn ward, 2018.',
    tpl_blank: 'Download the blank workbook (.xlsx)', tpl_example: 'Download the Kim Sơn 2018 example (.xlsx)',
    footer: 'Runs on this machine; files are sent nowhere.',
    preview: 'Preview the report', preview_town: 'Preview the consolidated report',
    use_config: "Fill the workbook's missing Thông tin items from the remembered office details (as --config)",
    general: 'General', error: 'error', warning: 'warning', note: 'note',
    counts: (e, w, n) => `${e} errors, ${w} warnings, ${n} notes`,
    ok_report: 'No errors: the Word report can be downloaded.',
    has_errors: 'The workbook has errors: no report was written. Click each error to see the cell, fix it in Excel and choose the file again.',
    unreadable: 'This file cannot be read:',
    totals_line: (a, c, p, f) => `${a} activities reported, ${c} classes, ${p} participants, women ${f}.`,
    h_tt: 'No.', h_act: 'Activity', h_classes: 'Classes', h_part: 'Participants', h_female: 'Women',
    h_ind: 'Indicator', h_value: 'Value', h_prev: 'Previous', h_unit: 'Unit',
    sheet_of: (s, c) => c ? `Sheet «${s}», cell ${c}` : `Sheet «${s}»`, sheet_part: '(part of the sheet)',
    uploading: (i, n) => `Read ${i}/${n} files`, files_used: (u, n) => `${u}/${n} files used`,
    detected: p => `Period found: ${p}`, unit: 'Unit', month: m => `M${m}`,
    cons_ok: 'Consolidated: the summary and the report can be downloaded.',
    cons_double: 'Some inputs overlap in time: nothing was made. Remove one of each overlapping pair (see below) and choose again.',
    cons_errors: 'Some inputs have errors: nothing was made. Fix them, or tick “Make it anyway, leaving files with errors out”.',
    saved: p => `The office details were remembered in ${p}.`, loaded: p => `Office details from ${p}.`,
    by_period: 'Participants by month', no_diag: 'No problems.',
    cons_totals: (c, p, f) => `${c} classes, ${p} participants, women ${f}.`,
  },
};

const token = new URLSearchParams(location.search).get('t') || '';
let lang = localStorage.getItem('baocao-lang') === 'en' ? 'en' : 'vi';
const tr = k => T[lang][k];
const $ = id => document.getElementById(id);
const num = v => (v === null || v === undefined) ? '—' : new Intl.NumberFormat('vi-VN', {maximumFractionDigits: 2}).format(v);
let current = null;      // the last check's id
let batch = null;        // the consolidation's id
let lastRun = null;

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
}

function api(path, params) {
  const q = new URLSearchParams(params || {});
  q.set('lang', lang);
  return `/api/${path}?${q}`;
}

function link(path) {
  const q = new URLSearchParams({t: token, lang});
  return `/api/${path}?${q}`;
}

async function call(method, path, params, body) {
  const r = await fetch(api(path, params), {method, headers: {'X-Baocao-Token': token}, body});
  let v = null;
  try { v = await r.json(); } catch (_) { v = null; }
  if (!r.ok) {
    const e = (v && v.error) || {message_vi: `Lỗi ${r.status}`, message_en: `Error ${r.status}`};
    throw new Error(lang === 'en' ? e.message_en : e.message_vi);
  }
  return v;
}

function applyTexts() {
  document.documentElement.lang = lang;
  for (const e of document.querySelectorAll('[data-t]')) {
    const v = tr(e.dataset.t);
    if (typeof v === 'string') e.textContent = v;
  }
  $('lang').textContent = lang === 'vi' ? 'English' : 'Tiếng Việt';
  $('lang').lang = lang === 'vi' ? 'en' : 'vi';
  $('tpl-blank').href = link('template.xlsx');
  $('tpl-example').href = link('example.xlsx');
}

// --- tabs -------------------------------------------------------------
const tabs = ['check', 'cons', 'tpl'];
function show(name) {
  for (const t of tabs) {
    $('tab-' + t).setAttribute('aria-selected', String(t === name));
    $('tab-' + t).tabIndex = t === name ? 0 : -1;
    $('screen-' + t).hidden = t !== name;
  }
}
for (const t of tabs) {
  $('tab-' + t).addEventListener('click', () => show(t));
  $('tab-' + t).addEventListener('keydown', ev => {
    const i = tabs.indexOf(t);
    const next = ev.key === 'ArrowRight' ? tabs[(i + 1) % 3] : ev.key === 'ArrowLeft' ? tabs[(i + 2) % 3] : null;
    if (next) { show(next); $('tab-' + next).focus(); }
  });
}

// --- diagnostics, grouped by sheet -----------------------------------
function diagList(diags, onPick) {
  const box = el('div');
  if (!diags.length) { box.append(el('p', {text: tr('no_diag')})); return box; }
  const groups = new Map();
  for (const d of diags) {
    const g = (d.file ? d.file + ' › ' : '') + (d.sheet || tr('general'));
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(d);
  }
  const rank = {error: 0, warning: 1, note: 2};
  for (const [g, ds] of groups) {
    box.append(el('h4', {class: 'group', text: g}));
    const ul = el('ul', {class: 'diags'});
    ds.sort((a, b) => rank[a.severity] - rank[b.severity]);
    for (const d of ds) {
      const place = d.cell ? `${d.sheet}!${d.cell}` : (d.label || '');
      const body = [el('span', {class: 'sev ' + d.severity, text: tr(d.severity)}), ' ',
        place ? el('b', {text: place + ': '}) : null, d.message, ' ', el('code', {text: d.code})];
      let item;
      if (onPick && d.sheet && !d.file) {
        item = el('button', {type: 'button', class: 'diag', 'data-cell': d.cell || '', 'data-sheet': d.sheet}, ...body);
        item.addEventListener('click', () => onPick(d.sheet, d.cell));
      } else {
        item = el('span', {class: 'diag'}, ...body);
      }
      ul.append(el('li', {}, item));
    }
    box.append(ul);
  }
  return box;
}

// --- Kiểm tra ---------------------------------------------------------
async function checkFile(file) {
  $('check-busy').hidden = false;
  $('check-result').hidden = true;
  try {
    const params = {name: file.name};
    if ($('check-config').checked) params.config = '1';
    const v = await call('POST', 'check', params, file);
    current = v.id;
    drawCheck(v);
  } catch (e) {
    current = null;
    $('check-result').hidden = false;
    $('check-name').textContent = file.name;
    $('check-verdict').textContent = e.message;
    $('check-verdict').className = 'verdict bad';
    $('check-docx').hidden = true;
  } finally {
    $('check-busy').hidden = true;
  }
}

function drawCheck(v) {
  const f = v.file;
  $('check-result').hidden = false;
  $('sheet-view').hidden = true;
  $('check-name').textContent = v.name + (v.period_label ? ' — ' + v.period_label : '');
  const c = v.counts;
  let verdict;
  if (!v.readable) verdict = tr('unreadable') + ' ' + (f.diagnostics[0] ? f.diagnostics[0].message : '');
  else verdict = (v.can_report ? tr('ok_report') : tr('has_errors')) + ' (' + tr('counts')(c.error, c.warning, c.note) + ')';
  $('check-verdict').textContent = verdict;
  $('check-verdict').className = 'verdict ' + (v.can_report ? 'good' : 'bad');
  $('check-docx').hidden = !v.can_report;
  $('check-docx').href = link(`check/${v.id}/report.docx`);
  $('check-json').href = link(`check/${v.id}/check.json`);
  showPreview('check', v.can_report ? `check/${v.id}/preview` : null);
  $('check-diags').replaceChildren(diagList(f.diagnostics.filter(d => d.severity !== 'note'), showSheet));
  const reported = f.activities.filter(a => a.classes !== null || a.participants !== null).length;
  const t = f.totals || {};
  $('check-totals').textContent = v.readable ? tr('totals_line')(reported, num(t.classes), num(t.participants), num(t.female)) : '';
  const acts = $('check-activities');
  acts.replaceChildren();
  if (f.activities.length) {
    acts.append(el('tr', {}, ...['h_tt', 'h_act', 'h_classes', 'h_part', 'h_female'].map(h => el('th', {text: tr(h)}))));
    f.activities.forEach((a, i) => acts.append(el('tr', {},
      el('td', {text: a.code !== null && a.code !== undefined ? String(a.code) : String(i + 1)}), el('td', {text: a.name}),
      el('td', {class: 'n', text: num(a.classes)}), el('td', {class: 'n', text: num(a.participants)}), el('td', {class: 'n', text: num(a.female)}))));
  }
  const inds = $('check-indicators');
  inds.replaceChildren();
  if (f.indicators.length) {
    inds.append(el('tr', {}, ...['h_ind', 'h_unit', 'h_value', 'h_prev'].map(h => el('th', {text: tr(h)}))));
    for (const i of f.indicators) inds.append(el('tr', {}, el('td', {text: i.name}), el('td', {text: i.unit || ''}),
      el('td', {class: 'n', text: num(i.value)}), el('td', {class: 'n', text: num(i.previous)})));
  }
  $('check-directives').replaceChildren(...f.directives.map(d =>
    el('li', {text: [d.number, d.date, d.issuer, d.summary].filter(Boolean).join(' — ')})));
}

// The report's pages as HTML, made by the server from the document model
// the .docx is written from (every text escaped there).
async function showPreview(which, path) {
  const box = $(which + '-preview-box');
  box.hidden = !path;
  $(which + '-preview').replaceChildren();
  if (!path) return;
  try { $(which + '-preview').innerHTML = (await call('GET', path, {})).html; } catch (e) { box.hidden = true; }
}

async function showSheet(sheet, cell) {
  if (!current) return;
  try {
    const g = await call('GET', `check/${current}/sheet`, {name: sheet, cell: cell || ''});
    const table = $('sheet-grid');
    table.replaceChildren();
    table.append(el('tr', {}, el('th', {class: 'corner'}), ...g.columns.map(c => el('th', {text: c}))));
    let marked = null;
    g.rows.forEach((row, i) => {
      const r = g.first_row + i;
      const tr_ = el('tr', {}, el('th', {text: String(r)}));
      row.forEach((v, j) => {
        const td = el('td', {text: v});
        if (g.mark && g.mark.row === r && g.mark.col === g.columns[j]) {
          td.className = 'mark';
          td.id = 'marked-cell';
          td.title = g.mark.a1;
          marked = td;
        }
        tr_.append(td);
      });
      table.append(tr_);
    });
    $('sheet-title').textContent = tr('sheet_of')(g.sheet, g.mark && g.mark.a1) + (g.truncated ? ' ' + tr('sheet_part') : '');
    $('sheet-view').hidden = false;
    // The marked cell in the middle of the grid's own scroll area, the row
    // numbers and column letters still in view.
    const wrap = table.parentElement;
    $('sheet-view').scrollIntoView({block: 'nearest'});
    if (marked) {
      wrap.scrollTop = Math.max(0, marked.offsetTop - wrap.clientHeight / 2);
      wrap.scrollLeft = Math.max(0, marked.offsetLeft - wrap.clientWidth / 2);
    }
  } catch (e) {
    $('sheet-title').textContent = e.message;
    $('sheet-view').hidden = false;
  }
}

$('check-file').addEventListener('change', ev => { const f = ev.target.files[0]; if (f) checkFile(f); });

// --- Tổng hợp ---------------------------------------------------------
const WORKBOOK = /\.(xlsx|xlsm|xls|ods)$/i;

async function filesOfEntry(entry, path, out) {
  if (entry.isFile) {
    const f = await new Promise((ok, bad) => entry.file(ok, bad));
    if (WORKBOOK.test(f.name)) out.push({file: f, path: path + f.name});
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch_ = await new Promise((ok, bad) => reader.readEntries(ok, bad));
      if (!batch_.length) break;
      for (const e of batch_) await filesOfEntry(e, path + entry.name + '/', out);
    }
  }
}

async function uploadAll(list) {
  list = list.filter(x => WORKBOOK.test(x.path)).sort((a, b) => a.path < b.path ? -1 : 1);
  if (!list.length) return;
  $('cons-result').hidden = true;
  const b = await call('POST', 'batch', {}, '');
  batch = b.id;
  $('cons-run').disabled = true;
  $('cons-progress-wrap').hidden = false;
  const bar = $('cons-progress');
  bar.max = list.length;
  bar.value = 0;
  let done = 0;
  let failed = null;
  const next = (() => { let i = 0; return () => i < list.length ? list[i++] : null; })();
  // Two at a time: the server reads each on its own worker.
  const lane = async () => {
    for (let x = next(); x; x = next()) {
      try { await call('POST', `batch/${batch}/file`, {name: x.path}, x.file); } catch (e) { failed = failed || e; }
      done += 1;
      bar.value = done;
      $('cons-progress-text').textContent = tr('uploading')(done, list.length);
    }
  };
  await Promise.all([lane(), lane()]);
  $('cons-run').disabled = false;
  if (failed) { $('cons-verdict').textContent = failed.message; $('cons-result').hidden = false; }
  await runBatch();
}

function officeForm() {
  const f = $('office').elements;
  const lines = v => v.split('\n').map(s => s.trim()).filter(Boolean);
  const o = {};
  for (const k of ['authority', 'issuer', 'area', 'place', 'number', 'date', 'signer_authority', 'signer_title', 'signer_name']) o[k] = f[k].value;
  o.recipients = lines(f.recipients.value);
  o.copies_to = lines(f.copies_to.value);
  return {office: o, remember: f.remember.checked};
}

async function runBatch() {
  if (!batch) return;
  const form = officeForm();
  const body = JSON.stringify({period: $('cons-period').value.trim(), allow_errors: $('cons-allow').checked,
    office: form.office, remember: form.remember});
  try {
    const v = await call('POST', `batch/${batch}/run`, {}, body);
    drawBatch(v);
  } catch (e) {
    $('cons-result').hidden = false;
    $('cons-verdict').textContent = e.message;
    $('cons-verdict').className = 'verdict bad';
  }
}

function drawBatch(v) {
  lastRun = v;
  $('cons-result').hidden = false;
  const s = v.result.summary;
  $('cons-period-found').textContent = v.period_label ? tr('detected')(v.period_label) : '';
  if (!$('cons-period').value && v.period) $('cons-period').placeholder = v.period;
  const verdict = v.can_download ? tr('cons_ok') : v.double_count ? tr('cons_double') : tr('cons_errors');
  $('cons-verdict').textContent = verdict + ' ' + tr('files_used')(v.used, v.total);
  $('cons-verdict').className = 'verdict ' + (v.can_download ? 'good' : 'bad');
  $('cons-xlsx').hidden = $('cons-docx').hidden = !v.can_download;
  $('cons-xlsx').href = link(`batch/${v.id}/summary.xlsx`);
  $('cons-docx').href = link(`batch/${v.id}/report.docx`);
  showPreview('cons', v.can_download ? `batch/${v.id}/preview` : null);
  if (v.config_saved) {
    $('office-note').textContent = v.config_saved.path ? tr('saved')(v.config_saved.path)
      : (lang === 'en' ? v.config_saved.message_en : v.config_saved.message_vi);
  }
  // The grid: units × months.
  const g = $('coverage');
  g.replaceChildren();
  const months = v.coverage.length ? v.coverage[0].months : [];
  g.append(el('tr', {}, el('th', {text: tr('unit')}), ...months.map(m => el('th', {text: tr('month')(m.month)}))));
  for (const row of v.coverage) {
    g.append(el('tr', {'data-unit': row.unit}, el('th', {text: row.unit}), ...row.months.map(m => {
      const td = el('td', {class: 'cell ' + m.state, 'data-period': m.period, 'data-state': m.state,
        title: `${row.unit} ${m.period}: ${tr(m.state)}${m.files.length ? '\n' + m.files.join('\n') : ''}`});
      td.append(el('span', {class: 'sr', text: tr(m.state)}));
      return td;
    })));
  }
  const t = s.totals || {};
  $('cons-totals').textContent = tr('cons_totals')(num(t.classes), num(t.participants), num(t.female));
  // A bar per sub-period: participants.
  const chart = $('cons-chart');
  chart.replaceChildren();
  const max = Math.max(1, ...s.by_period.map(p => p.participants || 0));
  chart.setAttribute('aria-label', tr('by_period'));
  chart.append(el('p', {class: 'small', text: tr('by_period')}));
  for (const p of s.by_period) {
    const bar = el('div', {class: 'bar', title: `${p.period}: ${num(p.participants)}`});
    bar.style.height = `${Math.round(100 * (p.participants || 0) / max)}%`;
    chart.append(el('div', {class: 'col'}, bar, el('span', {text: p.period.slice(5) || p.period})));
  }
  const diags = [];
  for (const f of v.result.files) for (const d of f.diagnostics) diags.push(Object.assign({file: f.path}, d));
  for (const d of s.diagnostics) diags.push(d);
  $('cons-diags').replaceChildren(diagList(diags.filter(d => d.severity !== 'note'), null));
}

$('cons-files').addEventListener('change', ev => uploadAll([...ev.target.files].map(f => ({file: f, path: f.name}))));
$('cons-folder').addEventListener('change', ev => uploadAll([...ev.target.files].map(f => ({file: f, path: f.webkitRelativePath || f.name}))));
$('cons-run').addEventListener('click', runBatch);
$('cons-period').addEventListener('keydown', ev => { if (ev.key === 'Enter') runBatch(); });

for (const [zone, many] of [['check-drop', false], ['cons-drop', true]]) {
  const z = $(zone);
  z.addEventListener('dragover', ev => { ev.preventDefault(); z.classList.add('over'); });
  z.addEventListener('dragleave', () => z.classList.remove('over'));
  z.addEventListener('drop', async ev => {
    ev.preventDefault();
    z.classList.remove('over');
    if (!many) { const f = ev.dataTransfer.files[0]; if (f) checkFile(f); return; }
    const out = [];
    const entries = [...ev.dataTransfer.items].map(i => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
    if (entries.length) { for (const e of entries) await filesOfEntry(e, '', out); }
    else for (const f of ev.dataTransfer.files) out.push({file: f, path: f.name});
    uploadAll(out);
  });
}

async function loadOffice() {
  try {
    const v = await call('GET', 'config', {});
    const f = $('office').elements;
    for (const [k, val] of Object.entries(v.office)) {
      if (f[k]) f[k].value = Array.isArray(val) ? val.join('\n') : val;
    }
    if (v.error) $('office-note').textContent = lang === 'en' ? v.error.message_en : v.error.message_vi;
    else if (v.exists) $('office-note').textContent = tr('loaded')(v.path);
  } catch (_) { /* the form stays empty */ }
}

$('lang').addEventListener('click', async () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  localStorage.setItem('baocao-lang', lang);
  applyTexts();
  if (current) { try { drawCheck(await call('GET', `check/${current}`, {})); } catch (_) { /* kept as is */ } }
  if (lastRun) { try { drawBatch(await call('GET', `batch/${lastRun.id}`, {})); } catch (_) { /* kept as is */ } }
});

// The server stops a while after the page stops calling (its window closed).
setInterval(async () => {
  try { await call('GET', 'ping', {}); $('stopped').hidden = true; } catch (_) { $('stopped').hidden = false; }
}, 20000);

applyTexts();
show('check');
loadOffice();
