// Drives Debian's chromium (no browser download) with playwright-core against a running clusterwise stack.
// Run by io.clusterwise.devstack.browser.BrowserChatTest, which starts the stack and passes:
//   GATEWAY_URL    the chat gateway, e.g. http://localhost:41234
//   CHROMIUM_PATH  the browser binary (default /usr/bin/chromium)
//   SCREENSHOTS    directory for screenshots (devstack/target/browser)
//   PHASE          "model": ask, see the streamed Markdown answer and its evidence, no XSS, keyboard use, an
//                  insight appears and is muted, Diagnose shows a namespace's incidents with log lines;
//                  "findings": the model is down, the banner shows and says what to do
// Exits 0 when every check passed; otherwise prints what failed and exits 1.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const GATEWAY_URL = process.env.GATEWAY_URL;
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOTS = process.env.SCREENSHOTS || 'target/browser';
const PHASE = process.env.PHASE || 'model';
const WAIT = 60_000;
const XSS_QUESTION = 'why is greeter failing? <script>window.__xss = "script"</script>'
  + '<img src="x" onerror="window.__xss = \'img\'">';
// the launch options the issue names; only a fresh profile directory is added (and the pipe Playwright talks over)
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

function check(condition, message) {
  if (!condition) throw new Error('check failed: ' + message);
  console.log('ok - ' + message);
}

async function noScriptRan(page, where) {
  const injected = await page.evaluate(() => ({
    flag: window.__xss === undefined && window.xssFired === undefined ? null
      : String(window.__xss) + '/' + String(window.xssFired),
    elements: document.querySelectorAll('#conversation script, #conversation img, #insights script, #insights img').length
  }));
  check(injected.flag === null, `no injected script ran (${where})`);
  check(injected.elements === 0, `no <script>/<img> from text in the page (${where})`);
}

async function modelPhase(page) {
  await page.goto(GATEWAY_URL);
  const input = page.locator('#question');
  await input.waitFor();
  check(await page.locator('#token-form').isHidden(), 'no access-token prompt while auth is off');

  // keyboard: Shift+Enter is a new line, not a send
  await input.click();
  await page.keyboard.type('first line');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('second line');
  check((await input.inputValue()) === 'first line\nsecond line', 'Shift+Enter starts a new line');
  check((await page.locator('.turn.user').count()) === 0, 'Shift+Enter sends nothing');
  await input.fill('');

  // Enter sends; the answer streams in as Markdown before it completes
  await input.click();
  await page.keyboard.type(XSS_QUESTION);
  await page.keyboard.press('Enter');
  await page.locator('.turn.user .bubble').waitFor({ timeout: WAIT });
  check((await page.locator('.turn.user .bubble').textContent()) === XSS_QUESTION,
    'the question is shown as the text typed, markup and all');
  await page.waitForFunction(() => {
    const bubble = document.querySelector('.turn.agent .answer.streaming');
    return bubble !== null && bubble.textContent.trim().length > 0;
  }, null, { timeout: WAIT });
  const partial = await page.locator('.turn.agent .answer').textContent();
  console.log('ok - part of the answer is shown while it streams: ' + JSON.stringify(partial));
  await page.locator('.turn.agent .answer:not(.streaming)').waitFor({ timeout: WAIT });
  const answer = page.locator('.turn.agent .answer');
  check((await answer.locator('strong').first().textContent()) === 'greeter', 'Markdown **bold** is rendered');
  check((await answer.locator('code').first().textContent()) === 'CrashLoopBackOff', 'Markdown `code` is rendered');
  check((await answer.locator('li').count()) === 2, 'a Markdown list is rendered');
  const answerText = await answer.textContent();
  console.log('answer text: ' + JSON.stringify(answerText));
  check(answerText.includes('<img src=x onerror=window.xssFired=1>'), 'markup in the answer is shown as text');
  check(answerText.includes('<script>window.xssFired=2</script>'), 'a script in the answer is shown as text');
  const evidence = page.locator('.turn.agent .evidence li');
  await evidence.first().waitFor({ timeout: WAIT });
  check((await evidence.count()) > 0, 'evidence is listed under the answer');
  check((await page.locator('.turn.agent .evidence').textContent()).includes('greeter'), 'the evidence names greeter');
  check(await page.locator('#model-banner').isHidden(), 'no findings-only banner for a model answer');
  await noScriptRan(page, 'after the answer');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'chat-390x844.png'), fullPage: true });

  // the insight about the seeded crash loop appears in the panel (behind the Insights button at phone width)
  await page.locator('#insights-toggle').click();
  const insight = page.locator('#insights .insight', { hasText: 'greeter' }).first();
  await insight.waitFor({ timeout: WAIT });
  check(await insight.isVisible(), 'an insight about greeter is shown');
  await insight.locator('button.mute').click();
  await page.locator('#insights .insight.muted', { hasText: 'greeter' }).first().waitFor({ timeout: WAIT });
  check((await insight.locator('button.mute').textContent()) === 'Unmute', 'the muted insight offers Unmute');
  check((await insight.locator('.explanation script, .explanation img').count()) === 0,
    'the model-written explanation of the insight is rendered as text-only Markdown');
  const listed = await page.evaluate(async () => (await (await fetch('/api/suppressions')).json()));
  console.log('ok - suppressions now: ' + JSON.stringify(listed.map((s) => s.fingerprint || s.pattern)));
  await noScriptRan(page, 'with the insights open');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'insights-muted-390x844.png'), fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, `nothing is wider than the phone screen (scrollWidth ${width})`);
  // the same page on a desktop: chat and insights side by side
  await page.setViewportSize({ width: 1280, height: 800 });
  check(await page.locator('#insights-panel').isVisible(), 'the insights panel sits beside the chat on a desktop');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'desktop-1280x800.png') });

  // Diagnose: pick the namespace, see its incidents with the crash-looping container's last log lines
  // (ingest reads them from the simulated cluster's pods/log; they may take a moment to reach the worker)
  await page.locator('#namespace option[value="demo"]').waitFor({ state: 'attached', timeout: WAIT });
  await page.locator('#namespace').selectOption('demo');
  let logText = '';
  for (let attempt = 0; attempt < 15 && !logText.includes('panic: database'); attempt++) {
    if (attempt > 0) await page.waitForTimeout(2000);
    const before = await page.locator('article.diagnosis').count();
    await page.locator('#diagnose').click();
    await page.waitForFunction((n) => document.querySelectorAll('article.diagnosis').length > n, before,
      { timeout: WAIT });
    const diagnosis = page.locator('article.diagnosis').last();
    logText = (await diagnosis.locator('pre.log').allTextContents()).join('\n');
  }
  const diagnosis = page.locator('article.diagnosis').last();
  check((await diagnosis.locator('h3').textContent()).includes('demo'), 'the diagnosis names the namespace');
  check((await diagnosis.locator('li.incident', { hasText: 'greeter' }).count()) > 0,
    'the diagnosis lists the greeter incident');
  check(logText.includes('panic: database greeter-db.demo.svc unreachable'),
    'the diagnosis shows the last log lines of the crash-looping container');
  check(!logText.includes('hunter2-prod-secret'), 'the password in those log lines is redacted');
  await noScriptRan(page, 'after the diagnosis');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'diagnose-1280x800.png'), fullPage: true });
}

