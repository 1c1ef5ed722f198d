// clusterwise chat page. Every piece of text from the user, the model or the cluster is put into the page with
// textContent (never as HTML), so nothing typed or reported can become markup.
'use strict';

(function () {
  const CONVERSATION_KEY = 'clusterwise.conversationId';
  const MAX_INSIGHTS_SHOWN = 200;

  const conversation = document.getElementById('conversation');
  const form = document.getElementById('ask');
  const input = document.getElementById('question');
  const sendButton = document.getElementById('send');
  const emptyHint = document.getElementById('empty-hint');

  // ---------- small DOM helpers (text only) ----------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function objectPath(ref) {
    if (!ref) return '';
    return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
  }

  function when(iso) {
    if (!iso) return '';
    const date = new Date(iso);
    return isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
  }

  function scrollToEnd() {
    conversation.scrollTop = conversation.scrollHeight;
  }

  // ---------- SSE parsing for a fetch() body (EventSource cannot POST) ----------

  /** Feeds decoded text in; calls onEvent({event, data}) for each complete event. Follows the SSE framing rules. */
  function sseParser(onEvent) {
    let buffer = '';
    let eventName = '';
    let dataLines = [];

    function dispatch() {
      if (dataLines.length > 0) {
        onEvent({ event: eventName || 'message', data: dataLines.join('\n') });
      }
      eventName = '';
      dataLines = [];
    }

    function line(text) {
      if (text === '') { dispatch(); return; }
      if (text.startsWith(':')) return; // comment (heartbeat)
      const colon = text.indexOf(':');
      const field = colon === -1 ? text : text.slice(0, colon);
      let value = colon === -1 ? '' : text.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') eventName = value;
      else if (field === 'data') dataLines.push(value);
    }

    return {
      push(text) {
        buffer += text;
        let match;
        const lineBreak = /\r\n|\r|\n/;
        while ((match = lineBreak.exec(buffer)) !== null) {
          // a lone \r at the very end may be the first half of \r\n: wait for more
          if (match[0] === '\r' && match.index === buffer.length - 1) break;
          line(buffer.slice(0, match.index));
          buffer = buffer.slice(match.index + match[0].length);
        }
      },
      end() {
        if (buffer !== '') { line(buffer); buffer = ''; }
        dispatch();
      }
    };
  }

  // ---------- one question and its answer ----------

  function addUserTurn(question) {
    const turn = el('article', 'turn user');
    turn.appendChild(el('div', 'bubble', question));
    conversation.appendChild(turn);
  }

  function addAgentTurn() {
    const turn = el('article', 'turn agent');
    const banner = el('div', 'banner');
    banner.hidden = true;
    const bubble = el('div', 'bubble answer streaming', '');
    const details = el('div', 'details');
    const footnote = el('div', 'footnote');
    turn.append(banner, bubble, details, footnote);
    conversation.appendChild(turn);
    return {
      append(text) { bubble.textContent += text; },
      notice(kind, text) {
        banner.className = 'banner ' + kind;
        banner.textContent = text;
        banner.hidden = false;
      },
      stop() { bubble.classList.remove('streaming'); if (bubble.textContent === '') bubble.hidden = true; },
      complete(reply) {
        bubble.textContent = reply.answer || '';
        this.stop();
        if (reply.mode === 'FINDINGS_ONLY') {
          this.notice('warn', 'model unavailable — findings-only answer: ' + (reply.notice || 'no reason given'));
        }
        renderFindings(details, reply.findings || []);
        renderEvidence(details, reply.evidence || []);
        footnote.textContent = reply.mode === 'MODEL' && reply.model ? 'answered by ' + reply.model : '';
      }
    };
  }

  function renderFindings(container, findings) {
    if (findings.length === 0) return;
    const section = el('section', 'findings');
    section.appendChild(el('h3', null, 'Findings'));
    const list = el('ul');
    for (const f of findings) {
      const item = el('li');
      const severity = String(f.severity || 'info').toLowerCase();
      item.appendChild(el('span', 'sev-' + severity, severity.toUpperCase()));
      item.appendChild(document.createTextNode(' '));
      item.appendChild(el('span', 'object', objectPath(f.object)));
      item.appendChild(document.createTextNode(' — ' + (f.summary || f.reason || '')));
      if (f.count > 1) item.appendChild(document.createTextNode(' (×' + f.count + ')'));
      for (const id of f.evidenceIds || []) {
        item.appendChild(document.createTextNode(' '));
        item.appendChild(el('span', 'tag', id));
      }
      list.appendChild(item);
    }
    section.appendChild(list);
    container.appendChild(section);
  }

  function renderEvidence(container, evidence) {
    if (evidence.length === 0) return;
    const section = el('section', 'evidence');
    section.appendChild(el('h3', null, 'Evidence'));
    const list = el('ul');
    for (const e of evidence) {
      const item = el('li');
      if (e.id) item.appendChild(el('span', 'tag', e.id));
      item.appendChild(el('span', 'object', objectPath(e.object)));
      if (e.reason) item.appendChild(document.createTextNode(' · ' + e.reason));
      if (e.time) {
        item.appendChild(document.createTextNode(' · '));
        item.appendChild(el('span', 'when', when(e.time)));
      }
      if (e.message) item.appendChild(el('div', null, e.message));
      list.appendChild(item);
    }
    section.appendChild(list);
    container.appendChild(section);
  }

  async function problemText(response) {
    try {
      const problem = await response.json();
      return problem.detail || problem.title || ('HTTP ' + response.status);
    } catch (e) {
      return 'HTTP ' + response.status + ' ' + response.statusText;
    }
  }

  async function ask(question) {
    if (emptyHint) emptyHint.remove();
    addUserTurn(question);
    const answer = addAgentTurn();
    scrollToEnd();
    let finished = false;
    try {
      const body = { question };
      const conversationId = sessionStorage.getItem(CONVERSATION_KEY);
      if (conversationId) body.conversationId = conversationId;
      const response = await fetch('/api/chat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'text/event-stream, application/problem+json' },
        body: JSON.stringify(body)
      });
      if (!response.ok) {
        answer.stop();
        answer.notice('bad', await problemText(response));
        finished = true;
        return;
      }
      const parser = sseParser(({ event, data }) => {
        const payload = JSON.parse(data);
        switch (event) {
          case 'meta':
            sessionStorage.setItem(CONVERSATION_KEY, payload.conversationId);
            break;
          case 'chunk':
            answer.append(payload.text);
            break;
          case 'complete':
            answer.complete(payload);
            finished = true;
            break;
          case 'timeout':
            answer.stop();
            answer.notice('bad', payload.message);
            finished = true;
            break;
          case 'error':
            answer.stop();
            answer.notice('bad', payload.message);
            finished = true;
            break;
          default:
            break; // events this page does not know are skipped
        }
        scrollToEnd();
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
      }
      parser.end();
    } catch (e) {
      answer.stop();
      answer.notice('bad', 'The connection to the gateway failed: ' + e.message);
      finished = true;
    } finally {
      if (!finished) {
        answer.stop();
        answer.notice('bad', 'The answer stream closed before the answer was complete.');
      }
      scrollToEnd();
    }
  }

  // ---------- the input ----------

  let busy = false;

  async function submit() {
    const question = input.value.trim();
    if (busy || question === '') return;
    busy = true;
    sendButton.disabled = true;
    input.value = '';
    try {
      await ask(question);
    } finally {
      busy = false;
      sendButton.disabled = false;
      input.focus();
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });

  document.getElementById('new-conversation').addEventListener('click', () => {
    sessionStorage.removeItem(CONVERSATION_KEY);
    conversation.replaceChildren();
    input.focus();
  });

  // ---------- insights side panel ----------

  const insightList = document.getElementById('insights');
  const insightStatus = document.getElementById('insights-status');
  const insightCount = document.getElementById('insights-count');
  const insightsToggle = document.getElementById('insights-toggle');
  const seenInsights = new Set();

  function insightKey(insight) {
    return [insight.fingerprint, insight.transition, insight.detectedAt].join('|');
  }

  function renderInsight(insight) {
    const severity = String(insight.severity || 'info').toLowerCase();
    const item = el('li', 'insight level-' + severity);
    const title = el('div', 'title');
    title.appendChild(el('span', 'sev-' + severity, severity.toUpperCase()));
    title.appendChild(document.createTextNode(' ' + (insight.transition || '') + ' · ' + (insight.title || '')));
    item.appendChild(title);
    item.appendChild(el('div', 'when', when(insight.detectedAt)));
    if (insight.explanation) item.appendChild(el('p', null, insight.explanation));
    if ((insight.affected || []).length > 0) {
      const affected = el('ul');
      for (const ref of insight.affected) affected.appendChild(el('li', 'object', objectPath(ref)));
      item.appendChild(affected);
    }
    const evidence = insight.evidence || [];
    const commands = insight.suggestedCommands || [];
    if (evidence.length > 0 || commands.length > 0) {
      const more = el('details');
      more.appendChild(el('summary', null, 'Evidence and next commands'));
      const list = el('ul');
      for (const e of evidence) {
        list.appendChild(el('li', null, [e.id, objectPath(e.object), e.reason, e.message].filter(Boolean).join(' · ')));
      }
      for (const command of commands) {
        const li = el('li');
        li.appendChild(el('code', null, command));
        list.appendChild(li);
      }
      more.appendChild(list);
      item.appendChild(more);
    }
    return item;
  }

  function showInsight(insight, fresh) {
    const key = insightKey(insight);
    if (seenInsights.has(key)) return;
    seenInsights.add(key);
    const item = renderInsight(insight);
    if (fresh) {
      item.classList.add('fresh');
      insightList.prepend(item);
    } else {
      insightList.appendChild(item);
    }
    while (insightList.children.length > MAX_INSIGHTS_SHOWN) insightList.lastElementChild.remove();
    updateInsightStatus();
  }

  function updateInsightStatus() {
    const n = insightList.children.length;
    insightCount.textContent = String(n);
    insightStatus.textContent = n === 0 ? 'Nothing noteworthy in the last 24 hours.' : '';
    insightStatus.hidden = n !== 0;
  }

  async function loadInsights() {
    try {
      const response = await fetch('/api/insights', { headers: { 'Accept': 'application/json' } });
      if (!response.ok) throw new Error(await problemText(response));
      const insights = await response.json();
      for (const insight of insights) showInsight(insight, false); // already newest first
      updateInsightStatus();
    } catch (e) {
      insightStatus.textContent = 'Insights are unavailable: ' + e.message;
      insightStatus.hidden = false;
    }
  }

  function followInsights() {
    const source = new EventSource('/api/insights/stream');
    source.addEventListener('insight', (event) => showInsight(JSON.parse(event.data), true));
    // EventSource reconnects by itself after errors and when the server ends a stream
  }

  function setInsightsOpen(open) {
    document.body.classList.toggle('show-insights', open);
    insightsToggle.setAttribute('aria-expanded', String(open));
  }

  insightsToggle.addEventListener('click', () => setInsightsOpen(!document.body.classList.contains('show-insights')));
  document.getElementById('insights-close').addEventListener('click', () => setInsightsOpen(false));

  loadInsights().then(followInsights);
  input.focus();
})();
