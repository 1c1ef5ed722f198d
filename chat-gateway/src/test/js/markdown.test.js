// Unit tests of static/markdown.js, run by node's own test runner (MarkdownRendererTest runs them in the build).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { render, TAGS } = require(path.join(__dirname, '../../main/resources/static/markdown.js'));

/** Every element node in the tree, depth first. */
function elements(tree) {
  const out = [];
  (function walk(nodes) {
    for (const n of nodes) {
      if (typeof n !== 'string') {
        out.push(n);
        walk(n.children);
      }
    }
  })(tree);
  return out;
}

function text(tree) {
  return tree.map((n) => (typeof n === 'string' ? n : n.tag === 'br' ? '\n' : text(n.children))).join('');
}

/** What a browser would show, serialized as HTML with every text escaped (as createTextNode does). */
function html(tree) {
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return tree.map((n) => (typeof n === 'string' ? escape(n) : `<${n.tag}>${html(n.children)}</${n.tag}>`)).join('');
}

function assertOnlyKnownTagsWithoutAttributes(tree) {
  for (const e of elements(tree)) {
    assert.ok(TAGS.includes(e.tag), `unexpected tag ${e.tag}`);
    assert.deepEqual(Object.keys(e).sort(), ['children', 'tag']);
  }
}

test('a script tag in the text stays text', () => {
  const tree = render('<script>alert(1)</script> and **<b>bold</b>**');
  assertOnlyKnownTagsWithoutAttributes(tree);
  assert.equal(text(tree), '<script>alert(1)</script> and <b>bold</b>');
  assert.equal(html(tree), '<p>&lt;script&gt;alert(1)&lt;/script&gt; and <strong>&lt;b&gt;bold&lt;/b&gt;</strong></p>');
});

test('an img with onerror stays text, also inside code, lists and quotes', () => {
  const attack = '<img src=x onerror="alert(1)">';
  const tree = render(`${attack}\n\n- ${attack}\n> ${attack}\n\n\`${attack}\`\n\`\`\`\n${attack}\n\`\`\``);
  assertOnlyKnownTagsWithoutAttributes(tree);
  assert.equal(elements(tree).filter((e) => e.tag === 'img').length, 0);
  assert.equal((text(tree).match(/<img src=x onerror="alert\(1\)">/g) || []).length, 5);
});

test('a link is shown as text with its URL, never as a link', () => {
  const tree = render('see [the docs](javascript:alert(1)) or [k8s](https://kubernetes.io)');
  assertOnlyKnownTagsWithoutAttributes(tree);
  assert.equal(text(tree), 'see the docs (javascript:alert(1)) or k8s (https://kubernetes.io)');
});

test('emphasis, code and citations become their elements', () => {
  const tree = render('The pod **greeter** is in `CrashLoopBackOff` *again* [E1][E2].');
  assert.deepEqual(tree, [{
    tag: 'p', children: ['The pod ', { tag: 'strong', children: ['greeter'] }, ' is in ',
      { tag: 'code', children: ['CrashLoopBackOff'] }, ' ', { tag: 'em', children: ['again'] }, ' ',
      { tag: 'cite', children: ['E1'] }, { tag: 'cite', children: ['E2'] }, '.']
  }]);
});

test('snake_case names are not emphasis', () => {
  assert.deepEqual(render('set max_connections and _this_'), [{
    tag: 'p', children: ['set max_connections and ', { tag: 'em', children: ['this'] }]
  }]);
});

test('headings, lists and paragraphs are blocks', () => {
  const tree = render('# Cause\nThe image is wrong.\nIt was pushed today.\n\n1. check the tag\n2. roll back\n\n- a\n* b');
  assert.deepEqual(tree.map((b) => b.tag), ['h3', 'p', 'ol', 'ul']);
  assert.deepEqual(tree[1].children, ['The image is wrong.', { tag: 'br', children: [] }, 'It was pushed today.']);
  assert.equal(tree[2].children.length, 2);
  assert.equal(text(tree[3].children), 'ab');
});

test('an unclosed fence while streaming is code up to the end', () => {
  const tree = render('Run:\n```\nkubectl -n demo describe pod greeter');
  assert.deepEqual(tree[1], { tag: 'pre', children: [{ tag: 'code', children: ['kubectl -n demo describe pod greeter'] }] });
});

test('empty or missing text renders nothing', () => {
  assert.deepEqual(render(''), []);
  assert.deepEqual(render(undefined), []);
  assert.deepEqual(render('\n\n  \n'), []);
});