async function findingsPhase(page) {
  await page.goto(GATEWAY_URL);
  await page.locator('#question').fill('what is wrong with greeter?');
  await page.locator('#send').click();
  await page.locator('.turn.agent .answer:not(.streaming)').waitFor({ timeout: WAIT });
  const banner = page.locator('#model-banner');
  await banner.waitFor({ state: 'visible', timeout: WAIT });
  check((await banner.textContent()).startsWith('Model unavailable — findings only.'),
    'the findings-only banner shows: ' + JSON.stringify(await banner.textContent()));
  check((await page.locator('.turn.agent .findings li').count()) > 0, 'the findings are listed');
  // the workers' report on agent.models says what is wrong and what to do
  await page.waitForFunction(() => {
    const action = document.querySelector('#model-banner .model-banner-action');
    return action !== null && action.textContent.includes('ollama serve');
  }, null, { timeout: WAIT });
  console.log('ok - the banner says what to do: ' + JSON.stringify(await banner.textContent()));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'findings-only-390x844.png'), fullPage: true });
}

async function main() {
  if (!GATEWAY_URL) throw new Error('GATEWAY_URL is not set');
  mkdirSync(SCREENSHOTS, { recursive: true });
  const profile = mkdtempSync(path.join(tmpdir(), 'clusterwise-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    ignoreDefaultArgs: true,
    args: [...ARGS, '--user-data-dir=' + profile, '--remote-debugging-pipe', 'about:blank'],
    timeout: WAIT
  });
  const errors = [];
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => { errors.push('a dialog opened: ' + d.message()); d.dismiss(); });
    if (PHASE === 'findings') await findingsPhase(page);
    else await modelPhase(page);
    check(errors.length === 0, 'no script errors and no dialogs in the page ' + JSON.stringify(errors));
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().then(() => {
  console.log(`browser test (${PHASE}): all checks passed`);
}, (e) => {
  console.error(`browser test (${PHASE}) FAILED: ${e.stack || e}`);
  process.exit(1);
});
