// clusterwise's tiny Markdown renderer. It never produces HTML: render(text) returns a tree of plain objects, where
// a node is either a string (text, shown as text) or {tag, children} with tag from TAGS. The page turns the tree into
// DOM nodes with createElement/createTextNode only, so nothing in the text — a model's answer, a user's question, a
// cluster event — can become markup, an attribute or a URL. Links are shown as "text (url)" and never clickable.
// Supported: paragraphs and line breaks, # headings, - / * / 1. lists, > quotes, ``` fenced code, `code`,
// **bold**, *em* / _em_, and citations [E1] (tag "cite"). Anything else stays text. Works on partial text while an
// answer streams in (an unclosed fence is code up to the end).
(function (root) {
  'use strict';

  const TAGS = Object.freeze(['p', 'h3', 'h4', 'h5', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'strong', 'em',
    'br', 'cite']);

  function node(tag, children) {
    return { tag, children };
  }

  // ---------- inline ----------

  const INLINE_SOURCE = [
    '`([^`\\n]+)`',                                 // 1: code
    '\\*\\*(?=\\S)([^*]*?\\S)\\*\\*',               // 2: bold
    '__(?=\\S)([^_]*?\\S)__',                       // 3: bold
    '\\*(?=[^\\s*])([^*\\n]*?[^\\s*])\\*',          // 4: em
    '(?<![A-Za-z0-9_])_(?=[^\\s_])([^_\\n]*?[^\\s_])_(?![A-Za-z0-9_])', // 5: em (not inside snake_case)
    '\\[(E\\d{1,4})\\]',                            // 6: citation
    '\\[([^\\]\\n]+)\\]\\(([^)\\s]+)\\)'            // 7, 8: link, shown as text
  ].join('|');

  function inline(text) {
    const out = [];
    let last = 0;
    const pattern = new RegExp(INLINE_SOURCE, 'g'); // one per call: inline() recurses
    let m;
    while ((m = pattern.exec(text)) !== null) {
      if (m.index > last) out.push(text.slice(last, m.index));
      if (m[1] !== undefined) out.push(node('code', [m[1]]));
      else if (m[2] !== undefined) out.push(node('strong', inline(m[2])));
      else if (m[3] !== undefined) out.push(node('strong', inline(m[3])));
      else if (m[4] !== undefined) out.push(node('em', inline(m[4])));
      else if (m[5] !== undefined) out.push(node('em', inline(m[5])));
      else if (m[6] !== undefined) out.push(node('cite', [m[6]]));
      else out.push(m[7] + ' (' + m[8] + ')');
      last = pattern.lastIndex;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  function lines(list) {
    const out = [];
    list.forEach((line, i) => {
      if (i > 0) out.push(node('br', []));
      out.push(...inline(line));
    });
    return out;
  }

  // ---------- blocks ----------

  const FENCE = /^\s*```/;
  const HEADING = /^(#{1,6})\s+(.*)$/;
  const BULLET = /^\s*[-*+]\s+(.*)$/;
  const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;
  const QUOTE = /^\s*>\s?(.*)$/;

  function render(markdown) {
    const source = String(markdown === undefined || markdown === null ? '' : markdown).replace(/\r\n?/g, '\n');
    const all = source.split('\n');
    const blocks = [];
    let paragraph = [];

    function endParagraph() {
      if (paragraph.length > 0) blocks.push(node('p', lines(paragraph)));
      paragraph = [];
    }

    for (let i = 0; i < all.length; i++) {
      const line = all[i];
      if (FENCE.test(line)) {
        endParagraph();
        const code = [];
        for (i++; i < all.length && !FENCE.test(all[i]); i++) code.push(all[i]);
        blocks.push(node('pre', [node('code', [code.join('\n')])]));
        continue;
      }
      if (line.trim() === '') {
        endParagraph();
        continue;
      }
      const heading = HEADING.exec(line);
      if (heading) {
        endParagraph();
        const tag = heading[1].length === 1 ? 'h3' : heading[1].length === 2 ? 'h4' : 'h5';
        blocks.push(node(tag, inline(heading[2])));
        continue;
      }
      const listKind = BULLET.test(line) ? 'ul' : NUMBERED.test(line) ? 'ol' : null;
      if (listKind) {
        endParagraph();
        const pattern = listKind === 'ul' ? BULLET : NUMBERED;
        const items = [];
        for (; i < all.length && pattern.test(all[i]); i++) items.push(node('li', inline(pattern.exec(all[i])[1])));
        i--;
        blocks.push(node(listKind, items));
        continue;
      }
      if (QUOTE.test(line)) {
        endParagraph();
        const quoted = [];
        for (; i < all.length && QUOTE.test(all[i]); i++) quoted.push(QUOTE.exec(all[i])[1]);
        i--;
        blocks.push(node('blockquote', lines(quoted)));
        continue;
      }
      paragraph.push(line);
    }
    endParagraph();
    return blocks;
  }

  const api = Object.freeze({ render, TAGS });
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.ClusterwiseMarkdown = api;
})(typeof window !== 'undefined' ? window : globalThis);
