// clusterwise chat page. Every piece of text from the user, the model or the cluster reaches the page as text: plain
// text through textContent / createTextNode (here and in views.js, which shows findings, evidence, incidents and the
// model banner), answers through markdown.js, whose tree of known tags is turned into elements here with
// createElement only (no attributes, no URLs). Nothing typed or reported can become markup.
'use strict';

(function () {
  const CONVERSATION_KEY = 'clusterwise.conversationId';
  const TOKEN_KEY = 'clusterwise.token';
  const MAX_INSIGHTS_SHOWN = 200;
  const MUTE_TTL = 'PT24H';
  const RECONNECT_MS = 2000;
  const MODELS_POLL_MS = 15000;
  const Markdown = window.ClusterwiseMarkdown;
  const Views = window.ClusterwiseViews.create(document);
  const { el, objectPath, when } = Views;

  const conversation = document.getElementById('conversation');
  const form = document.getElementById('ask');
  const input = document.getElementById('question');
  const sendButton = document.getElementById('send');
  const emptyHint = document.getElementById('empty-hint');
  const modelBanner = document.getElementById('model-banner');
  const tokenForm = document.getElementById('token-form');
  const tokenInput = document.getElementById('token');

  // ---------- small helpers ----------

  function scrollToEnd() {
    conversation.scrollTop = conversation.scrollHeight;
  }

  function delay(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  // ---------- Markdown: markdown.js's tree → elements from this fixed list, text as text nodes ----------

  const ELEMENTS = {
    p: 'p', h3: 'h3', h4: 'h4', h5: 'h5', ul: 'ul', ol: 'ol', li: 'li', blockquote: 'blockquote', pre: 'pre',
    code: 'code', strong: 'strong', em: 'em', br: 'br', cite: 'span'
  };

  function toDom(node) {
    if (typeof node === 'string') return document.createTextNode(node);
    const tag = ELEMENTS[node.tag];
    if (!tag) return document.createTextNode('');
    const element = document.createElement(tag);
    if (node.tag === 'cite') element.className = 'tag cite';
    for (const child of node.children) element.appendChild(toDom(child));
    return element;
  }

  function showMarkdown(container, text) {
    container.replaceChildren(...Markdown.render(text).map(toDom));
  }

  // ---------- the API, with the optional bearer token ----------

  function authorized(headers) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = 'Bearer ' + token;
    return headers;
  }

  let tokenWaiters = [];

  function askForToken() {
    tokenForm.hidden = false;
    tokenInput.focus();
    return new Promise((resolve) => tokenWaiters.push(resolve));
  }

  tokenForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = tokenInput.value.trim();
    if (token === '') return;
    sessionStorage.setItem(TOKEN_KEY, token);
    tokenInput.value = '';
    tokenForm.hidden = true;
    const waiters = tokenWaiters;
    tokenWaiters = [];
    waiters.forEach((resolve) => resolve());
    input.focus();
  });

  async function api(url, options) {
    const init = Object.assign({}, options || {});
    init.headers = authorized(Object.assign({}, init.headers || {}));
    const response = await fetch(url, init);
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      askForToken();
    }
    return response;
  }

  async function problemOf(response) {
    try {
      return await response.json();
    } catch (e) {
      return { title: 'HTTP ' + response.status, detail: 'HTTP ' + response.status + ' ' + response.statusText };
    }
  }

  async function problemText(response) {
    const problem = await problemOf(response);
    return problem.detail || problem.title || ('HTTP ' + response.status);
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

  async function readEvents(response, onEvent) {
    const parser = sseParser(onEvent);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(value);
    }
    parser.end();
  }

  // ---------- one question and its answer ----------

  function addUserTurn(question) {
    const turn = el('article', 'turn user');
    turn.appendChild(el('div', 'bubble', question));
    conversation.appendChild(turn);
  }

  // ---------- the model banner: GET /api/models, polled, and the page's own latest answer ----------

  let models = null; // the latest body of GET /api/models, null while unknown
  let lastAnswer = null; // {mode, notice, at} of the latest complete answer

  function showModelBanner() {
    Views.showModelBanner(modelBanner, window.ClusterwiseViews.modelBannerView(models, lastAnswer));
  }

  async function refreshModels() {
    try {
      const response = await api('/api/models', { headers: { 'Accept': 'application/json' } });
      models = response.ok ? await response.json() : null;
    } catch (e) {
      models = null; // the banner then goes by the answers alone
    }
    showModelBanner();
  }

  function showModelState(reply) {
    lastAnswer = { mode: reply.mode, notice: reply.notice, at: Date.now() };
    showModelBanner();
    if (reply.mode === 'FINDINGS_ONLY') refreshModels(); // say what is wrong and what to do, as the workers report it
  }

  function addAgentTurn() {
    const turn = el('article', 'turn agent');
    const banner = el('div', 'banner');
    banner.hidden = true;
    const bubble = el('div', 'bubble answer markdown streaming');
    const details = el('div', 'details');
    const footnote = el('div', 'footnote');
    turn.append(banner, bubble, details, footnote);
    conversation.appendChild(turn);
    let text = '';
    let redraw = false;
    return {
      append(more) {
        text += more;
        if (redraw) return;
        redraw = true;
        requestAnimationFrame(() => {
          redraw = false;
          showMarkdown(bubble, text);
          scrollToEnd();
        });
      },
      restart(message) {
        // another worker answers the question anew: the partial answer so far is void
        text = '';
        showMarkdown(bubble, text);
        this.notice('info', message || 'The answer starts again.');
      },
      notice(kind, message) {
        banner.className = 'banner ' + kind;
        banner.textContent = message;
        banner.hidden = false;
      },
      stop() {
        bubble.classList.remove('streaming');
        if (text === '') bubble.hidden = true;
      },
      complete(reply) {
        text = reply.answer || '';
        showMarkdown(bubble, text);
        this.stop();
        showModelState(reply);
        if (reply.mode === 'FINDINGS_ONLY') {
          this.notice('warn', 'Model unavailable — findings-only answer: ' + (reply.notice || 'no reason given'));
        }
        if ((reply.findings || []).length > 0) details.appendChild(Views.findingsSection(reply.findings));
        if ((reply.evidence || []).length > 0) details.appendChild(Views.evidenceSection(reply.evidence));
        footnote.textContent = reply.mode === 'MODEL' && reply.model ? 'answered by ' + reply.model : '';
      }
    };
  }

  function postQuestion(question, conversationId) {
    const body = { question };
    if (conversationId) body.conversationId = conversationId;
    return api('/api/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'text/event-stream, application/problem+json' },
      body: JSON.stringify(body)
    });
  }

  async function ask(question) {
    if (emptyHint) emptyHint.remove();
    addUserTurn(question);
    const answer = addAgentTurn();
    scrollToEnd();
    let finished = false;
    try {
      const conversationId = sessionStorage.getItem(CONVERSATION_KEY);
      let response = await postQuestion(question, conversationId);
      if (response.status === 400 && conversationId) {
        const problem = await problemOf(response.clone());
        if (problem.title === 'Unknown conversation') {
          // this gateway no longer knows the conversation (restart, idle, another replica): start a new one
          sessionStorage.removeItem(CONVERSATION_KEY);
          answer.notice('info', 'The gateway no longer knew this conversation; it starts anew from this question.');
          response = await postQuestion(question, null);
        }
      }
      if (!response.ok) {
        answer.stop();
        answer.notice('bad', await problemText(response));
        finished = true;
        return;
      }
      await readEvents(response, ({ event, data }) => {
        const payload = JSON.parse(data);
        switch (event) {
          case 'meta':
            sessionStorage.setItem(CONVERSATION_KEY, payload.conversationId);
            break;
          case 'restart':
            answer.restart(payload.message);
            break;
          case 'chunk':
            answer.append(payload.text);
            break;
          case 'complete':
            answer.complete(payload);
            finished = true;
            break;
          case 'timeout':
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

  // ---------- diagnose: the incidents of a namespace (GET /api/diagnose), picked from GET /api/namespaces ----------

  const diagnoseForm = document.getElementById('diagnose-form');
  const namespacePicker = document.getElementById('namespace');
  const diagnoseButton = document.getElementById('diagnose');
  const NAMESPACES_STALE_MS = 60000;
  let namespacesLoadedAt = 0; // 0 until a list came

  async function loadNamespaces() {
    try {
      const response = await api('/api/namespaces', { headers: { 'Accept': 'application/json' } });
      if (!response.ok) throw new Error(await problemText(response));
      const chosen = namespacePicker.value;
      const options = [el('option', null, 'All namespaces')];
      options[0].value = '';
      for (const name of (await response.json()).namespaces || []) {
        const option = el('option', null, name);
        option.value = name;
        options.push(option);
      }
      namespacePicker.replaceChildren(...options);
      namespacePicker.value = options.some((o) => o.value === chosen) ? chosen : '';
      namespacePicker.title = '';
      namespacesLoadedAt = Date.now();
    } catch (e) {
      namespacePicker.title = 'Could not list the namespaces: ' + e.message;
    }
  }

  async function diagnose(namespace) {
    if (emptyHint) emptyHint.remove();
    const turn = el('article', 'turn agent diagnosis');
    const where = namespace ? 'namespace ' + namespace : 'the whole cluster';
    const status = el('div', 'banner info', 'Diagnosing ' + where + '…');
    turn.appendChild(status);
    conversation.appendChild(turn);
    scrollToEnd();
    try {
      const query = namespace ? '?namespace=' + encodeURIComponent(namespace) : '';
      const response = await api('/api/diagnose' + query, { headers: { 'Accept': 'application/json' } });
      if (!response.ok) {
        status.className = 'banner bad';
        status.textContent = await problemText(response);
        return;
      }
      turn.replaceChildren(Views.diagnosisSection(await response.json()));
    } catch (e) {
      status.className = 'banner bad';
      status.textContent = 'The connection to the gateway failed: ' + e.message;
    } finally {
      scrollToEnd();
    }
  }

  diagnoseForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (diagnoseButton.disabled) return;
    diagnoseButton.disabled = true;
    try {
      await diagnose(namespacePicker.value);
    } finally {
      diagnoseButton.disabled = false;
    }
  });

  namespacePicker.addEventListener('focus', () => {
    if (Date.now() - namespacesLoadedAt > NAMESPACES_STALE_MS) loadNamespaces();
  });

  document.getElementById('new-conversation').addEventListener('click', () => {
    sessionStorage.removeItem(CONVERSATION_KEY);
    conversation.replaceChildren();
    input.focus();
  });

  // ---------- mutes (agent.suppressions through /api/suppressions) ----------

  const mutes = new Map(); // id → Suppression
  const muteViews = new Set(); // refresh functions of the insight items on the page

  function globMatches(pattern, fingerprint) {
    const regex = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    return new RegExp('^' + regex + '$', 's').test(fingerprint);
  }

  function muteFor(fingerprint) {
    const now = Date.now();
    for (const s of mutes.values()) {
      if (new Date(s.expiresAt).getTime() <= now) continue;
      if (s.fingerprint ? s.fingerprint === fingerprint : globMatches(s.pattern || '', fingerprint)) return s;
    }
    return null;
  }

  function refreshMutes() {
    muteViews.forEach((refresh) => refresh());
  }

  async function loadMutes() {
    try {
      const response = await api('/api/suppressions', { headers: { 'Accept': 'application/json' } });
      if (!response.ok) return;
      mutes.clear();
      for (const s of await response.json()) mutes.set(s.id, s);
      refreshMutes();
    } catch (e) {
      // the list only marks what is muted; the page works without it
    }
  }

  async function toggleMute(fingerprint, status) {
    const current = muteFor(fingerprint);
    status.textContent = current ? 'Unmuting…' : 'Muting…';
    try {
      if (current) {
        const response = await api('/api/suppressions/' + encodeURIComponent(current.id), { method: 'DELETE' });
        if (!response.ok) throw new Error(await problemText(response));
        mutes.delete(current.id);
      } else {
        const response = await api('/api/suppressions', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
          body: JSON.stringify({ fingerprint, reason: 'muted from the chat page', ttl: MUTE_TTL })
        });
        if (!response.ok) throw new Error(await problemText(response));
        const created = await response.json();
        mutes.set(created.id, created);
      }
      refreshMutes();
    } catch (e) {
      refreshMutes();
      status.textContent = 'Could not change the mute: ' + e.message;
    }
  }

  function muteControls(item, fingerprint) {
    const row = el('div', 'mute-row');
    const button = el('button', 'mute ghost small');
    button.type = 'button';
    const status = el('span', 'mute-state');
    row.append(button, status);
    const refresh = () => {
      const mute = muteFor(fingerprint);
      item.classList.toggle('muted', mute !== null);
      button.textContent = mute ? 'Unmute' : 'Mute 24 h';
      button.setAttribute('aria-pressed', String(mute !== null));
      status.textContent = mute ? 'muted until ' + when(mute.expiresAt) : '';
    };
    button.addEventListener('click', () => toggleMute(fingerprint, status));
    muteViews.add(refresh);
    refresh();
    return { row, forget: () => muteViews.delete(refresh) };
  }

  // ---------- insights side panel ----------

  const insightList = document.getElementById('insights');
  const insightStatus = document.getElementById('insights-status');
  const insightCount = document.getElementById('insights-count');
  const insightsToggle = document.getElementById('insights-toggle');
  const seenInsights = new Set();
  const forgetters = new WeakMap();

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
    const seen = [when(insight.detectedAt)];
    if (insight.count > 1) seen.push('seen ×' + insight.count);
    item.appendChild(el('div', 'when', seen.join(' · ')));
    if (insight.explanation) {
      const explanation = el('div', 'explanation markdown');
      showMarkdown(explanation, insight.explanation);
      item.appendChild(explanation);
    }
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
    if (insight.fingerprint) {
      const controls = muteControls(item, insight.fingerprint);
      item.appendChild(controls.row);
      forgetters.set(item, controls.forget);
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
    while (insightList.children.length > MAX_INSIGHTS_SHOWN) {
      const last = insightList.lastElementChild;
      (forgetters.get(last) || (() => {}))();
      last.remove();
    }
    updateInsightStatus();
  }

  function updateInsightStatus() {
    const n = insightList.children.length;
    insightCount.textContent = String(n);
    insightStatus.textContent = n === 0 ? 'Nothing noteworthy in the last 24 hours.' : '';
    insightStatus.hidden = n !== 0;
  }

  async function loadInsights() {
    const response = await api('/api/insights', { headers: { 'Accept': 'application/json' } });
    if (!response.ok) throw new Error(await problemText(response));
    const insights = await response.json();
    // newest first from the server; shown in that order below anything already on the page
    for (const insight of insights) showInsight(insight, false);
    updateInsightStatus();
  }

  /** Recent insights and mutes, then new insights as they come; after any break, the same again. */
  async function followInsights() {
    for (;;) {
      try {
        await loadInsights();
        await loadMutes();
        const response = await api('/api/insights/stream', { headers: { 'Accept': 'text/event-stream' } });
        if (response.status === 401) {
          await askForToken();
          continue;
        }
        if (response.ok) {
          await readEvents(response, ({ event, data }) => {
            if (event === 'insight') showInsight(JSON.parse(data), true);
          });
        }
      } catch (e) {
        insightStatus.textContent = 'Insights are unavailable: ' + e.message;
        insightStatus.hidden = false;
      }
      await delay(RECONNECT_MS);
    }
  }

  function setInsightsOpen(open) {
    document.body.classList.toggle('show-insights', open);
    insightsToggle.setAttribute('aria-expanded', String(open));
  }

  insightsToggle.addEventListener('click', () => setInsightsOpen(!document.body.classList.contains('show-insights')));
  document.getElementById('insights-close').addEventListener('click', () => setInsightsOpen(false));

  followInsights();
  loadNamespaces();
  refreshModels();
  setInterval(refreshModels, MODELS_POLL_MS);
  input.focus();
})();
