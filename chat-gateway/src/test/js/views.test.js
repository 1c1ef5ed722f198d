// Unit tests of static/views.js (incidents, evidence, the model banner), run by node's own test runner
// (MarkdownRendererTest runs every file here in the build). The views get a small fake document that records what
// they build; setting innerHTML/outerHTML or any attribute throws, so a view that tried would fail here.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const Views = require(path.join(__dirname, '../../main/resources/static/views.js'));

const ATTACK = '<img src=x onerror=alert(1)>';

class FakeText {
  constructor(text) {
    this.nodeType = 3;
    this.data = String(text);
  }

  get textContent() {
    return this.data;
  }
}

class FakeElement {
  constructor(tag) {
    this.nodeType = 1;
    this.tagName = tag.toLowerCase();
    this.childNodes = [];
    this.className = '';
    this.hidden = false;
    this.value = '';
  }

  set innerHTML(html) {
    throw new Error('innerHTML set to ' + html);
  }

  set outerHTML(html) {
    throw new Error('outerHTML set to ' + html);
  }

  insertAdjacentHTML() {
    throw new Error('insertAdjacentHTML');
  }

  setAttribute(name) {
    throw new Error('attribute ' + name + ' set');
  }

  get textContent() {
    return this.childNodes.map((n) => n.textContent).join('');
  }

  set textContent(text) {
    this.childNodes = [new FakeText(text)];
  }

  appendChild(node) {
    assert.ok(node instanceof FakeElement || node instanceof FakeText, 'only nodes of this document are appended');
    this.childNodes.push(node);
    return node;
  }

  append(...nodes) {
    nodes.forEach((n) => this.appendChild(typeof n === 'string' ? new FakeText(n) : n));
  }

  replaceChildren(...nodes) {
    this.childNodes = [];
    this.append(...nodes);
  }
}

const fakeDocument = {
  createElement: (tag) => new FakeElement(tag),
  createTextNode: (text) => new FakeText(text)
};

const views = Views.create(fakeDocument);

/** Every element under (and including) root, depth first. */
function elements(root) {
  const out = [];
  (function walk(node) {
    if (node instanceof FakeElement) {
      out.push(node);
      node.childNodes.forEach(walk);
    }
  })(root);
  return out;
}

/** What a browser would show, as HTML with every text escaped (as createTextNode does). */
function html(node) {
  if (node instanceof FakeText) {
    return node.data.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }
  const cls = node.className ? ` class="${node.className}"` : '';
  return `<${node.tagName}${cls}>${node.childNodes.map(html).join('')}</${node.tagName}>`;
}

function assertNoInjectedElements(root) {
  const tags = elements(root).map((e) => e.tagName);
  for (const forbidden of ['img', 'script', 'a', 'iframe', 'svg', 'object', 'embed']) {
    assert.ok(!tags.includes(forbidden), `a ${forbidden} element was built: ${html(root)}`);
  }
}

function incident(overrides) {
  return Object.assign({
    analyzer: 'crash-loop', severity: 'critical', namespace: 'demo', kind: 'Deployment', name: 'greeter',
    reason: 'CrashLoopBackOff', count: 12, firstSeen: '2026-01-01T10:00:00Z', lastSeen: '2026-01-01T10:30:00Z',
    summary: 'greeter keeps crashing', evidence: [], fingerprint: 'fp-1', scope: 1, affected: []
  }, overrides);
}

test('an incident summary, reason and names with markup stay text', () => {
  const section = views.diagnosisSection({
    namespace: 'demo', asOf: '2026-01-01T10:31:00Z',
    incidents: [incident({ summary: ATTACK, reason: '<script>alert(1)</script>', name: '<b>x</b>' })]
  });
  assertNoInjectedElements(section);
  const shown = html(section);
  assert.ok(shown.includes('&lt;img src=x onerror=alert(1)&gt;'), shown);
  assert.ok(shown.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), shown);
  assert.ok(section.textContent.includes(ATTACK));
});

test('an incident shows its severity, kind/name, reason, count, summary and evidence lines', () => {
  const section = views.diagnosisSection({
    namespace: 'demo', asOf: '2026-01-01T10:31:00Z',
    incidents: [incident({
      evidence: [{ object: 'Pod/demo/greeter-abc', reason: 'BackOff', message: 'Back-off restarting failed container',
        time: '2026-01-01T10:30:00Z' }]
    })]
  });
  const item = elements(section).find((e) => e.className === 'incident level-critical');
  assert.ok(item, html(section));
  const text = item.textContent;
  for (const part of ['CRITICAL', 'Deployment/greeter', 'CrashLoopBackOff', '×12', 'greeter keeps crashing',
    'Pod/demo/greeter-abc', 'BackOff', 'Back-off restarting failed container']) {
    assert.ok(text.includes(part), `${part} in ${text}`);
  }
  assert.equal(section.childNodes[0].textContent, 'Incidents in namespace demo');
});

