// The workbench's only script, served by the service itself (no CDN, no framework). Everything that comes from
// rules, cases or callers is put on the page with textContent, never as HTML.
'use strict';

(function () {
  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('data-') || key.startsWith('aria-')) node.setAttribute(key, value);
      else if (key === 'href') node.setAttribute('href', value);
      else node[key] = value;
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  async function api(method, url, body, accept) {
    const options = { method, credentials: 'same-origin', headers: { Accept: accept || 'application/json' } };
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    const response = await fetch(url, options);
    if (accept === 'application/zip' && response.ok) return { status: response.status, ok: true, blob: await response.blob() };
    let data = null;
    const text = await response.text();
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
    return { status: response.status, ok: response.ok, data };
  }

  function sourceLink(file, line) {
    return '/source?file=' + encodeURIComponent(file) + '&line=' + line + '#L' + line;
  }

  // ------------------------------------------------------------------ code editor

  const DRL_KEYWORDS = new Set(['package', 'import', 'rule', 'when', 'then', 'end', 'not', 'exists', 'and', 'or',
    'from', 'collect', 'accumulate', 'eval', 'forall', 'instanceof', 'true', 'false', 'null', 'function', 'query',
    'declare', 'global', 'salience', 'new', 'return', 'if', 'else', 'matches', 'memberOf', 'contains', 'in']);
  const TOKEN = /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|"(?:[^"\\\n]|\\.)*"?|@[A-Za-z_][\w]*|\$[A-Za-z_]\w*|\b\d+(?:\.\d+)?\b|\b[A-Za-z_]\w*\b)/g;

  function highlightInto(target, text, lang) {
    target.textContent = '';
    const lines = text.split('\n');
    let inComment = false;
    lines.forEach((line, index) => {
      const row = el('span', { class: 'line', 'data-line': String(index + 1) });
      let last = 0;
      let rest = line;
      if (inComment) {
        const close = line.indexOf('*/');
        const upto = close < 0 ? line.length : close + 2;
        row.append(el('span', { class: 'tok-comment', text: line.slice(0, upto) }));
        inComment = close < 0;
        last = upto;
        rest = line.slice(upto);
      }
      if (!inComment) {
        TOKEN.lastIndex = 0;
        let match;
        const base = last;
        while ((match = TOKEN.exec(rest)) !== null) {
          if (match.index > last - base) row.append(rest.slice(last - base, match.index));
          const token = match[0];
          let cls = null;
          if (token.startsWith('//')) cls = 'tok-comment';
          else if (token.startsWith('/*')) { cls = 'tok-comment'; if (!token.endsWith('*/')) inComment = true; }
          else if (token.startsWith('"')) cls = lang === 'json' && /^\s*:/.test(rest.slice(match.index + token.length)) ? 'tok-key' : 'tok-string';
          else if (token.startsWith('@')) cls = 'tok-annotation';
          else if (token.startsWith('$')) cls = 'tok-variable';
          else if (/^\d/.test(token)) cls = 'tok-number';
          else if (lang === 'drl' && DRL_KEYWORDS.has(token)) cls = 'tok-keyword';
          else if (lang === 'json' && (token === 'true' || token === 'false' || token === 'null')) cls = 'tok-keyword';
          else if (lang === 'drl' && /^[A-Z]/.test(token)) cls = 'tok-type';
          row.append(cls ? el('span', { class: cls, text: token }) : token);
          last = base + match.index + token.length;
        }
        if (last - base < rest.length) row.append(rest.slice(last - base));
      }
      row.append('\n');
      target.append(row);
    });
  }

  /** Turns a textarea.code into an editor with line numbers and highlighting; returns its controller. */
  function makeEditor(textarea) {
    const lang = textarea.dataset.lang || 'drl';
    textarea.setAttribute('wrap', 'off');
    const wrapper = el('div', { class: 'editor' });
    const gutter = el('div', { class: 'gutter', 'aria-hidden': 'true' });
    const stage = el('div', { class: 'stage' });
    const overlay = el('pre', { class: 'overlay', 'aria-hidden': 'true' });
    textarea.parentNode.insertBefore(wrapper, textarea);
    stage.append(overlay, textarea);
    wrapper.append(gutter, stage);
    let errors = new Map();

    function render() {
      const text = textarea.value;
      highlightInto(overlay, text, lang);
      const count = text.split('\n').length;
      gutter.textContent = '';
      for (let i = 1; i <= count; i++) {
        const n = el('div', { class: 'gutter-line' + (errors.has(i) ? ' has-error' : ''), 'data-line': String(i), text: String(i) });
        if (errors.has(i)) n.title = errors.get(i).join('\n');
        gutter.append(n);
      }
      for (const line of errors.keys()) {
        const row = overlay.querySelector('.line[data-line="' + line + '"]');
        if (row) row.classList.add('has-error');
      }
      sync();
    }
    function sync() {
      overlay.style.transform = 'translate(' + (-textarea.scrollLeft) + 'px,' + (-textarea.scrollTop) + 'px)';
      gutter.scrollTop = textarea.scrollTop;
    }
    textarea.addEventListener('input', () => { errors = new Map(); render(); });
    textarea.addEventListener('scroll', sync);
    textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Tab' && !event.shiftKey) {
        event.preventDefault();
        const start = textarea.selectionStart;
        textarea.setRangeText('    ', start, textarea.selectionEnd, 'end');
        render();
      }
    });
    render();
    return {
      textarea,
      setErrors(list) {
        errors = new Map();
        for (const e of list) {
          if (!errors.has(e.line)) errors.set(e.line, []);
          errors.get(e.line).push(e.message);
        }
        render();
      },
      goTo(line) {
        const lines = textarea.value.split('\n');
        let offset = 0;
        for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
        textarea.focus();
        textarea.setSelectionRange(offset, offset + (lines[line - 1] || '').length);
        const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
        textarea.scrollTop = Math.max(0, (line - 5) * lineHeight);
        sync();
      },
      refresh: render,
    };
  }

  // ------------------------------------------------------------------ catalogue

  function catalogue() {
    const input = $('#filter');
    const severity = $('#filter-severity');
    function apply() {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      const wanted = severity.value;
      let shown = 0;
      for (const row of $$('tr.finding')) {
        const haystack = row.dataset.search + ' ' + row.dataset.id.toLowerCase();
        const ok = words.every((w) => haystack.includes(w)) && (!wanted || row.dataset.severity === wanted);
        row.hidden = !ok;
        if (ok) shown++;
      }
      for (const section of $$('section.category')) {
        section.hidden = $$('tr.finding', section).every((r) => r.hidden);
      }
      $('#no-match').hidden = shown > 0;
    }
    input.addEventListener('input', apply);
    severity.addEventListener('change', apply);
  }

  // ------------------------------------------------------------------ try

  const SEVERITIES = ['HIGH', 'MEDIUM', 'LOW', 'INFO'];

  function tryPage() {
    const editor = makeEditor($('#request'));
    const requests = JSON.parse($('#requests').textContent);
    const picker = $('#picker');
    const groups = new Map();
    requests.forEach((r, i) => {
      if (!groups.has(r.group)) {
        const group = el('optgroup', { label: r.group });
        groups.set(r.group, group);
        picker.append(group);
      }
      groups.get(r.group).append(el('option', { value: String(i), text: r.label }));
    });
    const a10 = editor.textarea.value;
    picker.addEventListener('change', () => {
      editor.textarea.value = picker.value === '' ? a10 : JSON.stringify(requests[Number(picker.value)].request, null, 2);
      editor.refresh();
      $('#answer').textContent = '';
      $('#violations').textContent = '';
    });
    $('#copy-curl').addEventListener('click', async () => {
      let body = editor.textarea.value;
      try { body = JSON.stringify(JSON.parse(body)); } catch (e) { /* send as typed */ }
      const curl = "curl -s -X POST '" + location.origin + "/evaluate' -H 'Content-Type: application/json' --data-binary @- <<'JSON'\n" + body + '\nJSON';
      const pre = $('#curl');
      pre.hidden = false;
      pre.textContent = curl;
      try { await navigator.clipboard.writeText(curl); pre.dataset.copied = 'yes'; } catch (e) { pre.dataset.copied = 'no'; }
    });
    $('#show-raw').addEventListener('change', () => {
      const raw = $('#raw');
      if (raw) raw.hidden = !$('#show-raw').checked;
    });
    $('#evaluate').addEventListener('click', async () => {
      const answer = $('#answer');
      const violations = $('#violations');
      answer.textContent = '';
      violations.textContent = '';
      editor.setErrors([]);
      const response = await fetch('/evaluate', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: editor.textarea.value,
      });
      const data = await response.json().catch(() => ({ detail: 'the answer is not JSON' }));
      if (!response.ok) {
        renderProblem(data, editor, violations);
        return;
      }
      renderAnswer(data, answer);
    });
  }

  /** Puts a problem document's violations next to the lines of the fields they name. */
  function renderProblem(problem, editor, list) {
    list.append(el('li', { class: 'error', id: 'problem-title', text: (problem.title || 'Error') + ': ' + (problem.detail || '') }));
    const marks = [];
    const lines = editor.textarea.value.split('\n');
    for (const v of problem.violations || []) {
      const key = String(v.field).split(/[.[\]]/).filter((p) => p && !/^\d+$/.test(p)).pop();
      let line = 0;
      if (key) {
        const needle = '"' + key + '"';
        const index = lines.findIndex((l) => l.includes(needle));
        line = index + 1;
      }
      if (line > 0) marks.push({ line, message: v.field + ' ' + v.message });
      const item = el('li', { class: 'violation', 'data-field': v.field },
        el('code', { text: v.field }), ' ', v.message, line > 0 ? el('a', { href: '#', class: 'goto', text: ' (line ' + line + ')' }) : null);
      const link = item.querySelector('a.goto');
      if (link) link.addEventListener('click', (e) => { e.preventDefault(); editor.goTo(line); });
      list.append(item);
    }
    editor.setErrors(marks);
  }

  function renderAnswer(data, target) {
    const summary = data.summary || {};
    target.append(el('p', { class: 'summary', id: 'answer-summary' },
      el('strong', { text: data.findings.length + ' findings' }), ' · highest ', el('span', { class: 'severity ' + (summary.highestSeverity || ''), text: summary.highestSeverity || 'none' }),
      ' · legitimacy risk ', el('strong', { text: summary.overallLegitimacyRisk || 'none' }),
      ' · rules ', el('code', { text: data.ruleSetVersion })));
    for (const severity of SEVERITIES) {
      const findings = data.findings.filter((f) => f.severity === severity);
      if (findings.length === 0) continue;
      const section = el('section', { class: 'severity-group', 'data-severity': severity },
        el('h2', {}, el('span', { class: 'severity ' + severity, text: severity }), ' ', findings.length));
      for (const f of findings) {
        const facts = Object.entries(f.triggeringFacts || {}).map(([k, v]) => el('li', {}, el('code', { text: k }), ' = ', el('code', { text: JSON.stringify(v) })));
        section.append(el('article', { class: 'answer-finding', 'data-id': f.id, 'data-severity': f.severity },
          el('h3', {}, el('a', { href: '/findings/' + encodeURIComponent(f.id), class: 'finding-id', text: f.id }), ' ', f.title,
            f.aggregate ? el('span', { class: 'tag', text: 'aggregate' }) : null),
          el('p', { class: 'explanation', text: f.explanation }),
          f.subjects && f.subjects.length ? el('p', { class: 'muted', text: 'Subjects: ' + f.subjects.join(', ') }) : null,
          el('details', {}, el('summary', { text: 'Why: triggering facts' }), el('ul', {}, facts)),
          (f.recommendations || []).length ? el('details', { open: true, class: 'recommendations' }, el('summary', { text: 'What to do (from the research)' }),
            el('ol', {}, f.recommendations.map((r) => el('li', { text: r })))) : null,
          (f.practiceNotes || []).length ? el('details', { open: true, class: 'practice-notes' }, el('summary', { text: 'Practice notes (not from the research)' }),
            el('ol', {}, f.practiceNotes.map((r) => el('li', { text: r })))) : null,
          el('details', {}, el('summary', { text: 'Research' }), el('p', { text: (f.source || {}).citation + ' (' + (f.source || {}).seed + ')' }),
            el('p', { class: 'muted', text: (f.source || {}).paraphrase }))));
      }
      target.append(section);
    }
    const raw = el('pre', { class: 'json', id: 'raw', text: JSON.stringify(data, null, 2) });
    raw.hidden = !$('#show-raw').checked;
    target.append(raw);
  }

  // ------------------------------------------------------------------ edit and roll back

  function changeSetFromEditors(editors) {
    return {
      changes: $$('section.file').map((section, i) => ({
        path: section.dataset.path,
        content: $('.delete-file', section) && $('.delete-file', section).checked ? null : editors[i].textarea.value,
        baseSha: section.dataset.baseSha || null,
      })),
    };
  }

  function editPage() {
    const editors = $$('textarea.code').map(makeEditor);
    if (editors.length === 0) return;
    wireChangeButtons(() => changeSetFromEditors(editors), editors);
  }

  function rollbackPage() {
    const changes = JSON.parse($('#changes').textContent);
    wireChangeButtons(() => changes, []);
  }

  function editorFor(editors, path) {
    const sections = $$('section.file');
    const index = sections.findIndex((s) => s.dataset.path === path);
    return index < 0 ? null : editors[index];
  }

  function wireChangeButtons(changes, editors) {
    const progress = $('#progress');
    const report = $('#report');
    $('#validate').addEventListener('click', async () => {
      progress.textContent = 'Validating: compiling beside the served rules, running cases and samples…';
      report.textContent = '';
      const response = await api('POST', '/rules/changes/validate', changes());
      progress.textContent = '';
      if (!response.ok) { report.append(problemBox(response.data)); return; }
      renderReport(response.data, report, editors);
    });
    const publish = $('#publish');
    publish.addEventListener('click', async () => {
      publish.disabled = true;
      progress.textContent = 'Publishing…';
      report.textContent = '';
      const response = await api('POST', '/rules/changes/publish', changes());
      if (!response.ok) {
        progress.textContent = '';
        publish.disabled = false;
        report.append(problemBox(response.data));
        return;
      }
      const expected = response.data.expectedVersion;
      progress.textContent = 'Published. Waiting for the service to reload and serve ' + expected + '…';
      const outcome = await followReload(expected);
      progress.textContent = '';
      if (outcome.served) {
        report.append(el('div', { class: 'ok', id: 'published' }, 'Now serving ', el('code', { text: expected }), '. ',
          el('a', { href: '/', text: 'Catalogue' }), ' · ', el('a', { href: '/try', text: 'Try it' }), ' · ', el('a', { href: '/status', text: 'Status and history' })));
        updateHeader(outcome.rules);
        for (const section of $$('section.file')) {
          const del = $('.delete-file', section);
          if (del && del.checked) section.remove();
        }
        const files = await api('GET', '/rules/files');
        if (files.ok) {
          for (const section of $$('section.file')) {
            const f = files.data.files.find((x) => x.path === section.dataset.path);
            section.dataset.baseSha = f ? f.sha : '';
          }
        }
      } else if (outcome.failed) {
        report.append(el('div', { class: 'error', id: 'publish-failed' }, 'The reload of ', el('code', { text: expected }),
          ' failed; the previous rules keep serving.'), errorList(outcome.failed.errors || [], editors));
      } else {
        report.append(el('div', { class: 'warn', text: 'The service has not served ' + expected + ' yet; see Status and history.' }));
      }
      publish.disabled = false;
    });
    $('#download').addEventListener('click', async () => {
      const response = await api('POST', '/rules/changes/zip', changes(), 'application/zip');
      if (!response.ok) { report.append(problemBox(response.data)); return; }
      const link = el('a', { href: URL.createObjectURL(response.blob), download: 'rules-change.zip' });
      document.body.append(link);
      link.click();
      link.remove();
    });
  }

  /** Polls GET /rules until the expected version is served or its reload failed (at most two minutes). */
  async function followReload(expected) {
    const until = Date.now() + 120000;
    while (Date.now() < until) {
      const response = await api('GET', '/rules');
      if (response.ok) {
        const rules = response.data;
        if (rules.ruleSetVersion === expected) return { served: true, rules };
        const last = rules.lastReload;
        if (last && last.outcome === 'FAILED' && last.attemptedVersion === expected) return { failed: last };
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return {};
  }

  function updateHeader(rules) {
    $('#served-version').textContent = rules.ruleSetVersion;
    $('#served-count').textContent = String(rules.ruleCount);
    const outcome = $('#served-outcome');
    outcome.textContent = rules.lastReload ? rules.lastReload.outcome : '';
    outcome.className = 'outcome ' + outcome.textContent;
    $('#served').dataset.version = rules.ruleSetVersion;
  }

  function problemBox(problem) {
    const box = el('div', { class: 'error problem', id: 'problem' },
      el('strong', { text: (problem && problem.title) || 'Error' }), ': ', (problem && problem.detail) || '');
    if (problem && problem.violations) {
      box.append(el('ul', {}, problem.violations.map((v) => el('li', {}, el('code', { text: v.field }), ' ', v.message))));
    }
    return box;
  }

  function errorList(errors, editors) {
    const byFile = new Map();
    const list = el('ul', { class: 'errors', id: 'errors' });
    for (const e of errors) {
      const editor = e.file ? editorFor(editors, e.file) : null;
      const where = (e.file || 'rules') + ':' + e.line + ':' + e.column;
      const link = editor ? el('a', { href: '#', class: 'error-at', 'data-file': e.file || '', 'data-line': String(e.line), text: where })
        : e.file ? el('a', { href: sourceLink(e.file, e.line), class: 'error-at', 'data-file': e.file, 'data-line': String(e.line), text: where })
          : el('code', { text: where });
      if (editor) {
        link.addEventListener('click', (event) => { event.preventDefault(); editor.goTo(e.line); });
        if (!byFile.has(e.file)) byFile.set(e.file, []);
        byFile.get(e.file).push(e);
      }
      list.append(el('li', {}, link, ' ', e.message));
    }
    for (const editor of editors) editor.setErrors([]);
    for (const [file, list2] of byFile) editorFor(editors, file).setErrors(list2);
    return list;
  }

  function renderReport(r, target, editors) {
    if (!r.valid) {
      target.append(el('h2', { class: 'fail', id: 'report-title', text: 'Does not compile: ' + r.errors.length + ' error(s)' }), errorList(r.errors, editors));
      return;
    }
    for (const editor of editors) editor.setErrors([]);
    target.append(el('h2', { class: 'pass', id: 'report-title' }, 'Compiles: ' + r.ruleCount + ' rules, version ', el('code', { text: r.version })));
    if (r.conflicts && r.conflicts.length) {
      target.append(el('div', { class: 'error', id: 'conflicts' }, 'Changed by someone else since you opened it:',
        el('ul', {}, r.conflicts.map((v) => el('li', {}, el('code', { text: v.field }), ' ', v.message)))));
    }
    if (r.readOnly) target.append(el('p', { class: 'warn', text: 'Cannot publish here: ' + r.readOnly }));
    // Cases
    const failing = r.cases.filter((c) => !c.passed);
    const changedFiles = new Set($$('section.file').map((s) => s.dataset.path));
    const shown = r.cases.filter((c) => !c.passed || changedFiles.has(c.file));
    const cases = el('section', { class: 'report-cases', id: 'report-cases' },
      el('h3', {}, 'Cases: ', el('span', { class: failing.length || r.caseFileErrors.length ? 'fail' : 'pass', id: 'cases-summary',
        text: r.casesPassed + ' of ' + r.casesTotal + ' pass' }),
        r.requirePassingCases && failing.length ? el('span', { class: 'warn', text: ' (rules.require-passing-cases: publishing is refused)' }) : null));
    const caseList = el('ul', { class: 'case-results' });
    for (const e of r.caseFileErrors) caseList.append(el('li', { class: 'fail', text: e }));
    for (const c of shown) {
      caseList.append(el('li', { class: 'case-result ' + (c.passed ? 'pass' : 'fail'), 'data-finding': c.finding || '' },
        el('strong', { text: c.passed ? 'pass' : 'FAIL' }), ' ', c.name, ' ', el('span', { class: 'muted', text: c.file }),
        c.problems.length ? el('ul', {}, c.problems.map((p) => el('li', { text: p }))) : null));
    }
    if (shown.length < r.cases.length) caseList.append(el('li', { class: 'muted', text: (r.cases.length - shown.length) + ' other cases pass' }));
    cases.append(caseList);
    target.append(cases);
    // Impact
    const impact = r.impact;
    const section = el('section', { class: 'impact', id: 'impact' },
      el('h3', {}, 'Impact compared with the served rules: ', el('span', { id: 'impact-summary', text: '+' + impact.added + ' / −' + impact.removed + ' findings' }),
        el('span', { class: 'muted', text: ' over ' + impact.samples + ' sample partnerships and ' + impact.caseRequests + ' case requests' })));
    for (const note of impact.notes) section.append(el('p', { class: 'warn', text: note }));
    if (impact.items.length === 0) {
      section.append(el('p', { class: 'muted', text: 'No finding appears or disappears for any of them.' }));
    } else {
      const rows = impact.items.map((i) => el('tr', { class: 'impact-item ' + i.change, 'data-id': i.id, 'data-origin': i.origin, 'data-change': i.change, 'data-request': i.request },
        el('td', { text: i.change === 'added' ? '+' : '−' }), el('td', {}, el('code', { text: i.id })), el('td', {}, el('span', { class: 'severity ' + i.severity, text: i.severity })),
        el('td', { text: i.title }), el('td', { text: (i.subjects || []).join(', ') || '-' }), el('td', { text: i.request }), el('td', { class: 'muted', text: i.origin })));
      section.append(el('table', { class: 'impact-table' },
        el('thead', {}, el('tr', {}, ['', 'Id', 'Severity', 'Title', 'Subjects', 'Partnership', 'From'].map((h) => el('th', { text: h })))),
        el('tbody', {}, rows)));
    }
    target.append(section);
  }

  // ------------------------------------------------------------------ source view

  function sourcePage() {
    for (const span of $$('pre.source .drl')) {
      const text = span.textContent;
      span.textContent = '';
      const tmp = el('span');
      highlightInto(tmp, text, 'drl');
      const line = tmp.firstChild;
      while (line && line.firstChild) {
        if (line.lastChild && line.lastChild.nodeType === Node.TEXT_NODE && line.lastChild.textContent === '\n') line.lastChild.remove();
        span.append(...Array.from(line.childNodes));
      }
    }
    const target = $('.line.highlight');
    if (target) target.scrollIntoView({ block: 'center' });
  }

  document.addEventListener('DOMContentLoaded', () => {
    const page = document.body.dataset.page;
    if ($('#filter')) catalogue();
    if ($('#requests')) tryPage();
    if ($('#editors')) editPage();
    if ($('#changes')) rollbackPage();
    if ($('pre.source')) sourcePage();
    document.body.dataset.ready = page || 'yes';
  });
})();
