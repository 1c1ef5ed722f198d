// How the chat page shows what the gateway reports: findings and evidence under an answer, the incidents of a
// diagnosis, and the model banner. Every text from the cluster, the model or the workers goes in as text
// (textContent / createTextNode) into elements made with createElement: nothing here can become markup, an
// attribute or a URL. A container's log lines are shown as a preformatted block, still as text.
// create(document) returns the functions bound to a document (the page's own; node's tests pass a small fake one).
(function (root) {
  'use strict';

  /** The model states in which answers come from the analyzers alone (ModelStatus.State). */
  const UNAVAILABLE = Object.freeze(['NOT_PULLED', 'FAILING', 'UNREACHABLE']);
  const FINDINGS_ONLY_TITLE = 'Model unavailable — findings only.';
  const UNKNOWN_TITLE = 'Model status unknown.';

  /**
   * What the model banner should say, or null to hide it. The newer evidence wins: a report from /api/models made
   * after the page's last answer decides; an answer newer than the report (or with no report time) decides instead —
   * one from the model hides the banner, a findings-only one shows it (with the report's explanation if it has one).
   *
   * @param models     the body of GET /api/models, or null when it could not be read
   * @param lastAnswer {mode, notice, at} of the page's latest complete answer (at = Date.now() then), or null
   * @returns {{kind: string, title: string, detail: string, action: (string|null)}|null}
   */
  function modelBannerView(models, lastAnswer) {
    const reportedAt = models && models.checkedAt ? Date.parse(models.checkedAt) : NaN;
    const unavailable = models && UNAVAILABLE.includes(models.state);
    const fromReport = () => ({
      kind: 'warn', title: FINDINGS_ONLY_TITLE,
      detail: models.detail || ('the agent-worker reports its model as ' + models.state),
      action: models.action || null
    });
    if (lastAnswer && !(reportedAt > lastAnswer.at)) {
      if (lastAnswer.mode === 'MODEL') return null;
      if (lastAnswer.mode === 'FINDINGS_ONLY') {
        return unavailable ? fromReport() : {
          kind: 'warn', title: FINDINGS_ONLY_TITLE,
          detail: lastAnswer.notice || 'the last answer came from the analyzers alone', action: null
        };
      }
    }
    if (!models || models.state === 'READY') return null;
    if (unavailable) return fromReport();
    return {
      kind: 'unknown', title: UNKNOWN_TITLE, detail: models.detail || 'no agent-worker has reported on its model',
      action: models.action || null
    };
  }

  function create(doc) {
    function el(tag, className, text) {
      const node = doc.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined && text !== null) node.textContent = String(text);
      return node;
    }

    function text(value) {
      return doc.createTextNode(String(value));
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

    function severityOf(value) {
      const severity = String(value || 'info').toLowerCase();
      return ['critical', 'warning', 'info'].includes(severity) ? severity : 'info';
    }

    /** An evidence message: a container's log lines (several lines, or reason ContainerLog) as a preformatted block. */
    function message(value, reason) {
      const textValue = String(value);
      if (reason === 'ContainerLog' || /\r|\n/.test(textValue)) return el('pre', 'log', textValue);
      return el('div', 'message', textValue);
    }

    // ---------- under an answer ----------

    function findingsSection(findings) {
      const section = el('section', 'findings');
      section.appendChild(el('h3', null, 'Findings'));
      const list = el('ul');
      for (const f of findings) {
        const item = el('li');
        const severity = severityOf(f.severity);
        item.appendChild(el('span', 'sev-' + severity, severity.toUpperCase()));
        item.appendChild(text(' '));
        item.appendChild(el('span', 'object', objectPath(f.object)));
        item.appendChild(text(' — ' + (f.summary || f.reason || '')));
        if (f.count > 1) item.appendChild(text(' (×' + f.count + ')'));
        for (const id of f.evidenceIds || []) {
          item.appendChild(text(' '));
          item.appendChild(el('span', 'tag', id));
        }
        list.appendChild(item);
      }
      section.appendChild(list);
      return section;
    }

    function evidenceSection(evidence) {
      const section = el('section', 'evidence');
      section.appendChild(el('h3', null, 'Evidence'));
      const list = el('ul');
      for (const e of evidence) {
        const item = el('li');
        if (e.id) item.appendChild(el('span', 'tag', e.id));
        item.appendChild(el('span', 'object', objectPath(e.object)));
        if (e.reason) item.appendChild(text(' · ' + e.reason));
        if (e.time) {
          item.appendChild(text(' · '));
          item.appendChild(el('span', 'when', when(e.time)));
        }
        if (e.message) item.appendChild(message(e.message, e.reason));
        list.appendChild(item);
      }
      section.appendChild(list);
      return section;
    }

    // ---------- a diagnosis (GET /api/diagnose) ----------

    function incidentItem(incident, wholeCluster) {
      const severity = severityOf(incident.severity);
      const item = el('li', 'incident level-' + severity);
      const head = el('div', 'incident-head');
      head.appendChild(el('span', 'sev-' + severity, severity.toUpperCase()));
      head.appendChild(text(' '));
      const subject = wholeCluster && incident.namespace
        ? `${incident.kind}/${incident.namespace}/${incident.name}` : `${incident.kind}/${incident.name}`;
      head.appendChild(el('span', 'object', subject));
      if (incident.reason) {
        head.appendChild(text(' · '));
        head.appendChild(el('span', 'reason', incident.reason));
      }
      if (incident.count > 1) head.appendChild(el('span', 'count-seen', ' ×' + incident.count));
      item.appendChild(head);
      if (incident.summary) item.appendChild(el('p', 'summary', incident.summary));
      const seen = [];
      if (incident.lastSeen) seen.push('last seen ' + when(incident.lastSeen));
      if (incident.scope > 1) seen.push(incident.scope + ' objects');
      if (seen.length > 0) item.appendChild(el('div', 'when', seen.join(' · ')));
      const lines = incident.evidence || [];
      if (lines.length > 0) {
        const list = el('ul', 'incident-evidence');
        for (const line of lines) {
          const li = el('li');
          if (line.object) li.appendChild(el('span', 'object', line.object));
          if (line.reason) li.appendChild(text(' · ' + line.reason));
          if (line.time) {
            li.appendChild(text(' · '));
            li.appendChild(el('span', 'when', when(line.time)));
          }
          if (line.message) li.appendChild(message(line.message, line.reason));
          list.appendChild(li);
        }
        item.appendChild(list);
      }
      return item;
    }

    /** The incidents of one diagnosis ({namespace, asOf, incidents}), most severe first as the worker sorted them. */
    function diagnosisSection(diagnosis) {
      const wholeCluster = !diagnosis.namespace;
      const where = wholeCluster ? 'the whole cluster' : 'namespace ' + diagnosis.namespace;
      const incidents = diagnosis.incidents || [];
      const section = el('section', 'diagnosis');
      const heading = el('h3', null, (incidents.length === 0 ? 'No incidents in ' : 'Incidents in ') + where);
      section.appendChild(heading);
      if (diagnosis.asOf) section.appendChild(el('div', 'when', 'as of ' + when(diagnosis.asOf)));
      if (incidents.length > 0) {
        const list = el('ol', 'incidents');
        for (const incident of incidents) list.appendChild(incidentItem(incident, wholeCluster));
        section.appendChild(list);
      }
      return section;
    }

    // ---------- the model banner ----------

    /** Fills the banner from modelBannerView(...), or hides it for null. */
    function showModelBanner(banner, view) {
      if (!view) {
        banner.hidden = true;
        banner.replaceChildren();
        return;
      }
      banner.className = 'model-banner ' + view.kind;
      const parts = [el('strong', 'model-banner-title', view.title), text(' '),
        el('span', 'model-banner-detail', view.detail)];
      if (view.action) {
        const action = el('span', 'model-banner-action', ' What to do: ');
        action.appendChild(el('code', null, view.action));
        parts.push(action);
      }
      banner.replaceChildren(...parts);
      banner.hidden = false;
    }

    return Object.freeze({
      el, objectPath, when, message, findingsSection, evidenceSection, diagnosisSection, showModelBanner
    });
  }

  const api = Object.freeze({ create, modelBannerView, UNAVAILABLE });
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.ClusterwiseViews = api;
})(typeof window !== 'undefined' ? window : globalThis);