test('a namespace without incidents says so', () => {
  const section = views.diagnosisSection({ namespace: 'quiet', asOf: '2026-01-01T10:31:00Z', incidents: [] });
  assert.equal(section.childNodes[0].textContent, 'No incidents in namespace quiet');
  assert.equal(elements(section).filter((e) => e.className.startsWith('incident ')).length, 0);
});

test('container log lines are one preformatted block of text, in an incident and under an answer', () => {
  const log = `panic: cannot connect\n${ATTACK}\n\tat main.go:12`;
  const section = views.diagnosisSection({
    namespace: 'demo', incidents: [incident({
      evidence: [{ object: 'Pod/demo/greeter-abc', reason: 'ContainerLog', message: log, time: null }]
    })]
  });
  const evidence = views.evidenceSection([{
    id: 'E2', object: { kind: 'Pod', namespace: 'demo', name: 'greeter-abc' }, reason: 'ContainerLog', message: log
  }]);
  for (const root of [section, evidence]) {
    assertNoInjectedElements(root);
    const blocks = elements(root).filter((e) => e.tagName === 'pre');
    assert.equal(blocks.length, 1, html(root));
    assert.equal(blocks[0].className, 'log');
    assert.equal(blocks[0].textContent, log, 'the lines are kept as they are');
    assert.equal(blocks[0].childNodes.length, 1, 'one text node, no elements inside');
  }
  const oneLine = views.evidenceSection([{ id: 'E1', reason: 'BackOff', message: 'Back-off restarting' }]);
  assert.equal(elements(oneLine).filter((e) => e.tagName === 'pre').length, 0);
});

test('the model banner shows the detail and the action as text and hides when ready', () => {
  const banner = new FakeElement('div');
  banner.hidden = true;
  const models = {
    state: 'NOT_PULLED', configuredModel: 'mistral', detail: `model mistral is not pulled ${ATTACK}`,
    action: 'ollama pull mistral', checkedAt: '2026-01-01T10:00:00Z', workers: []
  };
  views.showModelBanner(banner, Views.modelBannerView(models, null));
  assert.equal(banner.hidden, false);
  assertNoInjectedElements(banner);
  assert.ok(banner.textContent.startsWith('Model unavailable — findings only.'), banner.textContent);
  assert.ok(banner.textContent.includes(ATTACK));
  const action = elements(banner).find((e) => e.tagName === 'code');
  assert.equal(action.textContent, 'ollama pull mistral');

  views.showModelBanner(banner, Views.modelBannerView(Object.assign({}, models, { state: 'READY', detail: null,
    action: null }), null));
  assert.equal(banner.hidden, true);
  assert.equal(banner.textContent, '');
});

test('the banner says the status is unknown when no worker reported, with what to do', () => {
  const view = Views.modelBannerView({
    state: 'UNKNOWN', detail: 'no agent-worker has reported on its model yet', action: 'start an agent-worker',
    checkedAt: null, workers: []
  }, null);
  assert.deepEqual(view, {
    kind: 'unknown', title: 'Model status unknown.', detail: 'no agent-worker has reported on its model yet',
    action: 'start an agent-worker'
  });
});

test('the newer of the report and the last answer decides the banner', () => {
  const reportAt = Date.parse('2026-01-01T10:00:00Z');
  const unreachable = { state: 'UNREACHABLE', detail: 'Ollama does not answer', action: 'start Ollama',
    checkedAt: '2026-01-01T10:00:00Z' };
  const ready = Object.assign({}, unreachable, { state: 'READY', detail: null, action: null });
  const modelAnswer = (at) => ({ mode: 'MODEL', notice: null, at });
  const findingsOnly = (at) => ({ mode: 'FINDINGS_ONLY', notice: 'the model timed out', at });

  // an answer from the model after the report: the model works now
  assert.equal(Views.modelBannerView(unreachable, modelAnswer(reportAt + 1000)), null);
  // a report after that answer: it decides again
  assert.equal(Views.modelBannerView(unreachable, modelAnswer(reportAt - 1000)).detail, 'Ollama does not answer');
  // a findings-only answer after a READY report: the answer's notice
  assert.deepEqual(Views.modelBannerView(ready, findingsOnly(reportAt + 1000)), {
    kind: 'warn', title: 'Model unavailable — findings only.', detail: 'the model timed out', action: null
  });
  // a findings-only answer with a failing report: the report says what to do
  assert.equal(Views.modelBannerView(unreachable, findingsOnly(reportAt + 1000)).action, 'start Ollama');
  // no report at all (e.g. /api/models unreachable): the answers alone
  assert.equal(Views.modelBannerView(null, findingsOnly(reportAt)).title, 'Model unavailable — findings only.');
  assert.equal(Views.modelBannerView(null, null), null);
  assert.equal(Views.modelBannerView({ state: 'UNKNOWN', checkedAt: null }, modelAnswer(reportAt)), null);
});
